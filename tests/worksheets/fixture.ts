/** A facilitator and two participants in one group, for the worksheet tests (over createTestApp or the relay server). */
import type { TestClient } from '../helpers/test-app';

export async function groupOfThree(newClient: () => TestClient) {
  const facilitator = newClient();
  const facilitatorUser = await facilitator.signup('Fran');
  const group = (await facilitator.post('/api/groups', { name: 'Thursday CBT group', kind: 'cbt' })).body.group;
  const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
  const join = async (name: string) => {
    const client = newClient();
    const user = await client.signup(name);
    const accepted = await client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return { client, user };
  };
  const pat = await join('Pat');
  const sam = await join('Sam');
  return { facilitator, facilitatorUser, group, pat, sam };
}

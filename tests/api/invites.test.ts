import { describe, expect, it } from 'vitest';
import { type TestClient, useTestApp } from '../helpers/test-app';

const t = useTestApp({ env: { ORIGIN: 'https://groups.example.org' } });

async function facilitatorWithGroup(maxSize = 10) {
  const facilitator = t.client();
  await facilitator.signup('Fran');
  const group = (await facilitator.post('/api/groups', { name: 'Thursday DBT skills', kind: 'dbt', maxSize })).body.group;
  return { facilitator, group };
}

async function newPerson(name = 'Pat'): Promise<TestClient> {
  const client = t.client();
  await client.signup(name);
  return client;
}

describe('invites', () => {
  it('makes a link on the public origin, shown once, listed without its token', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const res = await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 3, expiresInHours: 48 });
    expect(res.status).toBe(201);
    expect(res.body.invite.url).toBe(`https://groups.example.org/invite/${res.body.invite.token}`);
    expect(new Date(res.body.invite.expiresAt).getTime() - t.clock.now.getTime()).toBe(48 * 3_600_000);
    const list = await facilitator.get(`/api/groups/${group.id}/invites`);
    expect(list.body.invites).toEqual([expect.objectContaining({ id: res.body.invite.id, maxUses: 3, uses: 0, status: 'active' })]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.invite.token);
  });

  it('shows the group and agreement to a signed-in invitee, and nothing to anyone else', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const { token } = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
    expect((await t.client().get(`/api/invites/${token}`)).status).toBe(401);
    const pat = await newPerson();
    const preview = await pat.get(`/api/invites/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      group: { name: 'Thursday DBT skills', agreementVersion: 1 },
      facilitators: [{ displayName: 'Fran', role: 'facilitator' }],
      full: false,
      alreadyMember: false
    });
    expect(preview.body.group.agreement.length).toBeGreaterThan(20);
  });

  it('joins the group as participant and records the accepted agreement text', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const { token } = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
    const pat = await newPerson();
    const res = await pat.post(`/api/invites/${token}/accept`, { agreementVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.body.membership).toEqual({ groupId: group.id, role: 'participant' });
    const me = (await pat.get('/api/me')).body.user;
    const acceptance = await t.store.members.latestAcceptance(group.id, me.id);
    expect(acceptance).toMatchObject({ agreementVersion: 1 });
    expect((await pat.get('/api/groups')).body.groups.map((g: { name: string }) => g.name)).toEqual(['Thursday DBT skills']);
    const log = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries;
    expect(log[0]).toMatchObject({ action: 'member.join', actorDisplayName: 'Pat' });
  });

  it('refuses accepting without having read the current agreement', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const { token } = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
    const pat = await newPerson();
    const missing = await pat.post(`/api/invites/${token}/accept`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields.agreementVersion).toBeDefined();
    await facilitator.patch(`/api/groups/${group.id}`, { agreement: 'A changed agreement.' });
    const stale = await pat.post(`/api/invites/${token}/accept`, { agreementVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('agreement_changed');
  });

  it('answers an expired link with 410 and reason expired', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const { token } = (await facilitator.post(`/api/groups/${group.id}/invites`, { expiresInHours: 0.25 })).body.invite;
    const pat = await newPerson();
    t.clock.advance(16 * 60_000);
    for (const res of [await pat.get(`/api/invites/${token}`), await pat.post(`/api/invites/${token}/accept`, { agreementVersion: 1 })]) {
      expect(res.status).toBe(410);
      expect(res.body.error).toMatchObject({ code: 'gone', details: { reason: 'expired' } });
      expect(res.body.error.message).toMatch(/expired/);
    }
    expect((await facilitator.get(`/api/groups/${group.id}/invites`)).body.invites[0].status).toBe('expired');
  });

  it('answers a revoked link with 410 and reason revoked, and audits the revocation', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
    const revoked = await facilitator.delete(`/api/groups/${group.id}/invites/${invite.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.invite.status).toBe('revoked');
    const pat = await newPerson();
    const res = await pat.post(`/api/invites/${invite.token}/accept`, { agreementVersion: 1 });
    expect(res.status).toBe(410);
    expect(res.body.error.details.reason).toBe('revoked');
    const actions = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['invite.revoke', 'invite.create', 'group.create']);
  });

  it('answers a used-up link with 410 and a full group with 409', async () => {
    const { facilitator, group } = await facilitatorWithGroup(2);
    const once = (await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 1 })).body.invite;
    expect((await (await newPerson('A')).post(`/api/invites/${once.token}/accept`, { agreementVersion: 1 })).status).toBe(200);
    const used = await (await newPerson('B')).post(`/api/invites/${once.token}/accept`, { agreementVersion: 1 });
    expect(used.status).toBe(410);
    expect(used.body.error.details.reason).toBe('used_up');
    const more = (await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    const full = await (await newPerson('C')).post(`/api/invites/${more.token}/accept`, { agreementVersion: 1 });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'conflict', details: { reason: 'group_full' } });
  });

  it('answers unknown and malformed tokens with 404, and other groups’ invites too', async () => {
    const pat = await newPerson();
    expect((await pat.get('/api/invites/short')).status).toBe(404);
    expect((await pat.post(`/api/invites/${'A'.repeat(43)}/accept`, { agreementVersion: 1 })).status).toBe(404);
    const a = await facilitatorWithGroup();
    const b = await facilitatorWithGroup();
    const invite = (await a.facilitator.post(`/api/groups/${a.group.id}/invites`, {})).body.invite;
    expect((await b.facilitator.delete(`/api/groups/${b.group.id}/invites/${invite.id}`)).status).toBe(404);
    expect((await a.facilitator.get(`/api/groups/${a.group.id}/invites`)).body.invites[0].status).toBe('active');
  });

  it('refuses invite options out of range', async () => {
    const { facilitator, group } = await facilitatorWithGroup();
    const res = await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 0, expiresInHours: 10_000 });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['expiresInHours', 'maxUses']);
  });
});

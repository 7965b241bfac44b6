/** Finding 1: a person a facilitator removed cannot rejoin through the same invite link until allowed back (audited). */
import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();

describe('removal is remembered', () => {
  it('refuses the same invite after removal (403 removed) until a facilitator allows rejoining', async () => {
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t);
    const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    expect((await facilitator.delete(`/api/groups/${group.id}/members/${participantUser.id}`)).status).toBe(204);

    const preview = await participant.get(`/api/invites/${invite.token}`);
    expect(preview.status).toBe(403);
    expect(preview.body.error.details.reason).toBe('removed');
    const again = await participant.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    expect(again.status).toBe(403);
    expect(again.body.error.details.reason).toBe('removed');
    expect((await participant.get(`/api/groups/${group.id}`)).status).toBe(404);

    const removed = await facilitator.get(`/api/groups/${group.id}/removed`);
    expect(removed.body.removed).toEqual([expect.objectContaining({ userId: participantUser.id, displayName: 'Pat' })]);
    expect((await participant.get(`/api/groups/${group.id}/removed`)).status).toBe(404);
    expect((await participant.post(`/api/groups/${group.id}/removed/${participantUser.id}/allow`)).status).toBe(404);

    expect((await facilitator.post(`/api/groups/${group.id}/removed/${participantUser.id}/allow`)).status).toBe(204);
    const audit = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toContain('member.allow_rejoin');
    const back = await participant.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    expect(back.status).toBe(200);
  });

  it('someone who left by themselves may come back through an invite', async () => {
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t);
    const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    expect((await participant.delete(`/api/groups/${group.id}/members/${participantUser.id}`)).status).toBe(204);
    expect((await participant.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  });
});

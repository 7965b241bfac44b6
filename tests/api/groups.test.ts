import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();

describe('groups', () => {
  it('makes the creator the facilitator, with the default agreement and size', async () => {
    const fran = t.client();
    await fran.signup('Fran');
    const created = await fran.post('/api/groups', { name: 'Tuesday CBT group', kind: 'cbt', description: 'Eight weeks of CBT skills.' });
    expect(created.status).toBe(201);
    expect(created.body.group).toMatchObject({ name: 'Tuesday CBT group', kind: 'cbt', maxSize: 10, agreementVersion: 1 });
    expect(created.body.group.agreement).toMatch(/No recording/);
    const list = await fran.get('/api/groups');
    expect(list.body.groups).toEqual([expect.objectContaining({ id: created.body.group.id, role: 'facilitator', memberCount: 1 })]);
    const audit = await fran.get(`/api/groups/${created.body.group.id}/audit`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['group.create']);
  });

  it('refuses bad group input with field details', async () => {
    const fran = t.client();
    await fran.signup('Fran');
    const res = await fran.post('/api/groups', { name: '', kind: 'yoga', maxSize: 40 });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['kind', 'maxSize', 'name']);
  });

  it('refuses malformed JSON, a non-JSON body and an oversize body without changing anything', async () => {
    const fran = t.client();
    await fran.signup('Fran');
    const malformed = await fran.request('POST', '/api/groups', '{"name": "x",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const form = await fran.request('POST', '/api/groups', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const huge = await fran.post('/api/groups', { name: 'x', description: 'y'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect((await fran.get('/api/groups')).body.groups).toEqual([]);
  });

  it('shows participants names and roles but not emails; facilitators see emails', async () => {
    const { facilitator, participant, group, participantUser } = await groupWithParticipant(t);
    const seenByParticipant = await participant.get(`/api/groups/${group.id}`);
    expect(seenByParticipant.status).toBe(200);
    expect(seenByParticipant.body.myRole).toBe('participant');
    expect(seenByParticipant.body.agreementAccepted).toBe(true);
    for (const member of seenByParticipant.body.members) expect(member).not.toHaveProperty('email');
    expect(seenByParticipant.body.members.map((m: { displayName: string; role: string }) => [m.displayName, m.role])).toEqual([
      ['Fran', 'facilitator'],
      ['Pat', 'participant']
    ]);
    const seenByFacilitator = await facilitator.get(`/api/groups/${group.id}`);
    expect(seenByFacilitator.body.members[1].email).toBe(participantUser.email);
  });

  it('hides groups from non-members and refuses participants facilitator actions', async () => {
    const { participant, group } = await groupWithParticipant(t);
    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.get(`/api/groups/${group.id}`)).status).toBe(404);
    expect((await t.client().get(`/api/groups/${group.id}`)).status).toBe(401);
    expect((await participant.patch(`/api/groups/${group.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await participant.post(`/api/groups/${group.id}/invites`, {})).status).toBe(403);
    expect((await participant.get(`/api/groups/${group.id}/audit`)).status).toBe(403);
    expect((await participant.post(`/api/groups/${group.id}/sessions`, { title: 'x' })).status).toBe(403);
    expect((await participant.get(`/api/groups/not-a-uuid`)).status).toBe(404);
  });

  it('edits the group; a new agreement needs accepting again by participants', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    const edited = await facilitator.patch(`/api/groups/${group.id}`, { agreement: 'Be kind. Cameras on when you can.' });
    expect(edited.body.group.agreementVersion).toBe(2);
    const view = await participant.get(`/api/groups/${group.id}`);
    expect(view.body.agreementAccepted).toBe(false);
    const stale = await participant.post(`/api/groups/${group.id}/agreement/accept`, { agreementVersion: 1 });
    expect(stale.status).toBe(409);
    const accepted = await participant.post(`/api/groups/${group.id}/agreement/accept`, { agreementVersion: 2 });
    expect(accepted.status).toBe(200);
    expect((await participant.get(`/api/groups/${group.id}`)).body.agreementAccepted).toBe(true);
    const tooSmall = await facilitator.patch(`/api/groups/${group.id}`, { maxSize: 1 });
    expect(tooSmall.status).toBe(400);
  });

  it('lets the lead promote a co-facilitator, who can then manage invites but not roles', async () => {
    const { facilitator, participant, participantUser, facilitatorUser, group } = await groupWithParticipant(t);
    const promoted = await facilitator.patch(`/api/groups/${group.id}/members/${participantUser.id}`, { role: 'co_facilitator' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.membership.role).toBe('co_facilitator');
    expect((await participant.post(`/api/groups/${group.id}/invites`, {})).status).toBe(201);
    expect((await participant.patch(`/api/groups/${group.id}/members/${facilitatorUser.id}`, { role: 'participant' })).status).toBe(403);
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${participantUser.id}`, { role: 'facilitator' })).status).toBe(400);
    const log = await facilitator.get(`/api/groups/${group.id}/audit`);
    expect(log.body.entries[0]).toMatchObject({ action: 'invite.create', actorDisplayName: 'Pat' });
    expect(log.body.entries.map((e: { action: string }) => e.action)).toContain('member.role_change');
  });

  it('removes a member at once and announces it; anyone but the lead can leave', async () => {
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t);
    const removed: string[] = [];
    const off = t.events.on('member.removed', (e) => removed.push(e.userId));
    expect((await participant.delete(`/api/groups/${group.id}/members/${(await facilitator.get('/api/me')).body.user.id}`)).status).toBe(403);
    expect((await facilitator.delete(`/api/groups/${group.id}/members/${participantUser.id}`)).status).toBe(204);
    off();
    expect(removed).toEqual([participantUser.id]);
    expect((await participant.get(`/api/groups/${group.id}`)).status).toBe(404);
    const lead = await facilitator.delete(`/api/groups/${group.id}/members/${(await facilitator.get('/api/me')).body.user.id}`);
    expect(lead.status).toBe(409);

    const other = await groupWithParticipant(t);
    expect((await other.participant.delete(`/api/groups/${other.group.id}/members/${other.participantUser.id}`)).status).toBe(204);
    const entries = (await other.facilitator.get(`/api/groups/${other.group.id}/audit`)).body.entries;
    expect(entries[0].action).toBe('member.leave');
  });

  it('refuses a bad audit query', async () => {
    const { facilitator, group } = await groupWithParticipant(t);
    const res = await facilitator.get(`/api/groups/${group.id}/audit?limit=100000`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.limit).toBeDefined();
  });
});

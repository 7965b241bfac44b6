import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();

describe('sessions', () => {
  it('schedules a session that members see as upcoming', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    const startsAt = new Date(t.clock.now.getTime() + 7 * 86_400_000).toISOString();
    const res = await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 1: Thoughts and feelings', startsAt });
    expect(res.status).toBe(201);
    expect(res.body.session).toMatchObject({ title: 'Session 1: Thoughts and feelings', startsAt, durationMinutes: 90, status: 'scheduled' });
    const upcoming = await participant.get('/api/me/sessions');
    expect(upcoming.body.sessions).toEqual([expect.objectContaining({ id: res.body.session.id, groupName: 'Tuesday CBT group' })]);
    expect((await participant.get(`/api/groups/${group.id}/sessions`)).body.sessions).toHaveLength(1);
  });

  it('edits, starts and ends a session in order, refusing steps out of order', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    const session = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 2' })).body.session;
    expect((await facilitator.patch(`/api/sessions/${session.id}`, { durationMinutes: 60 })).body.session.durationMinutes).toBe(60);
    const early = await facilitator.post(`/api/sessions/${session.id}/end`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('This session has not started.');
    const events: string[] = [];
    const offStart = t.events.on('session.started', (e) => events.push(`start:${e.sessionId}`));
    const offEnd = t.events.on('session.ended', (e) => events.push(`end:${e.sessionId}`));
    const started = await facilitator.post(`/api/sessions/${session.id}/start`);
    expect(started.body.session).toMatchObject({ status: 'live', startedAt: t.clock.now.toISOString() });
    expect((await facilitator.patch(`/api/sessions/${session.id}`, { title: 'Renamed' })).status).toBe(409);
    expect((await participant.post(`/api/sessions/${session.id}/end`)).status).toBe(403);
    const ended = await facilitator.post(`/api/sessions/${session.id}/end`);
    expect(ended.body.session.status).toBe('ended');
    expect((await facilitator.post(`/api/sessions/${session.id}/start`)).status).toBe(409);
    offStart();
    offEnd();
    expect(events).toEqual([`start:${session.id}`, `end:${session.id}`]);
    const actions = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries
      .map((e: { action: string }) => e.action)
      .filter((action: string) => action.startsWith('session.'));
    expect(actions).toEqual(['session.end', 'session.start', 'session.update', 'session.create']);
  });

  it('allows one live session per group', async () => {
    const { facilitator, group } = await groupWithParticipant(t);
    const a = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'A' })).body.session;
    const b = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'B' })).body.session;
    expect((await facilitator.post(`/api/sessions/${a.id}/start`)).status).toBe(200);
    const second = await facilitator.post(`/api/sessions/${b.id}/start`);
    expect(second.status).toBe(409);
    expect(second.body.error.details.liveSessionId).toBe(a.id);
  });

  it('shows attendance to facilitators only, closing open stays when the session ends', async () => {
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t);
    const session = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'S' })).body.session;
    await facilitator.post(`/api/sessions/${session.id}/start`);
    await t.store.attendance.open(session.id, participantUser.id, t.clock.now);
    t.clock.advance(10 * 60_000);
    await facilitator.post(`/api/sessions/${session.id}/end`);
    const seen = await facilitator.get(`/api/sessions/${session.id}`);
    expect(seen.body.attendance).toEqual([
      expect.objectContaining({ userId: participantUser.id, displayName: 'Pat', leftAt: t.clock.now.toISOString() })
    ]);
    const asParticipant = await participant.get(`/api/sessions/${session.id}`);
    expect(asParticipant.status).toBe(200);
    expect(asParticipant.body).not.toHaveProperty('attendance');
  });

  it('refuses bad session input and hides other groups’ sessions', async () => {
    const { facilitator, group } = await groupWithParticipant(t);
    const bad = await facilitator.post(`/api/groups/${group.id}/sessions`, { title: '', startsAt: 'next tuesday', durationMinutes: 5 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['durationMinutes', 'startsAt', 'title']);
    const session = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Private' })).body.session;
    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.get(`/api/sessions/${session.id}`)).status).toBe(404);
    expect((await stranger.post(`/api/sessions/${session.id}/start`)).status).toBe(404);
    expect((await facilitator.get(`/api/sessions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

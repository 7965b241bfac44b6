import { beforeAll, describe, expect, it } from 'vitest';
import { wallTimeIn } from '../../src/lib/core/schedule/zone';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();
beforeAll(() => {
  t.clock.now = new Date('2026-02-20T09:00:00Z');
});

async function berlinGroup() {
  const g = await groupWithParticipant(t, { name: 'Tuesday evening group', kind: 'cbt', timeZone: 'Europe/Berlin' });
  expect(g.group.timeZone).toBe('Europe/Berlin');
  return g;
}

const tenWeeks = { title: 'CBT for anxiety', weekday: 2, time: '18:30', startDate: '2026-03-01', count: 10 };

describe('weekly series', () => {
  it('creates ten sessions at 18:30 Berlin time across the change to summer time', async () => {
    const { facilitator, participant, group } = await berlinGroup();
    const res = await facilitator.post(`/api/groups/${group.id}/series`, tenWeeks);
    expect(res.status).toBe(201);
    expect(res.body.series).toMatchObject({ weekday: 2, time: '18:30', timeZone: 'Europe/Berlin', count: 10 });
    const sessions = res.body.sessions;
    expect(sessions).toHaveLength(10);
    expect(sessions[0]).toMatchObject({ title: 'CBT for anxiety (1 of 10)', seriesIndex: 1, startsAt: '2026-03-03T17:30:00.000Z', sequence: 0 });
    expect(sessions[4].startsAt).toBe('2026-03-31T16:30:00.000Z');
    for (const s of sessions) expect(wallTimeIn(new Date(s.startsAt), 'Europe/Berlin').time).toBe('18:30');
    const listed = (await participant.get(`/api/groups/${group.id}/sessions`)).body.sessions;
    expect(listed.map((s: { id: string }) => s.id)).toEqual(sessions.map((s: { id: string }) => s.id));
    expect((await participant.get(`/api/groups/${group.id}/series`)).body.series).toHaveLength(1);
  });

  it('moves one session and cancels another; the rest stay, the cancelled one stays listed', async () => {
    const { facilitator, participant, group } = await berlinGroup();
    const sessions = (await facilitator.post(`/api/groups/${group.id}/series`, tenWeeks)).body.sessions;
    const moved = await facilitator.patch(`/api/sessions/${sessions[2].id}`, { startsAt: '2026-03-19T18:30:00+01:00' });
    expect(moved.status).toBe(200);
    expect(moved.body.session).toMatchObject({ startsAt: '2026-03-19T17:30:00.000Z', originalStartsAt: '2026-03-17T17:30:00.000Z', sequence: 1 });
    const renamed = await facilitator.patch(`/api/sessions/${sessions[3].id}`, { title: 'Week 4: exposure' });
    expect(renamed.body.session.sequence).toBe(0);
    const cancelled = await facilitator.post(`/api/sessions/${sessions[5].id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.session).toMatchObject({ status: 'cancelled', sequence: 1, cancelledAt: t.clock.now.toISOString() });
    expect((await facilitator.post(`/api/sessions/${sessions[5].id}/cancel`)).body.error.message).toBe('This session is already cancelled.');
    expect((await facilitator.post(`/api/sessions/${sessions[5].id}/start`)).body.error.message).toBe('This session was cancelled.');
    expect((await facilitator.patch(`/api/sessions/${sessions[5].id}`, { title: 'x' })).status).toBe(409);
    expect((await participant.post(`/api/sessions/${sessions[6].id}/cancel`)).status).toBe(403);
    const listed = (await participant.get(`/api/groups/${group.id}/sessions`)).body.sessions;
    expect(listed).toHaveLength(10);
    expect(listed.filter((s: { status: string }) => s.status === 'cancelled').map((s: { id: string }) => s.id)).toEqual([sessions[5].id]);
    const untouched = listed.filter((s: { id: string }) => ![sessions[2].id, sessions[5].id].includes(s.id));
    expect(untouched.every((s: { sequence: number }) => s.sequence === 0)).toBe(true);
    const actions = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['series.create', 'session.update', 'session.cancel']));
  });

  it('refuses bad series with field errors, from participants, and for other groups', async () => {
    const { facilitator, participant, group } = await berlinGroup();
    const bad = await facilitator.post(`/api/groups/${group.id}/series`, { ...tenWeeks, count: undefined });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.count).toBe('Give either a number of sessions or an end date.');
    expect((await facilitator.post(`/api/groups/${group.id}/series`, '{"title":')).status).toBe(400);
    expect((await participant.post(`/api/groups/${group.id}/series`, tenWeeks)).status).toBe(403);
    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.post(`/api/groups/${group.id}/series`, tenWeeks)).status).toBe(404);
    expect((await facilitator.patch(`/api/groups/${group.id}`, { timeZone: 'Mars/Base' })).status).toBe(400);
  });

  it('keeps the group’s zone for new series after the zone changes, and never moves existing sessions', async () => {
    const { facilitator, group } = await berlinGroup();
    const first = (await facilitator.post(`/api/groups/${group.id}/series`, { ...tenWeeks, count: 2 })).body.sessions;
    expect((await facilitator.patch(`/api/groups/${group.id}`, { timeZone: 'America/New_York' })).body.group.timeZone).toBe('America/New_York');
    const second = (await facilitator.post(`/api/groups/${group.id}/series`, { ...tenWeeks, count: 1 })).body;
    expect(second.series.timeZone).toBe('America/New_York');
    expect(second.sessions[0].startsAt).toBe('2026-03-03T23:30:00.000Z');
    expect((await facilitator.get(`/api/sessions/${first[0].id}`)).body.session.startsAt).toBe('2026-03-03T17:30:00.000Z');
  });
});

import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();
beforeAll(() => {
  t.clock.now = new Date('2026-02-20T09:00:00Z');
});

/** Parses with ical.js (a second, independent iCalendar implementation) and returns the VEVENTs by UID. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  for (const z of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(z));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      sequence: event.sequence,
      status: v.getFirstPropertyValue('status'),
      tzid: v.getFirstProperty('dtstart')!.getParameter('tzid'),
      localStart: event.startDate.toString(),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString()
    };
  });
  return { zones, events, byUid: new Map(events.map((e) => [e.uid, e])) };
}

async function scheduled() {
  const g = await groupWithParticipant(t, { name: 'Tuesday evening group', kind: 'cbt', timeZone: 'Europe/Berlin' });
  const sessions = (
    await g.facilitator.post(`/api/groups/${g.group.id}/series`, { title: 'Panic disorder, module 2', weekday: 2, time: '18:30', startDate: '2026-03-01', count: 10 })
  ).body.sessions;
  const feed = await g.participant.post('/api/me/calendar/feed');
  expect(feed.status).toBe(201);
  const path = new URL(feed.body.feed.url).pathname;
  return { ...g, sessions, path };
}

const anonymous = () => t.client();

describe('private calendar feed', () => {
  it('is RFC 5545 with a VTIMEZONE, stable UIDs, the group zone and no clinical detail', async () => {
    const { sessions, path } = await scheduled();
    const res = await anonymous().request('GET', path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = res.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const { zones, events, byUid } = parse(text);
    expect(zones).toEqual(['Europe/Berlin']);
    expect(events).toHaveLength(10);
    const first = byUid.get(`${sessions[0].id}@group-session-toolkit`)!;
    expect(first).toMatchObject({ summary: 'Tuesday evening group', sequence: 0, status: 'CONFIRMED', tzid: 'Europe/Berlin' });
    expect(first.localStart).toBe('2026-03-03T18:30:00');
    expect(first.start).toBe('2026-03-03T17:30:00.000Z');
    expect(first.end).toBe('2026-03-03T19:00:00.000Z');
    // After the change to summer time the wall time holds and the UTC instant moves.
    expect(byUid.get(`${sessions[4].id}@group-session-toolkit`)!.start).toBe('2026-03-31T16:30:00.000Z');
    // The session titles ("Panic disorder, module 2") are clinical: only the group's name travels.
    expect(text).not.toMatch(/Panic/);
  });

  it('shows a move and a cancellation with the same UID and a higher SEQUENCE', async () => {
    const { facilitator, sessions, path } = await scheduled();
    await facilitator.patch(`/api/sessions/${sessions[2].id}`, { startsAt: '2026-03-19T17:30:00Z' });
    await facilitator.post(`/api/sessions/${sessions[3].id}/cancel`);
    const { events, byUid } = parse((await anonymous().request('GET', path)).body);
    expect(events).toHaveLength(10);
    expect(byUid.get(`${sessions[2].id}@group-session-toolkit`)).toMatchObject({ sequence: 1, start: '2026-03-19T17:30:00.000Z', status: 'CONFIRMED' });
    expect(byUid.get(`${sessions[3].id}@group-session-toolkit`)).toMatchObject({ sequence: 1, status: 'CANCELLED' });
  });

  it('calls every event "Group session" when the member chooses so', async () => {
    const { participant, path } = await scheduled();
    expect((await participant.patch('/api/me/preferences', { calendarTitle: 'generic' })).body.preferences.calendarTitle).toBe('generic');
    const { events } = parse((await anonymous().request('GET', path)).body);
    expect(new Set(events.map((e) => e.summary))).toEqual(new Set(['Group session']));
    expect((await participant.patch('/api/me/preferences', { calendarTitle: 'clinical' })).status).toBe(400);
  });

  it('stops working when revoked or replaced, and refuses guessed tokens', async () => {
    const { participant, path } = await scheduled();
    const replaced = await participant.post('/api/me/calendar/feed');
    expect((await anonymous().request('GET', path)).status).toBe(404);
    const newPath = new URL(replaced.body.feed.url).pathname;
    expect((await anonymous().request('GET', newPath)).status).toBe(200);
    expect((await participant.delete('/api/me/calendar/feed')).status).toBe(200);
    expect((await anonymous().request('GET', newPath)).status).toBe(404);
    expect((await anonymous().request('GET', '/api/calendar/feed/not-a-token.ics')).status).toBe(404);
    expect((await anonymous().request('GET', `/api/calendar/feed/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await participant.delete('/api/me/calendar/feed')).status).toBe(404);
    expect((await participant.get('/api/me/calendar')).body.feed).toBeNull();
  });

  it('stops listing a group the member left', async () => {
    const { participantUser, facilitator, group, path } = await scheduled();
    expect((await facilitator.delete(`/api/groups/${group.id}/members/${participantUser.id}`)).status).toBe(204);
    expect(parse((await anonymous().request('GET', path)).body).events).toHaveLength(0);
  });
});

describe('per-session .ics', () => {
  it('downloads one session for members only', async () => {
    const { participant, sessions } = await scheduled();
    const res = await participant.request('GET', `/api/sessions/${sessions[0].id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.ics');
    const { events, zones } = parse(res.body);
    expect(zones).toEqual(['Europe/Berlin']);
    expect(events).toEqual([expect.objectContaining({ uid: `${sessions[0].id}@group-session-toolkit`, localStart: '2026-03-03T18:30:00' })]);
    const stranger = t.client();
    await stranger.signup('Stranger');
    expect((await stranger.request('GET', `/api/sessions/${sessions[0].id}/calendar.ics`)).status).toBe(404);
  });
});

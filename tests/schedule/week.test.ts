import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';
import { CHECKIN, liveRoom, streamOf, type EventStream } from '../room/helpers';

const t = useTestApp();

describe('the dashboard week', () => {
  it('lists this week’s sessions across groups, cancelled ones too, and who has not checked in to a live one', async () => {
    t.clock.now = new Date('2026-03-02T08:00:00Z');
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t, { name: 'Monday group', kind: 'cbt', timeZone: 'Europe/Berlin' });
    const sessions = (
      await facilitator.post(`/api/groups/${group.id}/series`, { title: 'CBT', weekday: 1, time: '08:30', startDate: '2026-03-02', count: 3 })
    ).body.sessions;
    await facilitator.post(`/api/sessions/${sessions[1].id}/cancel`);
    await facilitator.post(`/api/sessions/${sessions[0].id}/start`);

    // 7 days ahead: the third session (16 March) is not in this week.
    const week = (await facilitator.get('/api/me/week')).body;
    expect(week.emailReminders).toBe(false);
    expect(week.sessions.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [sessions[0].id, 'live'],
      [sessions[1].id, 'cancelled']
    ]);
    expect(week.sessions[0]).toMatchObject({ groupName: 'Monday group', timeZone: 'Europe/Berlin', role: 'facilitator' });
    expect(week.sessions[0]).toMatchObject({ notCheckedIn: [{ userId: participantUser.id, displayName: 'Pat' }], openSupport: [] });
    // Participants see their sessions, never the check-in list.
    const theirs = (await participant.get('/api/me/week')).body.sessions;
    expect(theirs[0]).toMatchObject({ id: sessions[0].id, role: 'participant' });
    expect(theirs[0].notCheckedIn).toBeUndefined();
    expect((await t.client().get('/api/me/week')).status).toBe(401);
  });

  it('asks the facilitator to confirm an ended session’s attendance until it is confirmed, then offers to review it', async () => {
    t.clock.now = new Date('2026-03-02T08:00:00Z');
    const { facilitator, participant, participantUser, group } = await groupWithParticipant(t, { name: 'Monday group', kind: 'cbt', timeZone: 'Europe/Berlin' });
    const [first] = (
      await facilitator.post(`/api/groups/${group.id}/series`, { title: 'CBT', weekday: 1, time: '08:30', startDate: '2026-03-02', count: 2 })
    ).body.sessions;
    expect((await facilitator.post(`/api/sessions/${first.id}/start`)).status).toBe(200);
    expect((await facilitator.post(`/api/sessions/${first.id}/end`)).status).toBe(200);
    const entry = async (who: typeof facilitator) => (await who.get('/api/me/week')).body.sessions.find((s: { id: string }) => s.id === first.id);
    expect(await entry(facilitator)).toMatchObject({ status: 'ended', attendanceConfirmed: false });
    const confirm = await facilitator.request('PUT', `/api/sessions/${first.id}/attendance-records`, { records: [{ userId: participantUser.id, status: 'present' }] });
    expect(confirm.status).toBe(200);
    expect(await entry(facilitator)).toMatchObject({ status: 'ended', attendanceConfirmed: true });
    // A participant is never told about anyone's attendance here.
    expect((await entry(participant)).attendanceConfirmed).toBeUndefined();
  });

  it('shows the facilitator who has not given the safety check-in and the open support signals of a live session', async () => {
    const { facilitator, pat, quinn, session, room } = await liveRoom(t);
    const request = (path: string, init?: RequestInit) => Promise.resolve(t.app.request(path, init));
    const fran: EventStream = await streamOf(request, facilitator, session.id);
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const stream: EventStream = await streamOf(request, pat.client, session.id);
    try {
      expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
      await stream.next('status', (st) => st.presence === 'admitted');
      expect((await pat.client.post(`${room}/commands`, { type: 'send_support' })).status).toBe(200);
      // A live session is in the week even without a planned start time.
      const entry = (await facilitator.get('/api/me/week')).body.sessions.find((s: { id: string }) => s.id === session.id);
      expect(entry).toMatchObject({ status: 'live', startsAt: null });
      expect(entry.notCheckedIn).toEqual([{ userId: quinn.user.id, displayName: 'Quinn' }]);
      expect(entry.openSupport).toEqual([expect.objectContaining({ displayName: 'Pat' })]);
    } finally {
      await stream.close();
      await fran.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp({ env: { SESSION_IDLE_MINUTES: '100000', SESSION_MAX_HOURS: '100000' } });

async function endedSession() {
  t.clock.now = new Date('2026-03-03T17:00:00Z');
  const g = await groupWithParticipant(t, { name: 'Tuesday evening group', kind: 'cbt', timeZone: 'Europe/Berlin' });
  const late = t.client();
  const lateUser = await late.signup('Lee');
  await late.post(`/api/invites/${g.invite.token}/accept`, { agreementVersion: g.group.agreementVersion });
  const [session] = (
    await g.facilitator.post(`/api/groups/${g.group.id}/series`, { title: 'CBT', weekday: 2, time: '18:30', startDate: '2026-03-03', count: 1 })
  ).body.sessions;
  t.clock.now = new Date('2026-03-03T17:30:00Z');
  await g.facilitator.post(`/api/sessions/${session.id}/start`);
  await t.store.attendance.open(session.id, g.participantUser.id, new Date('2026-03-03T17:29:00Z'));
  await t.store.attendance.open(session.id, lateUser.id, new Date('2026-03-03T17:55:00Z'));
  t.clock.now = new Date('2026-03-03T19:00:00Z');
  await g.facilitator.post(`/api/sessions/${session.id}/end`);
  return { ...g, late, lateUser, session };
}

describe('attendance records', () => {
  it('prefills from the room, is confirmed by the facilitator, audited, and seen by each member for themselves', async () => {
    const { facilitator, participant, participantUser, late, lateUser, session, group } = await endedSession();
    const draft = await facilitator.get(`/api/sessions/${session.id}/attendance-records`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ editable: true, editableUntil: '2026-03-10T19:00:00.000Z' });
    expect(draft.body.records.map((r: { displayName: string; suggested: string; status: null }) => [r.displayName, r.suggested, r.status])).toEqual([
      ['Pat', 'present', null],
      ['Lee', 'late', null]
    ]);
    expect((await participant.get(`/api/sessions/${session.id}/attendance-records`)).status).toBe(403);

    const confirm = await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, {
      records: [
        { userId: participantUser.id, status: 'present' },
        { userId: lateUser.id, status: 'late' }
      ]
    });
    expect(confirm.status).toBe(200);
    const fix = await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, { records: [{ userId: lateUser.id, status: 'absent_excused' }] });
    expect(fix.status).toBe(200);
    const audits = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.filter((e: { action: string }) => e.action === 'attendance.confirm');
    expect(audits).toHaveLength(2);
    expect(audits[0].details.changes).toEqual([{ userId: lateUser.id, from: 'late', to: 'absent_excused' }]);

    const mine = (await late.get('/api/me/attendance')).body.records;
    expect(mine).toEqual([expect.objectContaining({ sessionId: session.id, status: 'absent_excused', groupName: 'Tuesday evening group' })]);
    expect((await participant.get('/api/me/attendance')).body.records.map((r: { status: string }) => r.status)).toEqual(['present']);
  });

  it('refuses bad statuses, strangers, and changes after 7 days', async () => {
    const { facilitator, participantUser, session } = await endedSession();
    const bad = await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, { records: [{ userId: participantUser.id, status: 'sleeping' }] });
    expect(bad.status).toBe(400);
    const stranger = await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, {
      records: [{ userId: '00000000-0000-4000-8000-000000000000', status: 'present' }]
    });
    expect(stranger.status).toBe(409);
    t.clock.now = new Date('2026-03-10T19:00:01Z');
    const closed = await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, { records: [{ userId: participantUser.id, status: 'present' }] });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe('Attendance can be changed for 7 days after a session. This one is closed.');
    expect((await facilitator.get(`/api/sessions/${session.id}/attendance-records`)).body.editable).toBe(false);
  });

  it('exports a date range as CSV with the practice’s billing columns on request', async () => {
    const { facilitator, participant, participantUser, session, group } = await endedSession();
    await facilitator.request('PUT', `/api/sessions/${session.id}/attendance-records`, { records: [{ userId: participantUser.id, status: 'present' }] });
    expect(
      (await facilitator.patch(`/api/groups/${group.id}`, { billingServiceCode: '90853', billingModifier: '95', billingPlaceOfService: '10' })).status
    ).toBe(200);
    const csv = await facilitator.get(`/api/groups/${group.id}/attendance-report?from=2026-03-01&to=2026-03-31&billing=1`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toEqual([
      'Date,Time,Time zone,Session,Member,Attendance,Minutes,Service code,Modifier,Place of service',
      '2026-03-03,18:30,Europe/Berlin,CBT (1 of 1),Pat,Present,90,90853,95,10',
      '2026-03-03,18:30,Europe/Berlin,CBT (1 of 1),Lee,Not confirmed,90,90853,95,10'
    ]);
    const plain = await facilitator.get(`/api/groups/${group.id}/attendance-report?from=2026-03-01&to=2026-03-31`);
    expect((plain.body as string).split('\r\n')[0]).toBe('Date,Time,Time zone,Session,Member,Attendance,Minutes');
    // Only sessions that took place: the next one in the series (still to come) is not in the report.
    const next = await facilitator.post(`/api/groups/${group.id}/series`, { title: 'CBT', weekday: 2, time: '18:30', startDate: '2026-03-10', count: 1 });
    expect(next.status).toBe(201);
    const withNext = await facilitator.get(`/api/groups/${group.id}/attendance-report?from=2026-03-01&to=2026-03-31`);
    expect((withNext.body as string).trim().split('\r\n')).toHaveLength(3);
    const empty = await facilitator.get(`/api/groups/${group.id}/attendance-report?from=2026-04-01&to=2026-04-30`);
    expect((empty.body as string).trim().split('\r\n')).toHaveLength(1);
    expect((await facilitator.get(`/api/groups/${group.id}/attendance-report?from=yesterday&to=2026-03-31`)).status).toBe(400);
    expect((await participant.get(`/api/groups/${group.id}/attendance-report?from=2026-03-01&to=2026-03-31`)).status).toBe(403);
  });
});

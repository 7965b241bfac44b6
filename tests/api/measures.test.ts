/**
 * Measures over app.request: scheduling (facilitators only), answering (participants, scored by the server), who may
 * read which score, the CSV export, and the item 9 workflow end to end on the server: the stored alert, the urgent
 * alert in the live room (facilitators only), the dashboard list, follow-up that closes it, and the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { useRoomTestApp } from '../helpers/room-app';
import type { TestClient } from '../helpers/test-app';
import { CHECKIN, liveRoom, streamOf } from '../room/helpers';

const { t, request, streams } = useRoomTestApp();

const NINE_ZEROS = [0, 0, 0, 0, 0, 0, 0, 0, 0];
const withItem9 = (answer: number) => [1, 2, 1, 0, 1, 0, 0, 0, answer];

async function schedule(facilitator: TestClient, groupId: string, measure = 'phq9', timing = 'session_start') {
  const res = await facilitator.post(`/api/groups/${groupId}/measures/schedules`, { measure, timing });
  expect(res.status).toBe(201);
  return res.body.schedule;
}

async function enter(client: TestClient, sessionId: string, checkin = true) {
  if (checkin) expect((await client.post(`/api/sessions/${sessionId}/room/checkin`, CHECKIN)).status).toBe(201);
  const stream = await streamOf(request, client, sessionId);
  streams.push(stream);
  return stream;
}

const answer = (client: TestClient, groupId: string, scheduleId: string, body: unknown) =>
  client.post(`/api/groups/${groupId}/measures/schedules/${scheduleId}/responses`, body);

describe('scheduling a measure', () => {
  it('is for facilitators; participants are refused and outsiders do not see the group', async () => {
    const { facilitator, pat, group } = await liveRoom(t);
    const outsider = t.client();
    await outsider.signup('Olga');
    expect((await pat.client.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'phq9', timing: 'homework' })).status).toBe(403);
    expect((await outsider.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'phq9', timing: 'homework' })).status).toBe(404);
    expect((await outsider.get(`/api/groups/${group.id}/measures`)).status).toBe(404);
    const bad = await facilitator.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'ors', timing: 'whenever' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['measure', 'timing']);
    const malformed = await facilitator.request('POST', `/api/groups/${group.id}/measures/schedules`, '{"measure":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const phq = await schedule(facilitator, group.id, 'phq9', 'session_start');
    expect(phq).toMatchObject({ measure: 'phq9', name: 'PHQ-9', timing: 'session_start', stoppedAt: null });
    expect((await facilitator.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'phq9', timing: 'homework' })).status).toBe(409);
    expect((await pat.client.get(`/api/groups/${group.id}/measures`)).body.schedules).toHaveLength(1);

    expect((await pat.client.post(`/api/groups/${group.id}/measures/schedules/${phq.id}/stop`)).status).toBe(403);
    expect((await facilitator.post(`/api/groups/${group.id}/measures/schedules/${phq.id}/stop`)).body.schedule.stoppedAt).not.toBeNull();
    expect((await facilitator.post(`/api/groups/${group.id}/measures/schedules/${phq.id}/stop`)).status).toBe(409);
    expect((await answer(pat.client, group.id, phq.id, { sessionId: 'x', answers: NINE_ZEROS })).status).toBe(409);
    expect((await facilitator.get(`/api/groups/${group.id}/measures`)).body.schedules).toEqual([]);
  });
});

describe('answering', () => {
  it('opens a session-start measure only while the session is live, scores it on the server, and once per session', async () => {
    const { facilitator, pat, group, session } = await liveRoom(t);
    await facilitator.post(`/api/sessions/${session.id}/end`);
    const phq = await schedule(facilitator, group.id);
    expect((await pat.client.get(`/api/groups/${group.id}/measures`)).body.due).toEqual([
      expect.objectContaining({ schedule: expect.objectContaining({ id: phq.id }), session: null, answered: false })
    ]);
    const next = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 5' })).body.session;
    const early = await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: NINE_ZEROS });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('not_open_for_session');

    await facilitator.post(`/api/sessions/${next.id}/start`);
    const due = (await pat.client.get(`/api/groups/${group.id}/measures`)).body.due;
    expect(due[0]).toMatchObject({ session: { id: next.id, title: 'Session 5', status: 'live' }, answered: false });

    // Forged fields and wrong shapes are refused with field details; nothing is stored.
    const forged = await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: NINE_ZEROS, total: 27 });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details.fields).toHaveProperty('total');
    expect((await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: [0, 0, 0] })).status).toBe(400);
    expect((await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: [...NINE_ZEROS.slice(1), 4] })).status).toBe(400);
    expect((await answer(facilitator, group.id, phq.id, { sessionId: next.id, answers: NINE_ZEROS })).status).toBe(403);

    const saved = await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: [3, 3, 2, 2, 1, 1, 0, 0, 0], difficulty: 2 });
    expect(saved.status).toBe(201);
    expect(saved.body.response).toMatchObject({ total: 12, band: 'Moderate', answered: 9, skipped: 0 });
    expect(saved.body).not.toHaveProperty('support');
    const again = await answer(pat.client, group.id, phq.id, { sessionId: next.id, answers: NINE_ZEROS });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('already_answered');
    expect((await pat.client.get(`/api/groups/${group.id}/measures`)).body.due[0].answered).toBe(true);
  });

  it('takes "prefer not to answer" and leaves the total empty', async () => {
    const { facilitator, quinn, group } = await liveRoom(t);
    const gad = await schedule(facilitator, group.id, 'gad7', 'homework');
    const { session } = (await quinn.client.get(`/api/groups/${group.id}/measures`)).body.due[0];
    const saved = await answer(quinn.client, group.id, gad.id, { sessionId: session.id, answers: [1, null, 1, 1, 1, 1, 1] });
    expect(saved.body.response).toMatchObject({ total: null, band: null, answered: 6, skipped: 1 });
  });
});

describe('who reads which score', () => {
  it('a participant reads only their own; facilitators read everyone’s, each read audited without the scores', async () => {
    const { facilitator, pat, quinn, group, session } = await liveRoom(t);
    const phq = await schedule(facilitator, group.id);
    await answer(pat.client, group.id, phq.id, { sessionId: session.id, answers: [2, 2, 2, 2, 2, 2, 2, 0, 0] });
    await answer(quinn.client, group.id, phq.id, { sessionId: session.id, answers: [1, 0, 0, 0, 0, 0, 0, 0, 0] });

    const own = await pat.client.get(`/api/groups/${group.id}/measures/members/${pat.user.id}`);
    expect(own.status).toBe(200);
    expect(own.body.trends[0]).toMatchObject({ measure: 'phq9', latest: { total: 14, band: 'Moderate', sessionTitle: 'Session 4' } });
    const other = await pat.client.get(`/api/groups/${group.id}/measures/members/${quinn.user.id}`);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('"total"');
    expect((await pat.client.get(`/api/groups/${group.id}/measures/members/${quinn.user.id}/export`)).status).toBe(403);
    expect((await pat.client.get(`/api/groups/${group.id}/measures/overview`)).status).toBe(403);
    expect((await pat.client.get(`/api/groups/${group.id}/measures/alerts`)).status).toBe(403);

    const outsider = t.client();
    await outsider.signup('Olga');
    expect((await outsider.get(`/api/groups/${group.id}/measures/members/${pat.user.id}`)).status).toBe(404);

    const read = await facilitator.get(`/api/groups/${group.id}/measures/members/${quinn.user.id}`);
    expect(read.body.trends[0].points[0]).toMatchObject({ total: 1, answers: [1, 0, 0, 0, 0, 0, 0, 0, 0] });
    const overview = await facilitator.get(`/api/groups/${group.id}/measures/overview`);
    expect(overview.body.members.map((m: { displayName: string; trends: { latest: { total: number } }[] }) => [m.displayName, m.trends[0].latest.total])).toEqual([
      ['Pat', 14],
      ['Quinn', 1]
    ]);
    const csv = await facilitator.get(`/api/groups/${group.id}/measures/members/${pat.user.id}/export`);
    expect(csv.body).toMatchObject({ fileName: 'scores-Pat.csv', contentType: 'text/csv' });
    expect(csv.body.content.split('\r\n')[1]).toMatch(/^Pat,Session 4,\d{4}-\d\d-\d\d,PHQ-9,14,Moderate,2,2,2,2,2,2,2,0,0,,/);

    const entries = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries as { action: string; details: unknown }[];
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['measure.schedule', 'measure.response', 'measure.scores.read', 'measure.overview.read', 'measure.scores.export']));
    for (const entry of entries.filter((e) => e.action.startsWith('measure.'))) {
      expect(JSON.stringify(entry.details ?? {})).not.toMatch(/answers|total|band|"14"|:14\b/);
    }
  });
});

describe('item 9 above 0', () => {
  it('raises an urgent alert to the facilitators in the room at once, shows the member the crisis resources, and stays open until follow-up', async () => {
    const { facilitator, facilitatorUser, pat, quinn, group, session, room } = await liveRoom(t);
    const crisis = 'Call the Samaritans on 116 123 (free, day or night), or 999 in an emergency.';
    expect((await pat.client.request('PUT', `/api/groups/${group.id}/measures/crisis-resources`, { crisisResources: crisis })).status).toBe(403);
    expect((await facilitator.request('PUT', `/api/groups/${group.id}/measures/crisis-resources`, { crisisResources: crisis })).status).toBe(200);
    const phq = await schedule(facilitator, group.id);
    const fran = await enter(facilitator, session.id, false);
    const patStream = await enter(pat.client, session.id);
    const quinnStream = await enter(quinn.client, session.id);
    await facilitator.post(`${room}/commands`, { type: 'admit_all' });

    const saved = await answer(pat.client, group.id, phq.id, { sessionId: session.id, answers: withItem9(1) });
    expect(saved.status).toBe(201);
    expect(saved.body.support).toEqual({ crisisResources: crisis });

    const alert = await fran.next('alert', (a) => a.kind === 'urgent_alert');
    expect(alert).toMatchObject({ kind: 'urgent_alert', reason: 'phq9_item9', userId: pat.user.id, displayName: 'Pat' });
    const state = (await facilitator.get(room)).body.state;
    expect(state.supportSignals).toEqual([expect.objectContaining({ id: alert.signalId, urgent: { reason: 'phq9_item9', alertId: alert.alertId }, acknowledgedBy: null })]);
    // Nobody else hears of it: not the member over the room, not the other participant, not the shared view.
    expect(patStream.has('alert')).toBe(false);
    expect(quinnStream.has('alert')).toBe(false);
    expect(JSON.stringify(quinnStream.events)).not.toMatch(/urgent|phq9/);

    expect((await facilitator.get('/api/me/risk-alerts')).body.alerts).toEqual([
      expect.objectContaining({ id: alert.alertId, groupName: 'Tuesday CBT group', memberName: 'Pat', open: true, followUp: null })
    ]);
    expect((await pat.client.get('/api/me/risk-alerts')).body.alerts).toEqual([]);
    expect((await quinn.client.get('/api/me/risk-alerts')).body.alerts).toEqual([]);

    // "I have seen this" is not follow-up.
    expect((await facilitator.post(`${room}/commands`, { type: 'acknowledge_support', signalId: alert.signalId })).status).toBe(409);
    const followUp = `/api/groups/${group.id}/measures/alerts/${alert.alertId}/follow-up`;
    expect((await pat.client.post(followUp, { actions: ['contacted'] })).status).toBe(403);
    expect((await facilitator.post(followUp, { actions: [] })).status).toBe(400);
    expect((await facilitator.post(followUp, { actions: ['hugged'] })).status).toBe(400);
    expect((await facilitator.post(`/api/groups/${group.id}/measures/alerts/${crypto.randomUUID()}/follow-up`, { actions: ['contacted'] })).status).toBe(404);

    const done = await facilitator.post(followUp, { actions: ['contacted', 'safety_plan_reviewed'] });
    expect(done.status).toBe(200);
    expect(done.body.alert).toMatchObject({ open: false, followUp: { actions: ['contacted', 'safety_plan_reviewed'], by: 'Fran' } });
    const second = await facilitator.post(followUp, { actions: ['escalated'] });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('Fran has already recorded follow-up for this alert.');
    expect((await facilitator.get('/api/me/risk-alerts')).body.alerts).toEqual([]);
    await expect.poll(async () => (await facilitator.get(room)).body.state.supportSignals[0].acknowledgedBy).toBe(facilitatorUser.id);

    const actions = ((await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['measure.risk_alert', 'room.urgent_alert', 'measure.risk_follow_up', 'room.urgent_followed_up', 'measure.crisis_resources']));
  });

  it('outside a session (homework) goes to the facilitators’ dashboard, with the default crisis message when none is set', async () => {
    const { facilitator, quinn, group, session } = await liveRoom(t);
    await facilitator.post(`/api/sessions/${session.id}/end`);
    await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Next week' });
    const phq = await schedule(facilitator, group.id, 'phq9', 'homework');
    const { session: target } = (await quinn.client.get(`/api/groups/${group.id}/measures`)).body.due[0];
    expect(target.title).toBe('Next week');
    const saved = await answer(quinn.client, group.id, phq.id, { sessionId: target.id, answers: withItem9(2) });
    expect(saved.body.support.crisisResources).toMatch(/local emergency number/);
    expect((await facilitator.get('/api/me/risk-alerts')).body.alerts).toEqual([expect.objectContaining({ memberName: 'Quinn', sessionId: target.id, open: true })]);
    expect((await facilitator.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts).toHaveLength(1);
  });

  it('a skipped item 9 raises no alert but is shown to facilitators', async () => {
    const { facilitator, pat, group, session } = await liveRoom(t);
    const phq = await schedule(facilitator, group.id);
    const saved = await answer(pat.client, group.id, phq.id, { sessionId: session.id, answers: [0, 0, 0, 0, 0, 0, 0, 0, null] });
    expect(saved.body).not.toHaveProperty('support');
    expect((await facilitator.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts).toEqual([]);
    const read = await facilitator.get(`/api/groups/${group.id}/measures/members/${pat.user.id}`);
    expect(read.body.trends[0].points[0]).toMatchObject({ riskItemSkipped: true, urgent: false, total: null });
  });

  it('two submits at once store one answer and one alert; two facilitators recording follow-up at once: one wins', async () => {
    const { facilitator, pat, group, session, invite } = await liveRoom(t);
    const cole = t.client();
    const coleUser = await cole.signup('Cole');
    await cole.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' })).status).toBe(200);
    const phq = await schedule(facilitator, group.id);
    const body = { sessionId: session.id, answers: withItem9(3) };
    const both = await Promise.all([answer(pat.client, group.id, phq.id, body), answer(pat.client, group.id, phq.id, body)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const alerts = (await facilitator.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts;
    expect(alerts).toHaveLength(1);
    const path = `/api/groups/${group.id}/measures/alerts/${alerts[0].id}/follow-up`;
    const recorded = await Promise.all([facilitator.post(path, { actions: ['contacted'] }), cole.post(path, { actions: ['escalated'] })]);
    expect(recorded.map((r) => r.status).sort()).toEqual([200, 409]);
    const [closed] = (await cole.get(`/api/groups/${group.id}/measures/alerts`)).body.alerts;
    expect(closed.open).toBe(false);
    expect(closed.followUp.actions).toHaveLength(1);
  });
});

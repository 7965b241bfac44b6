/**
 * The room's HTTP face over app.request: who may enter, the safety check-in, presence over the event stream, every
 * command and its refusals, private notices, audit, attendance, ending and the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACILITATOR_COMMAND_TYPES } from '../../src/lib/core/room';
import { SAMPLE_FACILITATOR_COMMANDS } from '../../src/lib/core/room/testing';
import { createTestApp, type TestApp, type TestClient } from '../helpers/test-app';
import { CHECKIN, EventStream, liveRoom, openEvents, streamOf, type Requester } from './helpers';

let t: TestApp;
let request: Requester;
beforeAll(async () => {
  t = await createTestApp({ env: { ROOM_LEAVE_GRACE_MS: '150' } });
  request = (path, init) => Promise.resolve(t.app.request(path, init));
});
afterAll(async () => {
  await t.close();
});

const streams: EventStream[] = [];
async function enter(client: TestClient, sessionId: string, checkin = true): Promise<EventStream> {
  if (checkin) expect((await client.post(`/api/sessions/${sessionId}/room/checkin`, CHECKIN)).status).toBe(201);
  const stream = await streamOf(request, client, sessionId);
  streams.push(stream);
  return stream;
}
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
});

/** A live room with the facilitator and both participants inside. */
async function fullRoom() {
  const fixture = await liveRoom(t);
  const { facilitator, pat, quinn, session, room } = fixture;
  const fran = await enter(facilitator, session.id, false);
  const patStream = await enter(pat.client, session.id);
  const quinnStream = await enter(quinn.client, session.id);
  expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
  await patStream.next('status', (s) => s.presence === 'admitted');
  await quinnStream.next('status', (s) => s.presence === 'admitted');
  return { ...fixture, fran, patStream, quinnStream };
}

const roomState = async (facilitator: TestClient, room: string) => (await facilitator.get(room)).body.state;

describe('who may reach a room', () => {
  it('hides the room from people outside the group (404) and refuses participants the private view (403)', async () => {
    const { pat, session, room } = await liveRoom(t);
    const stranger = t.client();
    await stranger.signup('Stranger');
    for (const path of [`${room}/me`, room, `${room}/checkin/last`, `${room}/checkins`, `/api/sessions/${session.id}/summary`]) {
      const res = await stranger.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await stranger.post(`${room}/commands`, { type: 'raise_hand' })).status).toBe(404);
    expect((await openEvents(request, stranger, session.id) as Response).status).toBe(404);
    expect((await t.client().get(`${room}/me`)).status).toBe(401);
    for (const path of [room, `${room}/checkins`, `/api/sessions/${session.id}/summary`]) {
      const res = await pat.client.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'Only facilitators can see this.' });
    }
  });

  it('answers 409 with the status for a session that is not live', async () => {
    const { facilitator, group } = await liveRoom(t);
    const scheduled = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 5' })).body.session;
    const res = await facilitator.get(`/api/sessions/${scheduled.id}/room/me`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: { status: 'scheduled' } });
    expect(res.body.error.message).toMatch(/has not started yet/);
    expect((await facilitator.post(`/api/sessions/${scheduled.id}/room/commands`, { type: 'admit_all' })).status).toBe(409);
  });

  it('asks participants for the safety check-in before they may enter, and prefills it from their last answer', async () => {
    const { pat, facilitator, session, room, group } = await liveRoom(t);
    const me = await pat.client.get(`${room}/me`);
    expect(me.body).toMatchObject({ agreementAccepted: true, checkinRequired: true, me: { role: 'participant' }, status: { presence: 'outside' } });
    expect((await facilitator.get(`${room}/me`)).body.checkinRequired).toBe(false);
    const refused = (await openEvents(request, pat.client, session.id)) as Response;
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.details).toEqual({ reason: 'checkin_required' });

    const invalid = await pat.client.post(`${room}/checkin`, { location: '', emergencyContactName: 'Sam', emergencyContactPhone: 'x' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.details.fields).sort()).toEqual(['emergencyContactPhone', 'location']);
    expect((await pat.client.get(`${room}/checkin/last`)).body.checkin).toBeNull();
    expect((await pat.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    expect((await pat.client.get(`${room}/me`)).body.checkinRequired).toBe(false);

    // The next session asks again, prefilled with the last answer.
    await facilitator.post(`/api/sessions/${session.id}/end`);
    const next = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 5' })).body.session;
    await facilitator.post(`/api/sessions/${next.id}/start`);
    expect((await pat.client.get(`/api/sessions/${next.id}/room/me`)).body.checkinRequired).toBe(true);
    expect((await pat.client.get(`/api/sessions/${next.id}/room/checkin/last`)).body.checkin).toEqual(CHECKIN);
  });

  it('keeps participants out until they accept a changed group agreement', async () => {
    const { pat, facilitator, session, room, group } = await liveRoom(t);
    await facilitator.patch(`/api/groups/${group.id}`, { agreement: 'A new agreement: be kind.' });
    expect((await pat.client.get(`${room}/me`)).body.agreementAccepted).toBe(false);
    const res = await pat.client.post(`${room}/checkin`, CHECKIN);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ reason: 'agreement_required' });
    expect(((await openEvents(request, pat.client, session.id)) as Response).status).toBe(409);
  });

  it('lets facilitators read the check-ins and audit-logs each read, without the answers in the log', async () => {
    const { facilitator, pat, room, group } = await liveRoom(t);
    await pat.client.post(`${room}/checkin`, CHECKIN);
    const res = await facilitator.get(`${room}/checkins`);
    expect(res.body.checkins).toEqual([{ userId: pat.user.id, displayName: 'Pat', ...CHECKIN, createdAt: expect.any(String) }]);
    const log = (await facilitator.get(`/api/groups/${group.id}/audit`)).body;
    const actions = JSON.stringify(log);
    expect(actions).toContain('room.checkins.read');
    expect(actions).toContain('room.checkin');
    expect(actions).not.toContain('496 0000');
    expect(actions).not.toContain('Leeds');
  });
});

describe('waiting room and presence', () => {
  it('keeps participants waiting until admitted; facilitators see the waiting list, participants only themselves', async () => {
    const { facilitator, pat, session, room, group } = await liveRoom(t);
    const fran = await enter(facilitator, session.id, false);
    expect((await fran.next('status')).presence).toBe('admitted');
    const patStream = await enter(pat.client, session.id);
    expect(await patStream.next('status')).toEqual({ presence: 'waiting', heldByFacilitator: false, removed: false, ended: false, answeredRound: null });
    const seen = await fran.next('state', (s) => s.people.some((p: any) => p.userId === pat.user.id));
    expect(seen.people.find((p: any) => p.userId === pat.user.id).presence).toBe('waiting');
    expect(patStream.has('state')).toBe(false);

    const waitingCommand = await pat.client.post(`${room}/commands`, { type: 'raise_hand' });
    expect(waitingCommand.status).toBe(403);
    expect(waitingCommand.body.error.message).toMatch(/waiting room/);

    expect((await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id })).status).toBe(200);
    expect(await patStream.next('notice', (n) => n.kind === 'admitted')).toEqual({ kind: 'admitted' });
    await patStream.next('status', (s) => s.presence === 'admitted');
    const again = await facilitator.post(`${room}/commands`, { type: 'admit', userId: pat.user.id });
    expect(again.status).toBe(409);
    const attendance = (await facilitator.get(`/api/sessions/${session.id}`)).body.attendance;
    expect(attendance.map((a: any) => a.displayName).sort()).toEqual(['Fran', 'Pat']);
    expect(JSON.stringify((await facilitator.get(`/api/groups/${group.id}/audit`)).body)).toContain('room.admit');
  });

  it('marks a closed stream as reconnecting, back when it reopens, and gone after the grace period', async () => {
    const { facilitator, pat, session, room, patStream } = await fullRoom();
    const presence = async () => (await roomState(facilitator, room)).people.find((p: any) => p.userId === pat.user.id).presence;
    const second = await streamOf(request, pat.client, session.id);
    await second.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await presence()).toBe('admitted'); // another stream is still open
    await patStream.close();
    await eventually(async () => expect(await presence()).toBe('reconnecting'));
    const back = await streamOf(request, pat.client, session.id);
    expect((await back.next('status')).presence).toBe('admitted');
    await back.close();
    await eventually(async () => expect(await presence()).toBe('reconnecting'));
    await eventually(async () => expect(await presence()).toBe('gone'));
    const [stay] = (await facilitator.get(`/api/sessions/${session.id}`)).body.attendance.filter((a: any) => a.userId === pat.user.id);
    expect(stay.leftAt).not.toBeNull();
  });
});

async function eventually(check: () => Promise<void>, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('commands', () => {
  it('refuses every facilitator command from a participant with 403 and changes nothing (crafted commands)', async () => {
    const { facilitator, pat, room } = await fullRoom();
    const before = await roomState(facilitator, room);
    for (const type of FACILITATOR_COMMAND_TYPES) {
      const res = await pat.client.post(`${room}/commands`, SAMPLE_FACILITATOR_COMMANDS[type]);
      expect(res.status, type).toBe(403);
      expect(res.body.error).toEqual({ code: 'forbidden', message: 'Only facilitators can do this.' });
    }
    const crafted = [
      { type: 'raise_hand', userId: (await facilitator.get(`${room}/me`)).body.me.userId },
      { type: 'pass_turn', userId: 'someone-else' }
    ];
    for (const command of crafted) expect((await pat.client.post(`${room}/commands`, command)).status).toBe(403);
    expect(await roomState(facilitator, room)).toEqual(before);
  });

  it('answers malformed commands with 400 and field details', async () => {
    const { pat, room } = await fullRoom();
    const unknown = await pat.client.post(`${room}/commands`, { type: 'become_facilitator' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    const extra = await pat.client.post(`${room}/commands`, { type: 'raise_hand', state: { queue: [] } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details.fields).toEqual({ state: 'This field is not part of the command.' });
    expect((await pat.client.post(`${room}/commands`, '[1,2')).status).toBe(400);
  });

  it('runs the queue: raise, lower, order, call next, turns and timer, pass and finish, with private notices', async () => {
    const { facilitator, pat, quinn, room, patStream, quinnStream } = await fullRoom();
    const command = (client: TestClient, body: object) => client.post(`${room}/commands`, body);
    expect((await command(pat.client, { type: 'raise_hand' })).status).toBe(200);
    expect((await command(pat.client, { type: 'raise_hand' })).status).toBe(409);
    t.clock.advance(10);
    expect((await command(quinn.client, { type: 'raise_hand' })).status).toBe(200);
    expect((await roomState(facilitator, room)).queue.map((h: any) => h.userId)).toEqual([pat.user.id, quinn.user.id]);
    await patStream.next('notice', (n) => n.kind === 'you_are_next');
    expect((await command(facilitator, { type: 'move_in_queue', userId: quinn.user.id, direction: 'up' })).status).toBe(200);
    await quinnStream.next('notice', (n) => n.kind === 'you_are_next');
    expect((await command(facilitator, { type: 'move_in_queue', userId: quinn.user.id, direction: 'up' })).status).toBe(409);
    expect((await command(facilitator, { type: 'set_turn_length', seconds: 90 })).status).toBe(200);
    expect((await command(facilitator, { type: 'set_turn_length', seconds: 5 })).status).toBe(400);
    expect((await command(facilitator, { type: 'call_next' })).status).toBe(200);
    await quinnStream.next('notice', (n) => n.kind === 'your_turn');
    let state = await roomState(facilitator, room);
    expect(state.currentTurn).toMatchObject({ userId: quinn.user.id, lengthMs: 90_000, source: 'queue' });
    expect((await command(pat.client, { type: 'finish_turn' })).status).toBe(409);
    t.clock.advance(30_000);
    expect((await command(quinn.client, { type: 'finish_turn' })).status).toBe(200);
    expect((await command(facilitator, { type: 'call_person', userId: pat.user.id })).status).toBe(200);
    expect((await command(pat.client, { type: 'pass_turn' })).status).toBe(200);
    state = await roomState(facilitator, room);
    expect(state.currentTurn).toBeNull();
    expect(state.turns.map((turn: any) => [turn.userId, turn.endedAt - turn.startedAt])).toEqual([[quinn.user.id, 30_000]]);
    expect((await command(quinn.client, { type: 'raise_hand' })).status).toBe(200);
    expect((await command(quinn.client, { type: 'lower_hand' })).status).toBe(200);
    expect((await command(quinn.client, { type: 'lower_hand' })).status).toBe(409);
    await command(quinn.client, { type: 'raise_hand' });
    await command(pat.client, { type: 'raise_hand' });
    expect((await command(facilitator, { type: 'remove_from_queue', userId: quinn.user.id })).status).toBe(200);
    expect((await command(facilitator, { type: 'clear_queue' })).status).toBe(200);
    expect((await roomState(facilitator, room)).queue).toEqual([]);
    expect((await command(facilitator, { type: 'call_next' })).status).toBe(409);
  });

  it('runs a go-around with a pass, a skip and its end', async () => {
    const { facilitator, pat, quinn, room } = await fullRoom();
    const command = (client: TestClient, body: object) => client.post(`${room}/commands`, body);
    expect((await command(facilitator, { type: 'start_go_around', order: 'listed' })).status).toBe(200);
    expect((await command(facilitator, { type: 'start_go_around', order: 'listed' })).status).toBe(409);
    expect((await roomState(facilitator, room)).currentTurn.userId).toBe(pat.user.id);
    expect((await command(pat.client, { type: 'raise_hand' })).status).toBe(409); // it is their turn already
    expect((await command(quinn.client, { type: 'raise_hand' })).status).toBe(200);
    expect((await command(facilitator, { type: 'call_next' })).status).toBe(409); // the round decides who is next
    expect((await command(pat.client, { type: 'pass_turn' })).status).toBe(200);
    expect((await roomState(facilitator, room)).currentTurn.userId).toBe(quinn.user.id);
    expect((await command(facilitator, { type: 'skip' })).status).toBe(200);
    const round = (await roomState(facilitator, room)).goAround;
    expect(round.entries.map((e: any) => e.status)).toEqual(['passed', 'skipped']);
    expect(round.finishedAt).not.toBeNull();
    expect((await command(facilitator, { type: 'next_in_go_around' })).status).toBe(409);
    expect((await command(facilitator, { type: 'end_go_around' })).status).toBe(200);
    expect((await command(facilitator, { type: 'start_go_around', order: 'shuffled', seed: 7 })).status).toBe(200);
    expect((await command(facilitator, { type: 'next_in_go_around' })).status).toBe(200);
    expect((await command(facilitator, { type: 'end_go_around' })).status).toBe(200);
    expect((await command(facilitator, { type: 'start_go_around', order: 'custom', customOrder: [quinn.user.id, pat.user.id] })).status).toBe(200);
    expect((await roomState(facilitator, room)).currentTurn.userId).toBe(quinn.user.id);
  });

  it('builds and moves through the agenda, spotlights, and refuses steps that do not exist', async () => {
    const { facilitator, pat, room } = await fullRoom();
    const command = (body: object) => facilitator.post(`${room}/commands`, body);
    expect((await command({ type: 'apply_agenda_template', template: 'cbt_group' })).status).toBe(200);
    expect((await command({ type: 'set_agenda', steps: [{ title: 'Arrival', plannedMinutes: 5, tool: 'go_around' }], mode: 'append' })).status).toBe(200);
    expect((await command({ type: 'add_step', step: { title: 'Break', plannedMinutes: 5, tool: 'break' }, index: 1 })).status).toBe(200);
    expect((await command({ type: 'update_step', stepId: 's1', title: 'Arrival round' })).status).toBe(200);
    expect((await command({ type: 'move_step', stepId: 's7', toIndex: 0 })).status).toBe(200);
    expect((await command({ type: 'remove_step', stepId: 's8' })).status).toBe(200);
    expect((await command({ type: 'go_to_step', stepId: 's7' })).status).toBe(200);
    expect((await command({ type: 'go_to_step', stepId: 's7' })).status).toBe(409);
    expect((await command({ type: 'remove_step', stepId: 's7' })).status).toBe(409);
    expect((await command({ type: 'go_to_step', stepId: 's99' })).status).toBe(409);
    expect((await command({ type: 'spotlight', userId: pat.user.id })).status).toBe(200);
    const state = await roomState(facilitator, room);
    expect(state.agenda.steps.map((step: any) => step.title)).toEqual([
      'Arrival',
      'Arrival round',
      'Homework review',
      'Skill teaching',
      'Worksheet practice',
      'Homework',
      'Check-out round'
    ]);
    expect(state.agenda.currentStepId).toBe('s7');
    expect(state.spotlight).toBe(pat.user.id);
    expect((await command({ type: 'spotlight', userId: null })).status).toBe(200);
  });

  it('sends the support signal privately: an alert to facilitators, a receipt to the participant, an audit entry', async () => {
    const { facilitator, pat, room, group, fran, patStream, quinnStream } = await fullRoom();
    expect((await pat.client.post(`${room}/commands`, { type: 'send_support' })).status).toBe(200);
    const alert = await fran.next('alert');
    expect(alert).toMatchObject({ kind: 'support_signal', userId: pat.user.id, displayName: 'Pat', at: t.clock.now.getTime() });
    expect(await patStream.next('notice', (n) => n.kind === 'support_received')).toEqual({ kind: 'support_received', signalId: alert.signalId });
    expect(quinnStream.has('alert')).toBe(false);
    expect(quinnStream.has('notice', (n) => n.kind === 'support_received')).toBe(false);
    expect((await facilitator.post(`${room}/commands`, { type: 'acknowledge_support', signalId: alert.signalId })).status).toBe(200);
    await patStream.next('notice', (n) => n.kind === 'support_acknowledged');
    expect((await facilitator.post(`${room}/commands`, { type: 'acknowledge_support', signalId: alert.signalId })).status).toBe(409);
    expect((await facilitator.post(`${room}/commands`, { type: 'acknowledge_support', signalId: 'support-99' })).status).toBe(404);
    const audit = JSON.stringify((await facilitator.get(`/api/groups/${group.id}/audit`)).body);
    expect(audit).toContain('room.support_signal');
    expect(audit).toContain('room.support_acknowledged');
  });

  it('shows two facilitators the same support state: the open signal, then who acknowledged it, kept for the session', async () => {
    const { facilitator, pat, quinn, group, session, room, fran } = await fullRoom();
    expect((await facilitator.patch(`/api/groups/${group.id}/members/${quinn.user.id}`, { role: 'co_facilitator' })).status).toBe(200);
    const cole = await enter(quinn.client, session.id, false);
    expect((await pat.client.post(`${room}/commands`, { type: 'send_support' })).status).toBe(200);
    const open = (state: any) => state.supportSignals.filter((s: any) => s.acknowledgedBy === null).length;
    const franOpen = await fran.next('state', (state) => open(state) === 1);
    const coleOpen = await cole.next('state', (state) => open(state) === 1);
    expect(coleOpen.supportSignals).toEqual(franOpen.supportSignals);
    const signalId = franOpen.supportSignals[0].id;
    expect((await quinn.client.post(`${room}/commands`, { type: 'acknowledge_support', signalId })).status).toBe(200);
    const seen = (state: any) => state.supportSignals.some((s: any) => s.id === signalId && s.acknowledgedBy === quinn.user.id);
    const franAfter = await fran.next('state', seen);
    const coleAfter = await cole.next('state', seen);
    expect(open(franAfter)).toBe(0);
    expect(coleAfter.supportSignals).toEqual(franAfter.supportSignals);
  });

  it('sends back, admits one by one, auto-admits, and removes: the removed person is told, cut off and kept out', async () => {
    const { facilitator, pat, quinn, session, room, group, patStream, quinnStream } = await fullRoom();
    const revoked: string[] = [];
    const off = t.events.on('session.access_revoked', (event) => revoked.push(event.userId));
    const command = (body: object) => facilitator.post(`${room}/commands`, body);
    expect((await command({ type: 'send_to_waiting', userId: quinn.user.id })).status).toBe(200);
    await quinnStream.next('notice', (n) => n.kind === 'sent_to_waiting');
    await quinnStream.next('status', (s) => s.presence === 'waiting' && s.heldByFacilitator);
    expect((await command({ type: 'admit_all' })).status).toBe(409);
    expect((await command({ type: 'set_auto_admit', on: true })).status).toBe(200);
    expect((await roomState(facilitator, room)).people.find((p: any) => p.userId === quinn.user.id).presence).toBe('waiting');
    expect((await command({ type: 'admit', userId: quinn.user.id })).status).toBe(200);
    expect((await command({ type: 'send_to_waiting', userId: (await facilitator.get(`${room}/me`)).body.me.userId })).status).toBe(403);

    expect((await command({ type: 'remove', userId: pat.user.id })).status).toBe(200);
    expect(await patStream.next('notice', (n) => n.kind === 'removed')).toEqual({ kind: 'removed' });
    await patStream.ended;
    expect(revoked).toEqual([quinn.user.id, pat.user.id]);
    const back = (await openEvents(request, pat.client, session.id)) as Response;
    expect(back.status).toBe(403);
    expect((await back.json()).error.message).toMatch(/removed/);
    expect((await pat.client.post(`${room}/commands`, { type: 'raise_hand' })).status).toBe(403);
    expect((await pat.client.get(`${room}/me`)).body.status).toMatchObject({ removed: true, presence: 'gone' });
    expect((await command({ type: 'remove', userId: pat.user.id })).status).toBe(409);
    const audit = JSON.stringify((await facilitator.get(`/api/groups/${group.id}/audit`)).body);
    expect(audit).toContain('room.remove');
    expect(audit).toContain('room.send_to_waiting');
    off();
  });
});

describe('ending', () => {
  it('ends by command: everyone is told, participants closed out, the session ends, attendance and summary kept', async () => {
    const { facilitator, pat, quinn, session, room, fran, patStream, quinnStream } = await fullRoom();
    await pat.client.post(`${room}/commands`, { type: 'raise_hand' });
    await facilitator.post(`${room}/commands`, { type: 'call_next' });
    t.clock.advance(45_000);
    await facilitator.post(`${room}/commands`, { type: 'apply_agenda_template', template: 'dbt_skills_group' });
    await facilitator.post(`${room}/commands`, { type: 'go_to_step', stepId: 's1' });
    await pat.client.post(`${room}/commands`, { type: 'send_support' });
    t.clock.advance(60_000);
    expect((await quinn.client.post(`${room}/commands`, { type: 'end_session' })).status).toBe(403);
    expect((await facilitator.post(`${room}/commands`, { type: 'end_session' })).status).toBe(200);
    for (const stream of [fran, patStream, quinnStream]) await stream.next('notice', (n) => n.kind === 'session_ended');
    await patStream.ended;
    await quinnStream.ended;
    expect((await facilitator.get(`/api/sessions/${session.id}`)).body.session.status).toBe('ended');
    expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(409);
    const res = await facilitator.get(`/api/sessions/${session.id}/summary`);
    expect(res.status).toBe(200);
    const { summary, attendance } = res.body;
    expect(summary.durationMs).toBeGreaterThanOrEqual(105_000);
    expect(summary.talkTime.find((line: any) => line.userId === pat.user.id)).toMatchObject({ talkMs: 105_000, turns: 1 });
    expect(summary.talkTime.find((line: any) => line.userId === quinn.user.id)).toMatchObject({ talkMs: 0, turns: 0 });
    expect(summary.stepsCovered).toBe(1);
    expect(summary.supportSignals).toEqual([expect.objectContaining({ userId: pat.user.id, displayName: 'Pat' })]);
    expect(attendance).toHaveLength(3);
    expect(attendance.every((row: any) => row.leftAt !== null)).toBe(true);
  });

  it('has ended the session record by the time anyone hears the room ended, so the next session can start at once', async () => {
    const { facilitator, session, room, fran } = await fullRoom();
    // Read the record the moment the room's end goes out (the summary appears then), not after the command returns.
    let heard: Promise<string | undefined> | undefined;
    const stop = t.events.on('room.changed', ({ sessionId, view }) => {
      if (sessionId === session.id && view.ended) heard ??= t.store.sessions.get(session.id).then((row) => row?.status);
    });
    const ending = facilitator.post(`${room}/commands`, { type: 'end_session' });
    await fran.next('notice', (n) => n.kind === 'session_ended');
    expect((await ending).status).toBe(200);
    stop();
    expect(await heard).toBe('ended');
  });

  it('ends the room when the session is ended through the sessions API', async () => {
    const { facilitator, session, room, patStream } = await fullRoom();
    expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);
    await patStream.next('notice', (n) => n.kind === 'session_ended');
    await patStream.ended;
    const summary = (await facilitator.get(`/api/sessions/${session.id}/summary`)).body.summary;
    expect(summary.endedAt).not.toBeNull();
    expect((await facilitator.get(`${room}/me`)).status).toBe(409);
  });
});

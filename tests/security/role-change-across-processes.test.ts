/**
 * A role change or removal made on one process reaches the long-lived channels held by another (finding 3 with
 * REDIS_URL): two real app processes on one PostgreSQL and one Redis. A co-facilitator's room stream and signalling
 * socket are on process B; the lead facilitator demotes them on process A. Within 1 s B's stream says so and from
 * then on carries neither facilitator alerts nor the full room state, and their signalling socket can no longer ask
 * anyone to mute. A removal on A then ends the stream and the socket on B within 1 s.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHECKIN, type EventStream } from '../room/helpers';
import { roomStreamOn, signallingOn } from '../relay/fixtures/process-room';
import { HttpClient, processDatabase, signUpAndIn, startProcess, stopProcesses, type Proc } from '../relay/fixtures/processes';
import type { SignalSocket } from '../video/server';

const database = processDatabase('gst_roles');
let a: Proc;
let b: Proc;
const streams: EventStream[] = [];
const sockets: SignalSocket[] = [];

beforeAll(async () => {
  await database.create();
  a = await startProcess(database.url); // runs the migrations
  b = await startProcess(database.url);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  await Promise.all(streams.map((stream) => stream.close()));
  await stopProcesses(a, b);
  await database.drop();
});

const roomStream = (client: HttpClient, sessionId: string) => roomStreamOn(client, sessionId, streams);
const signalling = (client: HttpClient, wsOrigin: string, sessionId: string) => signallingOn(client, wsOrigin, sessionId, sockets);

/** Resolves with the ms it took once `done` resolves, or rejects after `ms`. */
async function within<T>(done: Promise<T>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);
  return Date.now() - started;
}

const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

it('a co-facilitator demoted on process A loses facilitator alerts, full state and signalling rights on process B within 1 s; a removal on A ends both', async () => {
  const tag = Math.random().toString(36).slice(2, 8);
  const fran = new HttpClient(a.origin);
  const patOnB = new HttpClient(b.origin);
  const quinnOnB = new HttpClient(b.origin);
  await signUpAndIn(fran, `fran.roles.${tag}@example.org`, 'Fran');
  await signUpAndIn(patOnB, `pat.roles.${tag}@example.org`, 'Pat');
  await signUpAndIn(quinnOnB, `quinn.roles.${tag}@example.org`, 'Quinn');
  const group = (await fran.send('POST', '/api/groups', { name: 'Roles across processes', kind: 'cbt' })).body.group;
  const invite = (await fran.send('POST', `/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
  for (const person of [patOnB, quinnOnB]) {
    expect((await person.send('POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  }
  const patId = (await patOnB.send('GET', '/api/me')).body.user.id;
  expect((await fran.send('PATCH', `/api/groups/${group.id}/members/${patId}`, { role: 'co_facilitator' })).status).toBe(200);
  const session = (await fran.send('POST', `/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session;
  expect((await fran.send('POST', `/api/sessions/${session.id}/start`, {})).status).toBe(200);
  const room = `/api/sessions/${session.id}/room`;

  // Fran leads from process A; Pat (co-facilitator) and Quinn are on process B.
  await roomStream(fran, session.id);
  const patStream = await roomStream(patOnB, session.id);
  await patStream.next('state', () => true, 5_000);
  expect((await quinnOnB.send('POST', `${room}/checkin`, CHECKIN)).status).toBe(201);
  const quinnStream = await roomStream(quinnOnB, session.id);
  expect((await fran.on(b.origin).send('POST', `${room}/commands`, { type: 'admit_all' })).status).toBe(200);
  await quinnStream.next('status', (s) => s.presence === 'admitted', 5_000);

  // Before: Pat, facilitating on B, hears support signals and can ask everyone to mute.
  expect((await quinnOnB.send('POST', `${room}/commands`, { type: 'send_support' })).status).toBe(200);
  await patStream.next('alert', () => true, 5_000);
  const pat = await signalling(patOnB, b.wsOrigin, session.id);
  const quinn = await signalling(quinnOnB, b.wsOrigin, session.id);
  await pat.socket.next((m) => m.type === 'JOIN' && m.src === quinn.peerId, 5_000);
  pat.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
  await quinn.socket.next((m) => m.type === 'MEDIA' && m.payload?.action === 'ask_all_to_mute', 5_000);
  const mediaBefore = quinn.socket.ofType('MEDIA').length;

  // The demotion, on process A.
  const demoted = await fran.send('PATCH', `/api/groups/${group.id}/members/${patId}`, { role: 'participant' });
  expect(demoted.status).toBe(200);
  const told = await within(patStream.next('notice', (n) => n.kind === 'role_changed' && n.role === 'participant', 1_000), 1_000, 'role change on B');
  expect(told).toBeLessThan(1_000);

  // From then on Pat's stream on B carries neither alerts nor the full state, though the room goes on changing there.
  const seen = patStream.events.length;
  expect((await quinnOnB.send('POST', `${room}/commands`, { type: 'send_support' })).status).toBe(200);
  expect((await quinnOnB.send('POST', `${room}/commands`, { type: 'raise_hand' })).status).toBe(200);
  await settle();
  const after = patStream.events.slice(seen).map((event) => event.event);
  expect(after).not.toContain('alert');
  expect(after).not.toContain('state');
  expect((await patOnB.send('GET', room)).status).toBe(403);

  // And their signalling socket on B can no longer ask anyone to mute.
  const refusedBefore = pat.socket.ofType('REFUSED').length;
  pat.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
  await pat.socket.next((m) => m.type === 'REFUSED', 1_000, refusedBefore);
  await settle();
  expect(quinn.socket.ofType('MEDIA').length).toBe(mediaBefore);

  // A removal on A: Pat's room stream and signalling socket on B end within 1 s.
  const removed = await fran.send('DELETE', `/api/groups/${group.id}/members/${patId}`);
  expect(removed.status).toBe(204);
  const ended = await within(Promise.all([patStream.ended, pat.socket.closed]), 1_000, 'removal on B');
  expect(ended).toBeLessThan(1_000);
  expect((await pat.socket.closed).code).toBe(4409);
}, 90_000);

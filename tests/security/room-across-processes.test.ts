/**
 * The live room acts as one across processes (REDIS_URL; issue 17 with issue 13's rule): two real app processes on
 * one PostgreSQL and one Redis. The lead facilitator runs every command on process A; a co-facilitator and two
 * participants are on process B.
 *
 * - The room's state: a command on A reaches the co-facilitator's room stream on B within 1 s (full state), and the
 *   participants' streams there only their own status.
 * - Parts: a side room or breakout started or ended on A re-partitions B's signalling peers within 1 s (LEAVE / JOIN,
 *   across processes too), and B refuses a forged offer across parts.
 * - Chat: messages and reactions sent through A reach the streams on B, each reader's filter applied there.
 * - Limits: chat and reactions sent alternately through A and B are refused (429, Retry-After) at the same count as
 *   through one process.
 * - Rights: a participant promoted or demoted on A hears GRANT on their signalling socket on B within 1 s, and their
 *   media controls follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNALLING_MESSAGES } from '../../src/lib/core/protocol';
import { CHECKIN, type EventStream } from '../room/helpers';
import { roomStreamOn, signallingOn } from '../relay/fixtures/process-room';
import { offerAcrossParts, type OpenPeer } from '../video/fixtures';
import { HttpClient, processDatabase, signUpAndIn, startProcess, stopProcesses, type Proc } from '../relay/fixtures/processes';
import type { SignalSocket } from '../video/server';

const database = processDatabase('gst_room_procs');
const LIMITS = { CHAT_BURST: '4', CHAT_PER_MINUTE: '0.01', REACTION_BURST: '2', REACTION_PER_MINUTE: '0.01' };
let a: Proc;
let b: Proc;
const streams: EventStream[] = [];
const sockets: SignalSocket[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Open = OpenPeer;
let fran: HttpClient, patOnB: HttpClient, anaOnB: HttpClient, benOnB: HttpClient;
let groupId: string, sessionId: string, room: string;
let ids: Record<'ana' | 'ben', string>;
let patStream: EventStream, anaStream: EventStream, benStream: EventStream;
let franPeer: Open, anaPeer: Open, benPeer: Open;

const roomStream = (client: HttpClient) => roomStreamOn(client, sessionId, streams);
const signalling = (client: HttpClient, wsOrigin: string) => signallingOn(client, wsOrigin, sessionId, sockets);

/** The first event after `mark` named `event` matching `where`, within `ms`. */
async function eventAfter(stream: EventStream, mark: number, event: string, where: (data: any) => boolean, ms: number): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = stream.events.slice(mark).find((e) => e.event === event && where(e.data));
    if (found) return found.data;
    if (Date.now() > deadline) throw new Error(`no ${event} within ${ms} ms; got ${JSON.stringify(stream.events.slice(mark).map((e) => e.event))}`);
    await sleep(5);
  }
}

async function command(body: Record<string, unknown>): Promise<void> {
  const res = await fran.send('POST', `${room}/commands`, body);
  if (res.status !== 200) throw new Error(`${body.type}: ${res.status} ${JSON.stringify(res.body)}`);
}

const offer = offerAcrossParts;

const marks = (...opens: Open[]) => opens.map((open) => open.socket.messages.length);
const seen = (open: Open, type: string, src: string, from: number) =>
  open.socket.messages.slice(from).some((m) => m.type === type && m.src === src);

beforeAll(async () => {
  await database.create();
  a = await startProcess(database.url, LIMITS); // runs the migrations
  b = await startProcess(database.url, LIMITS);
  const tag = Math.random().toString(36).slice(2, 8);
  fran = new HttpClient(a.origin);
  patOnB = new HttpClient(b.origin);
  anaOnB = new HttpClient(b.origin);
  benOnB = new HttpClient(b.origin);
  await signUpAndIn(fran, `fran.procs.${tag}@example.org`, 'Fran');
  await signUpAndIn(patOnB, `pat.procs.${tag}@example.org`, 'Pat');
  await signUpAndIn(anaOnB, `ana.procs.${tag}@example.org`, 'Ana');
  await signUpAndIn(benOnB, `ben.procs.${tag}@example.org`, 'Ben');
  const group = (await fran.send('POST', '/api/groups', { name: 'One room, two processes', kind: 'cbt' })).body.group;
  groupId = group.id;
  const invite = (await fran.send('POST', `/api/groups/${groupId}/invites`, { maxUses: 5 })).body.invite;
  for (const person of [patOnB, anaOnB, benOnB]) {
    expect((await person.send('POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  }
  const patId = (await patOnB.send('GET', '/api/me')).body.user.id;
  ids = { ana: (await anaOnB.send('GET', '/api/me')).body.user.id, ben: (await benOnB.send('GET', '/api/me')).body.user.id };
  expect((await fran.send('PATCH', `/api/groups/${groupId}/members/${patId}`, { role: 'co_facilitator' })).status).toBe(200);
  const session = (await fran.send('POST', `/api/groups/${groupId}/sessions`, { title: 'Session 1' })).body.session;
  sessionId = session.id;
  expect((await fran.send('POST', `/api/sessions/${sessionId}/start`, {})).status).toBe(200);
  room = `/api/sessions/${sessionId}/room`;
  await roomStream(fran);
  patStream = await roomStream(patOnB);
  await patStream.next('state', () => true, 5_000);
  for (const person of [anaOnB, benOnB]) expect((await person.send('POST', `${room}/checkin`, CHECKIN)).status).toBe(201);
  anaStream = await roomStream(anaOnB);
  benStream = await roomStream(benOnB);
}, 90_000);

afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  await Promise.all(streams.map((stream) => stream.close()));
  await stopProcesses(a, b);
  await database.drop();
});

describe('one live room across two processes', () => {
  it('a command on A reaches the room streams on B within 1 s, each filtered for its audience', async () => {
    const patMark = patStream.events.length;
    const anaMark = anaStream.events.length;
    await command({ type: 'admit_all' });
    // Timed from the command's answer on A, as the role-change test times its change.
    const started = Date.now();
    const state = await eventAfter(patStream, patMark, 'state', (s) => s.people.some((p: any) => p.userId === ids.ana && p.presence === 'admitted'), 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(state.people.find((p: any) => p.userId === ids.ben).presence).toBe('admitted');
    await eventAfter(anaStream, anaMark, 'status', (s) => s.presence === 'admitted', 1_000);
    // A participant's stream carries their own status, never the facilitators' full state.
    expect(anaStream.events.some((e) => e.event === 'state')).toBe(false);
  });

  it('a side room started on A re-partitions the peers on B within 1 s; B refuses forged offers across parts', async () => {
    franPeer = await signalling(fran, a.wsOrigin);
    anaPeer = await signalling(anaOnB, b.wsOrigin);
    benPeer = await signalling(benOnB, b.wsOrigin);
    await benPeer.socket.next((m) => m.type === 'JOIN' && m.src === anaPeer.peerId, 5_000);
    await benPeer.socket.next((m) => m.type === 'JOIN' && m.src === franPeer.peerId, 5_000);
    await franPeer.socket.next((m) => m.type === 'JOIN' && m.src === benPeer.peerId, 5_000);

    const [fm, am, bm] = marks(franPeer, anaPeer, benPeer);
    const patMark = patStream.events.length;
    await command({ type: 'start_side_room', userId: ids.ana });
    const started = Date.now();
    // On B: the member and the rest of the group hang up on each other (both held by B), and Ben on the facilitator
    // (held by A); on A the facilitator on Ben. The side room's own link stays.
    await Promise.all([
      benPeer.socket.next((m) => m.type === 'LEAVE' && m.src === anaPeer.peerId, 1_000, bm),
      benPeer.socket.next((m) => m.type === 'LEAVE' && m.src === franPeer.peerId, 1_000, bm),
      anaPeer.socket.next((m) => m.type === 'LEAVE' && m.src === benPeer.peerId, 1_000, am),
      franPeer.socket.next((m) => m.type === 'LEAVE' && m.src === benPeer.peerId, 1_000, fm)
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);
    const view = await eventAfter(patStream, patMark, 'state', (s) => s.parts?.sideRooms?.length === 1, 1_000);
    expect(view.parts.sideRooms[0].memberId).toBe(ids.ana);
    await sleep(200);
    expect(seen(anaPeer, 'LEAVE', franPeer.peerId, am)).toBe(false);
    expect(seen(franPeer, 'LEAVE', anaPeer.peerId, fm)).toBe(false);

    expect(await offer(benPeer, anaPeer, 'forged-into-the-side-room')).toBe(false);
    expect(await offer(benPeer, franPeer, 'to-the-facilitator-elsewhere')).toBe(false);
    expect(await offer(anaPeer, benPeer, 'out-of-the-side-room')).toBe(false);
    expect(await offer(anaPeer, franPeer, 'side-room-across-processes')).toBe(true);
  });

  it('the member back in the group (on A): everyone on B meets again within 1 s', async () => {
    const [, , bm] = marks(franPeer, anaPeer, benPeer);
    await command({ type: 'return_to_group', userId: ids.ana });
    const started = Date.now();
    await Promise.all([
      benPeer.socket.next((m) => m.type === 'JOIN' && m.src === anaPeer.peerId, 1_000, bm),
      benPeer.socket.next((m) => m.type === 'JOIN' && m.src === franPeer.peerId, 1_000, bm)
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await offer(benPeer, anaPeer, 'back-in-the-group')).toBe(true);
    expect(await offer(benPeer, franPeer, 'facilitator-back')).toBe(true);
  });

  it('breakout pairs started and ended on A: the pair on B together, the facilitator on A apart, then all back', async () => {
    let [fm, am, bm] = marks(franPeer, anaPeer, benPeer);
    await command({ type: 'start_breakout', minutes: 5, pairs: [[ids.ana, ids.ben]] });
    await Promise.all([
      anaPeer.socket.next((m) => m.type === 'LEAVE' && m.src === franPeer.peerId, 1_000, am),
      benPeer.socket.next((m) => m.type === 'LEAVE' && m.src === franPeer.peerId, 1_000, bm),
      franPeer.socket.next((m) => m.type === 'LEAVE' && m.src === anaPeer.peerId, 1_000, fm)
    ]);
    expect(seen(anaPeer, 'LEAVE', benPeer.peerId, am)).toBe(false);
    expect(await offer(franPeer, benPeer, 'into-a-pair')).toBe(false);
    expect(await offer(anaPeer, benPeer, 'pair')).toBe(true);

    [fm, am, bm] = marks(franPeer, anaPeer, benPeer);
    await command({ type: 'end_breakout' });
    await Promise.all([
      anaPeer.socket.next((m) => m.type === 'JOIN' && m.src === franPeer.peerId, 1_000, am),
      franPeer.socket.next((m) => m.type === 'JOIN' && m.src === benPeer.peerId, 1_000, fm)
    ]);
  });

  it('chat and reactions sent through A reach the room streams on B, filtered for each reader as on A', async () => {
    const chat = `/api/sessions/${sessionId}/chat`;
    const [patMark, anaMark] = [patStream.events.length, anaStream.events.length];
    expect((await fran.send('POST', chat, { thread: 'group', text: 'Welcome back, everyone' })).status).toBe(201);
    await eventAfter(anaStream, anaMark, 'chat', (m) => m.text === 'Welcome back, everyone' && m.senderName === 'Fran', 1_000);
    // Ben's private thread to the facilitators, posted through A: Pat (co-facilitator, on B) reads it, Ana never does.
    expect((await benOnB.on(a.origin).send('POST', chat, { thread: ids.ben, text: 'Can we talk later?' })).status).toBe(201);
    await eventAfter(patStream, patMark, 'chat', (m) => m.text === 'Can we talk later?', 1_000);
    expect((await fran.send('POST', `/api/sessions/${sessionId}/reactions`, { reaction: 'thank_you' })).status).toBe(201);
    await eventAfter(anaStream, anaMark, 'reaction', (r) => r.reaction === 'thank_you', 1_000);
    await sleep(200);
    expect(anaStream.events.some((e) => e.event === 'chat' && e.data.text === 'Can we talk later?')).toBe(false);
    expect(benStream.events.some((e) => e.event === 'chat' && e.data.text === 'Welcome back, everyone')).toBe(true);
  });

  it('chat and reaction limits count across processes: alternately through A and B, refused at the one-process count', async () => {
    const chat = `/api/sessions/${sessionId}/chat`;
    const anaOnA = anaOnB.on(a.origin);
    const post = (client: HttpClient, text: string) =>
      fetch(client.origin + chat, { method: 'POST', headers: { 'content-type': 'application/json', cookie: client.cookie! }, body: JSON.stringify({ thread: 'group', text }) });
    // Through one process: four, then refused.
    for (let i = 0; i < 4; i++) expect((await post(patOnB, `pat ${i}`)).status).toBe(201);
    expect((await post(patOnB, 'pat one too many')).status).toBe(429);
    // Alternately through A and B: the same four, then refused on either.
    for (let i = 0; i < 4; i++) expect((await post(i % 2 ? anaOnB : anaOnA, `ana ${i}`)).status).toBe(201);
    for (const client of [anaOnA, anaOnB]) {
      const limited = await post(client, 'ana one too many');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error.code).toBe('rate_limited');
    }

    const react = (client: HttpClient) => client.send('POST', `/api/sessions/${sessionId}/reactions`, { reaction: 'me_too' });
    expect((await react(anaOnA)).status).toBe(201);
    expect((await react(anaOnB)).status).toBe(201);
    const refused = await react(anaOnA);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
  });

  it('a role changed on A reaches the signalling socket on B as GRANT within 1 s; the media controls follow', async () => {
    const [, am, bm] = marks(franPeer, anaPeer, benPeer);
    expect((await fran.send('PATCH', `/api/groups/${groupId}/members/${ids.ben}`, { role: 'co_facilitator' })).status).toBe(200);
    let started = Date.now();
    const granted = await benPeer.socket.next((m) => m.type === 'GRANT', 1_000, bm);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(granted.payload).toEqual({ facilitating: true, msg: SIGNALLING_MESSAGES.grantedFacilitator });
    benPeer.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
    await anaPeer.socket.next((m) => m.type === 'MEDIA' && (m.payload as { action?: string })?.action === 'ask_all_to_mute', 2_000, am);

    const mark = benPeer.socket.messages.length;
    expect((await fran.send('PATCH', `/api/groups/${groupId}/members/${ids.ben}`, { role: 'participant' })).status).toBe(200);
    started = Date.now();
    const withdrawn = await benPeer.socket.next((m) => m.type === 'GRANT', 1_000, mark);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(withdrawn.payload).toEqual({ facilitating: false, msg: SIGNALLING_MESSAGES.grantWithdrawn });
    // The socket stays open (the call goes on) but can no longer ask anyone to mute.
    benPeer.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
    await benPeer.socket.next((m) => m.type === 'REFUSED', 1_000, mark);
    expect(benPeer.socket.ws.readyState).toBe(1);
  });
});

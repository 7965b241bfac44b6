/**
 * Two signalling servers on one database, joined by Redis (as two processes behind a load balancer would be): an id
 * issued by one opens a socket on the other, JOIN, OFFER and LEAVE cross over with the server-set src, a message
 * waits for a peer that connects on the other process, EXPIRE when none does, and a removal on one cuts the socket
 * on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { createRedisSignallingBus } from '../../server/signalling/redis-bus';
import { openTestDb } from '../helpers/test-app';
import { issuePeerId, liveSession, type LiveSession, type Person } from './fixtures';
import { admissionList, SignalSocket, startSignallingServer, type SignallingServer } from './server';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const admission = admissionList();
let db: Awaited<ReturnType<typeof openTestDb>>;
let one: SignallingServer;
let two: SignallingServer;
let live: LiveSession;
const sockets: SignalSocket[] = [];

async function connect(server: SignallingServer, person: Person, peerId?: string) {
  const id = peerId ?? (await issuePeerId(person, live.sessionId));
  const socket = new SignalSocket(server.wsOrigin, id, person.client.cookie);
  sockets.push(socket);
  await socket.next((m) => m.type === 'OPEN');
  return { socket, peerId: id };
}

beforeAll(async () => {
  db = await openTestDb();
  const logger = createLogger('silent');
  const hubOptions = { expireMs: 500, sweepEveryMs: 50 };
  one = await startSignallingServer({ db, admission, hubOptions, bus: await createRedisSignallingBus(REDIS, logger) });
  two = await startSignallingServer({ db, admission, hubOptions, bus: await createRedisSignallingBus(REDIS, logger) });
  live = await liveSession(one, 2, admission);
});

afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  await one?.close();
  await two?.close();
  await db?.drop();
});

describe('signalling across processes', () => {
  it('lets peers on different processes find and signal each other', async () => {
    const a = await connect(one, live.facilitator);
    const b = await connect(two, live.participants[0]!);
    expect((await a.socket.next((m) => m.type === 'JOIN' && m.src === b.peerId)).payload.userId).toBe(live.participants[0]!.user.id);
    expect((await b.socket.next((m) => m.type === 'JOIN' && m.src === a.peerId)).payload.userId).toBe(live.facilitator.user.id);

    a.socket.send({ type: 'OFFER', payload: { connectionId: 'x1' }, dst: b.peerId, src: 'pforged' });
    expect(await b.socket.next((m) => m.type === 'OFFER')).toEqual({ type: 'OFFER', src: a.peerId, dst: b.peerId, payload: { connectionId: 'x1' } });
    b.socket.send({ type: 'ANSWER', payload: { connectionId: 'x1' }, dst: a.peerId });
    expect((await a.socket.next((m) => m.type === 'ANSWER')).src).toBe(b.peerId);

    b.socket.close();
    expect((await a.socket.next((m) => m.type === 'LEAVE' && m.src === b.peerId)).dst).toBe(a.peerId);
    a.socket.close();
  });

  it('holds a message for a peer that then connects to the other process, and expires one for a peer that never does', async () => {
    const a = await connect(one, live.facilitator);
    const lateId = await issuePeerId(live.participants[1]!, live.sessionId);
    a.socket.send({ type: 'OFFER', payload: { connectionId: 'early' }, dst: lateId });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const late = await connect(two, live.participants[1]!, lateId);
    expect((await late.socket.next((m) => m.type === 'OFFER')).src).toBe(a.peerId);

    const neverId = await issuePeerId(live.participants[0]!, live.sessionId);
    a.socket.send({ type: 'CANDIDATE', payload: { connectionId: 'lost' }, dst: neverId });
    expect((await a.socket.next((m) => m.type === 'EXPIRE')).src).toBe(neverId);
    a.socket.close();
    late.socket.close();
  });

  it('cuts a removed participant on the other process within a second', async () => {
    const a = await connect(one, live.facilitator);
    const b = await connect(two, live.participants[0]!);
    const started = Date.now();
    one.events.emit('session.access_revoked', { groupId: live.groupId, sessionId: live.sessionId, userId: live.participants[0]!.user.id });
    const closed = await b.socket.closed;
    expect(closed.code).toBe(4409);
    expect(closed.at - started).toBeLessThan(1000);
    await a.socket.next((m) => m.type === 'LEAVE' && m.src === b.peerId, 1000);
    a.socket.close();
  });
});

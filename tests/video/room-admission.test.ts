/**
 * Signalling with the live room's own admission (no stand-in): only people the facilitator let in get a peer id;
 * sending someone back to the waiting room or removing them cuts their socket at once and the others get LEAVE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRoom, issuePeerId, liveSession, roomCommand, type InRoom, type LiveSession } from './fixtures';
import { SignalSocket, startSignallingServer, type SignallingServer } from './server';

let server: SignallingServer;
let live: LiveSession;
let streams: InRoom[] = [];
const sockets: SignalSocket[] = [];

async function open(person: LiveSession['facilitator']) {
  const peerId = await issuePeerId(person, live.sessionId);
  const socket = new SignalSocket(server.wsOrigin, peerId, person.client.cookie);
  sockets.push(socket);
  await socket.next((m) => m.type === 'OPEN');
  return { socket, peerId };
}

beforeAll(async () => {
  server = await startSignallingServer();
  live = await liveSession(server, 3);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  for (const socket of sockets) socket.ws.terminate();
  await server?.close();
});

describe('media admission from the live room', () => {
  it('gives no peer id to a participant who has not entered the room', async () => {
    const res = await live.participants[0]!.client.post(`/api/sessions/${live.sessionId}/media/peer`);
    expect(res.status).toBe(403);
  });

  it('cuts the socket of a participant sent back to the waiting room within a second, and of one removed', async () => {
    streams = await enterRoom(server, live);
    const facilitator = await open(live.facilitator);
    const sentBack = await open(live.participants[0]!);
    const removed = await open(live.participants[1]!);
    const stays = await open(live.participants[2]!);

    let started = Date.now();
    await roomCommand(live.facilitator, live.sessionId, { type: 'send_to_waiting', userId: live.participants[0]!.user.id });
    const first = await sentBack.socket.closed;
    expect(first.code).toBe(4409);
    expect(first.at - started).toBeLessThan(1000);
    await facilitator.socket.next((m) => m.type === 'LEAVE' && m.src === sentBack.peerId, 1000);
    expect((await live.participants[0]!.client.post(`/api/sessions/${live.sessionId}/media/peer`)).status).toBe(403);

    started = Date.now();
    await roomCommand(live.facilitator, live.sessionId, { type: 'remove', userId: live.participants[1]!.user.id });
    const second = await removed.socket.closed;
    expect(second.code).toBe(4409);
    expect(second.at - started).toBeLessThan(1000);
    await stays.socket.next((m) => m.type === 'LEAVE' && m.src === removed.peerId, 1000);

    stays.socket.send({ type: 'OFFER', payload: { connectionId: 'after' }, dst: facilitator.peerId });
    expect((await facilitator.socket.next((m) => m.type === 'OFFER')).src).toBe(stays.peerId);
  });
});

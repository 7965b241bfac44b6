/**
 * Signalling follows the parts of the live room (src/lib/core/room-parts, server/room-parts): a side room or a
 * breakout pair hears only its own people. Real server, real room commands, raw PeerJS-protocol sockets: forged
 * offers across parts are refused, moving people sends JOIN before LEAVE and leaves the side room's own link alone,
 * and participants cannot move anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRoom, issuePeerId, liveSession, offerAcrossParts, roomCommand, type InRoom, type LiveSession, type OpenPeer, type Person } from './fixtures';
import { SignalSocket, startSignallingServer, type SignallingServer } from './server';

let server: SignallingServer;
let live: LiveSession;
let streams: InRoom[] = [];
const sockets: SignalSocket[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Open = OpenPeer;
let fay: Open, ana: Open, ben: Open, cat: Open;

async function open(person: Person): Promise<Open> {
  const peerId = await issuePeerId(person, live.sessionId);
  const socket = new SignalSocket(server.wsOrigin, peerId, person.client.cookie);
  sockets.push(socket);
  await socket.next((m) => m.type === 'OPEN');
  return { socket, peerId };
}

const userOf = (i: number) => live.participants[i]!.user.id;

const offer = offerAcrossParts;

const index = (socket: SignalSocket, type: string, src: string, from: number) =>
  socket.messages.findIndex((m, i) => i >= from && m.type === type && m.src === src);

beforeAll(async () => {
  server = await startSignallingServer();
  live = await liveSession(server, 3);
  streams = await enterRoom(server, live);
  fay = await open(live.facilitator);
  [ana, ben, cat] = [await open(live.participants[0]!), await open(live.participants[1]!), await open(live.participants[2]!)];
  // Everyone met everyone in the group.
  await cat.socket.next((m) => m.type === 'JOIN' && m.src === ana.peerId);
}, 60_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  for (const socket of sockets) socket.ws.terminate();
  await server?.close();
});

describe('signalling in a side room', () => {
  it('refuses participants who try to open or end a side room', async () => {
    const tried = await live.participants[1]!.client.post(`/api/sessions/${live.sessionId}/room/commands`, { type: 'start_side_room', userId: userOf(0) });
    expect(tried.status).toBe(403);
    expect(tried.body.error.code).toBe('forbidden');
  });

  it('moves the member and facilitator apart from the group, keeps their own link, and refuses forged offers across', async () => {
    const marks = [fay, ana, ben, cat].map((o) => o.socket.messages.length);
    await roomCommand(live.facilitator, live.sessionId, { type: 'start_side_room', userId: userOf(0) });
    await ben.socket.next((m) => m.type === 'LEAVE' && m.src === ana.peerId, 2000, marks[2]);
    await ben.socket.next((m) => m.type === 'LEAVE' && m.src === fay.peerId, 2000, marks[2]);
    await ana.socket.next((m) => m.type === 'LEAVE' && m.src === cat.peerId, 2000, marks[1]);
    await fay.socket.next((m) => m.type === 'LEAVE' && m.src === ben.peerId, 2000, marks[0]);
    // The side room's own connection is never dropped.
    expect(index(ana.socket, 'LEAVE', fay.peerId, marks[1]!)).toBe(-1);
    expect(index(fay.socket, 'LEAVE', ana.peerId, marks[0]!)).toBe(-1);

    expect(await offer(ben, ana, 'forged-into-side-room')).toBe(false);
    expect(await offer(ana, cat, 'out-of-side-room')).toBe(false);
    expect(await offer(cat, fay, 'to-the-busy-facilitator')).toBe(false);
    expect(await offer(ana, fay, 'side-room')).toBe(true);
    expect(await offer(ben, cat, 'group')).toBe(true);

    const refused = await live.participants[1]!.client.post(`/api/sessions/${live.sessionId}/room/commands`, { type: 'return_to_group', userId: userOf(0) });
    expect(refused.status).toBe(403);
  });

  it('a peer that (re)connects during the side room meets only its own part', async () => {
    const again = await open(live.participants[2]!);
    await sleep(200);
    const joined = again.socket.ofType('JOIN').map((m) => m.src);
    expect(joined).toContain(ben.peerId);
    expect(joined).not.toContain(ana.peerId);
    expect(joined).not.toContain(fay.peerId);
    again.socket.close();
    await again.socket.closed;
    cat = await open(live.participants[2]!);
  });

  it('brings both back when the member returns: JOIN with everyone, offers flow again', async () => {
    const mark = ben.socket.messages.length;
    await roomCommand(live.participants[0]!, live.sessionId, { type: 'return_to_group' });
    await ben.socket.next((m) => m.type === 'JOIN' && m.src === ana.peerId, 2000, mark);
    await ben.socket.next((m) => m.type === 'JOIN' && m.src === fay.peerId, 2000, mark);
    expect(await offer(ben, ana, 'back-in-the-group')).toBe(true);
    expect(await offer(cat, fay, 'facilitator-back')).toBe(true);
  });
});

describe('signalling in breakout pairs', () => {
  it('connects each pair only, lets a visiting facilitator into one pair, and everyone back on call-back', async () => {
    let marks = [fay, ana, ben, cat].map((o) => o.socket.messages.length);
    await roomCommand(live.facilitator, live.sessionId, { type: 'start_breakout', minutes: 5, pairs: [[userOf(0), userOf(1)]] });
    await ana.socket.next((m) => m.type === 'LEAVE' && m.src === cat.peerId, 2000, marks[1]);
    expect(index(ana.socket, 'LEAVE', ben.peerId, marks[1]!)).toBe(-1);
    expect(await offer(ana, ben, 'pair')).toBe(true);
    expect(await offer(cat, ana, 'into-a-pair')).toBe(false);
    // Cat was not paired: Cat stays with the facilitator.
    expect(await offer(cat, fay, 'unpaired-with-facilitator')).toBe(true);

    const pairId = (await live.facilitator.client.get(`/api/sessions/${live.sessionId}/room`)).body.state.parts.breakout.pairs[0].id;
    marks = [fay, ana, ben, cat].map((o) => o.socket.messages.length);
    await roomCommand(live.facilitator, live.sessionId, { type: 'visit_pair', pairId });
    await fay.socket.next((m) => m.type === 'JOIN' && m.src === ana.peerId, 2000, marks[0]);
    await fay.socket.next((m) => m.type === 'LEAVE' && m.src === cat.peerId, 2000, marks[0]);
    // JOIN for the new part comes before LEAVE of the old one.
    expect(index(fay.socket, 'JOIN', ana.peerId, marks[0]!)).toBeLessThan(index(fay.socket, 'LEAVE', cat.peerId, marks[0]!));
    expect(await offer(fay, ben, 'visit')).toBe(true);
    expect(await offer(cat, fay, 'facilitator-away')).toBe(false);

    marks = [fay, ana, ben, cat].map((o) => o.socket.messages.length);
    await roomCommand(live.facilitator, live.sessionId, { type: 'end_breakout' });
    await cat.socket.next((m) => m.type === 'JOIN' && m.src === ana.peerId, 2000, marks[3]);
    await cat.socket.next((m) => m.type === 'JOIN' && m.src === fay.peerId, 2000, marks[3]);
    expect(await offer(cat, ana, 'all-back')).toBe(true);
  });

  it('audits every side room and breakout, start and end', async () => {
    const { body } = await live.facilitator.client.get(`/api/groups/${live.groupId}/audit`);
    const actions = JSON.stringify(body);
    for (const action of ['room.side_room_started', 'room.side_room_ended', 'room.breakout_started', 'room.breakout_ended']) {
      expect(actions).toContain(action);
    }
  });
});

/**
 * PeerJS signalling against a real server on port 0 with raw `ws` sockets: authentication, admission, issued ids,
 * session scope, forwarding with a server-set src, queueing and EXPIRE, bad frames, heartbeats and removal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPeerId } from '../../server/signalling/grants';
import { issuePeerId, liveSession, type LiveSession } from './fixtures';
import { admissionList, SignalSocket, sleep, startSignallingServer, type SignallingServer } from './server';

const EXPIRE_MS = 400;
const ALIVE_MS = 1500;

let server: SignallingServer;
const admission = admissionList();
let live: LiveSession;
let other: LiveSession;
const sockets: SignalSocket[] = [];

function connect(peerId: string, cookie: string | undefined, headers?: Record<string, string>, token?: string): SignalSocket {
  const socket = new SignalSocket(server.wsOrigin, peerId, cookie, headers, token);
  sockets.push(socket);
  return socket;
}

async function connected(person: { client: { cookie?: string } }, sessionId: string): Promise<{ socket: SignalSocket; peerId: string }> {
  const peerId = await issuePeerId(person as never, sessionId);
  const socket = connect(peerId, person.client.cookie);
  await socket.next((m) => m.type === 'OPEN');
  return { socket, peerId };
}

beforeAll(async () => {
  server = await startSignallingServer({ admission, hubOptions: { expireMs: EXPIRE_MS, aliveTimeoutMs: ALIVE_MS, sweepEveryMs: 50 } });
  live = await liveSession(server, 3, admission);
  other = await liveSession(server, 1, admission);
});

afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  await server?.close();
});

describe('who may connect', () => {
  it('refuses a socket without a sign-in with ERROR and 4401', async () => {
    const peerId = await issuePeerId(live.participants[0]!, live.sessionId);
    const socket = connect(peerId, undefined);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(socket.ofType('ERROR')).toHaveLength(1);
    expect(socket.ofType('OPEN')).toHaveLength(0);
  });

  it('issues no peer id to a member the room has not let in, and refuses their socket once admission is withdrawn', async () => {
    const person = live.participants[2]!;
    const peerId = await issuePeerId(person, live.sessionId);
    admission.withdraw(live.sessionId, person.user.id);
    try {
      const refused = await person.client.post(`/api/sessions/${live.sessionId}/media/peer`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      const socket = connect(peerId, person.client.cookie);
      expect((await socket.closed).code).toBe(4403);
      expect(socket.ofType('ERROR')[0]?.payload.msg).toMatch(/lets you into the room/);
    } finally {
      admission.admit(live.sessionId, person.user.id);
    }
  });

  it('issues no peer id for a session of another group (not found) or a session that is not live', async () => {
    expect((await live.participants[0]!.client.post(`/api/sessions/${other.sessionId}/media/peer`)).status).toBe(404);
    const scheduled = (await live.facilitator.client.post(`/api/groups/${live.groupId}/sessions`, { title: 'Next week' })).body.session;
    admission.admit(scheduled.id, live.participants[0]!.user.id);
    expect((await live.participants[0]!.client.post(`/api/sessions/${scheduled.id}/media/peer`)).status).toBe(403);
  });

  it('refuses an id the server never issued, and an id issued to another sign-in', async () => {
    const made = connect(newPeerId(), live.participants[0]!.client.cookie);
    expect((await made.closed).code).toBe(4403);
    const facilitatorId = await issuePeerId(live.facilitator, live.sessionId);
    const borrowed = connect(facilitatorId, live.participants[0]!.client.cookie);
    expect((await borrowed.closed).code).toBe(4403);
    expect(borrowed.ofType('OPEN')).toHaveLength(0);
    const junk = connect('../../etc', live.participants[0]!.client.cookie);
    expect((await junk.closed).code).toBe(4403);
  });

  it('refuses a page of another site', async () => {
    const peerId = await issuePeerId(live.participants[0]!, live.sessionId);
    const socket = connect(peerId, live.participants[0]!.client.cookie, { origin: 'https://evil.example' });
    expect((await socket.closed).code).toBe(4403);
  });

  it('does not hand out ids over the stock GET /id endpoint', async () => {
    const res = await fetch(`${server.origin}/peerjs/peerjs/id?ts=1`);
    expect(res.status).toBe(403);
  });

  it('sends OPEN to an admitted member with an issued id, and ID-TAKEN to a second socket with the same id', async () => {
    const { socket, peerId } = await connected(live.participants[0]!, live.sessionId);
    const again = connect(peerId, live.participants[0]!.client.cookie);
    expect((await again.next((m) => m.type === 'ID-TAKEN')).type).toBe('ID-TAKEN');
    await again.closed;
    socket.send({ type: 'HEARTBEAT' });
    await sleep(50);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.close();
    await socket.closed;
  });

  it('lets the same client (same token) take its id over after a network change, without a LEAVE for the others', async () => {
    const f = await connected(live.facilitator, live.sessionId);
    const peerId = await issuePeerId(live.participants[1]!, live.sessionId);
    const first = connect(peerId, live.participants[1]!.client.cookie, undefined, 'same-token');
    await first.next((m) => m.type === 'OPEN');
    const again = connect(peerId, live.participants[1]!.client.cookie, undefined, 'same-token');
    await again.next((m) => m.type === 'OPEN');
    expect((await again.next((m) => m.type === 'JOIN')).src).toBe(f.peerId);
    expect((await first.closed).code).toBe(1000);
    f.socket.send({ type: 'OFFER', payload: { connectionId: 'after-move' }, dst: peerId });
    expect((await again.next((m) => m.type === 'OFFER')).src).toBe(f.peerId);
    expect(f.socket.ofType('LEAVE').filter((m) => m.src === peerId)).toHaveLength(0);
    again.close();
    f.socket.close();
  });

  it('gives the ICE servers only to admitted members; none configured means host candidates only', async () => {
    const res = await live.participants[0]!.client.get(`/api/sessions/${live.sessionId}/media/ice`);
    expect(res.status).toBe(200);
    expect(res.body.iceServers).toEqual([]);
    const outsider = server.client();
    await outsider.signup('Outsider');
    expect((await outsider.get(`/api/sessions/${live.sessionId}/media/ice`)).status).toBe(404);
  });
});

describe('forwarding within a session', () => {
  it('tells each peer who is there, forwards OFFER, ANSWER and CANDIDATE with the server-set src', async () => {
    const a = await connected(live.facilitator, live.sessionId);
    const b = await connected(live.participants[1]!, live.sessionId);
    expect((await a.socket.next((m) => m.type === 'JOIN' && m.src === b.peerId)).payload).toEqual({ userId: live.participants[1]!.user.id });
    expect((await b.socket.next((m) => m.type === 'JOIN' && m.src === a.peerId)).payload).toEqual({ userId: live.facilitator.user.id });

    const payload = { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' };
    a.socket.send({ type: 'OFFER', payload, dst: b.peerId, src: 'pforged' });
    const offer = await b.socket.next((m) => m.type === 'OFFER');
    expect(offer).toEqual({ type: 'OFFER', src: a.peerId, dst: b.peerId, payload });
    b.socket.send({ type: 'ANSWER', payload: { sdp: { type: 'answer', sdp: 'v=0' }, connectionId: 'mc_1' }, dst: a.peerId });
    expect((await a.socket.next((m) => m.type === 'ANSWER')).src).toBe(b.peerId);
    b.socket.send({ type: 'CANDIDATE', payload: { candidate: { candidate: 'c' }, connectionId: 'mc_1' }, dst: a.peerId });
    expect((await a.socket.next((m) => m.type === 'CANDIDATE')).src).toBe(b.peerId);

    b.socket.close();
    expect((await a.socket.next((m) => m.type === 'LEAVE')).src).toBe(b.peerId);
    a.socket.close();
  });

  it('refuses signalling to a peer of another session and forwards nothing', async () => {
    const mine = await connected(live.participants[0]!, live.sessionId);
    const theirs = await connected(other.participants[0]!, other.sessionId);
    mine.socket.send({ type: 'OFFER', payload: { connectionId: 'x' }, dst: theirs.peerId });
    const error = await mine.socket.next((m) => m.type === 'ERROR');
    expect(error.payload.msg).toMatch(/your session/);
    await sleep(100);
    expect(theirs.socket.ofType('OFFER')).toHaveLength(0);
    expect(theirs.socket.ofType('JOIN')).toHaveLength(0);
    mine.socket.close();
    theirs.socket.close();
  });

  it('holds a message for a peer not yet connected, delivers it if they come in time, else answers EXPIRE', async () => {
    const a = await connected(live.facilitator, live.sessionId);
    const lateId = await issuePeerId(live.participants[0]!, live.sessionId);
    a.socket.send({ type: 'OFFER', payload: { connectionId: 'early' }, dst: lateId });
    await sleep(EXPIRE_MS / 4);
    const late = connect(lateId, live.participants[0]!.client.cookie);
    expect((await late.next((m) => m.type === 'OFFER')).src).toBe(a.peerId);

    const neverId = await issuePeerId(live.participants[1]!, live.sessionId);
    const sentAt = Date.now();
    a.socket.send({ type: 'OFFER', payload: { connectionId: 'lost' }, dst: neverId });
    const expired = await a.socket.next((m) => m.type === 'EXPIRE', 3000);
    expect(expired.src).toBe(neverId);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(EXPIRE_MS - 20);
    a.socket.close();
    late.close();
  });
});

describe('bad frames', () => {
  it('answers non-JSON, unknown, binary and oversize frames without a crash while another pair keeps signalling', async () => {
    const a = await connected(live.facilitator, live.sessionId);
    const b = await connected(live.participants[1]!, live.sessionId);
    const bad = await Promise.all([0, 1, 2].map(() => connected(live.participants[0]!, live.sessionId)));

    bad[0]!.socket.send('{not json');
    expect((await bad[0]!.socket.closed).code).toBe(4400);
    expect(bad[0]!.socket.ofType('ERROR')).toHaveLength(1);

    bad[1]!.socket.send({ type: 'SHOUT', dst: a.peerId });
    bad[1]!.socket.send({ type: 'OFFER' });
    bad[1]!.socket.send('[]');
    bad[1]!.socket.send({ type: 'MEDIA', payload: { action: 'explode' } });
    await bad[1]!.socket.next((m) => m.type === 'ERROR' && m.payload.msg.includes('media request'));
    expect(bad[1]!.socket.ofType('ERROR')).toHaveLength(4);
    expect(bad[1]!.socket.ws.readyState).toBe(bad[1]!.socket.ws.OPEN);
    bad[1]!.socket.ws.send(new Uint8Array([1, 2, 3]));
    expect((await bad[1]!.socket.closed).code).toBe(4400);

    bad[2]!.socket.send({ type: 'CANDIDATE', dst: a.peerId, payload: { blob: 'x'.repeat(70 * 1024) } });
    expect((await bad[2]!.socket.closed).code).toBe(1009);

    a.socket.send({ type: 'OFFER', payload: { connectionId: 'still-fine' }, dst: b.peerId });
    expect((await b.socket.next((m) => m.type === 'OFFER')).payload.connectionId).toBe('still-fine');
    expect(a.socket.ofType('OFFER').filter((m) => m.src === bad[1]!.peerId)).toHaveLength(0);
    a.socket.close();
    b.socket.close();
  });

  it('closes a socket that stops sending heartbeats', async () => {
    const { socket } = await connected(live.participants[0]!, live.sessionId);
    const opened = Date.now();
    const closed = await socket.closed;
    expect(closed.code).toBe(4408);
    expect(closed.at - opened).toBeGreaterThanOrEqual(ALIVE_MS - 50);
  });
});

describe('media controls', () => {
  it('passes each person’s mute state on, and lets only facilitators mute someone for the group', async () => {
    const f = await connected(live.facilitator, live.sessionId);
    const p = await connected(live.participants[0]!, live.sessionId);
    const q = await connected(live.participants[1]!, live.sessionId);

    p.socket.send({ type: 'MEDIA', payload: { action: 'state', audio: false, video: true } });
    expect((await f.socket.next((m) => m.type === 'MEDIA')).src).toBe(p.peerId);

    p.socket.send({ type: 'MEDIA', payload: { action: 'mute', peerId: q.peerId } });
    expect((await p.socket.next((m) => m.type === 'REFUSED')).payload.msg).toMatch(/Only facilitators/);
    p.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
    await p.socket.next((m) => m.type === 'REFUSED', 3000, 1 + p.socket.messages.findIndex((m) => m.type === 'REFUSED'));
    expect(q.socket.ofType('MEDIA').filter((m) => m.payload.action !== 'state')).toHaveLength(0);

    f.socket.send({ type: 'MEDIA', payload: { action: 'mute', peerId: q.peerId } });
    expect((await q.socket.next((m) => m.type === 'MEDIA' && m.payload.action === 'muted')).payload).toEqual({ action: 'muted', peerId: q.peerId });
    expect((await p.socket.next((m) => m.type === 'MEDIA' && m.payload.action === 'muted')).src).toBe(f.peerId);
    f.socket.send({ type: 'MEDIA', payload: { action: 'ask_all_to_mute' } });
    await q.socket.next((m) => m.type === 'MEDIA' && m.payload.action === 'ask_all_to_mute');
    for (const s of [f, p, q]) s.socket.close();
  });
});

describe('removal', () => {
  it('cuts a removed participant’s socket within a second and tells the others to hang up', async () => {
    const f = await connected(live.facilitator, live.sessionId);
    const p = await connected(live.participants[0]!, live.sessionId);
    const removedAt = Date.now();
    server.events.emit('session.access_revoked', { groupId: live.groupId, sessionId: live.sessionId, userId: live.participants[0]!.user.id });
    const closed = await p.socket.closed;
    expect(closed.code).toBe(4409);
    expect(closed.at - removedAt).toBeLessThan(1000);
    expect((await f.socket.next((m) => m.type === 'LEAVE' && m.src === p.peerId, 1000)).dst).toBe(f.peerId);
    expect(f.socket.ws.readyState).toBe(f.socket.ws.OPEN);
    f.socket.close();
  });

  it('closes everyone’s socket when the session ends', async () => {
    const f = await connected(other.facilitator, other.sessionId);
    expect((await other.facilitator.client.post(`/api/sessions/${other.sessionId}/end`)).status).toBe(200);
    expect((await f.socket.closed).code).toBe(1001);
  });
});

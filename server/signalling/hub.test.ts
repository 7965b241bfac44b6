import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { MemoryGrantStore, newPeerId, type PeerGrant } from './grants';
import { SignallingHub, type PeerSocket } from './hub';

class FakeSocket implements PeerSocket {
  sent: Array<{ type: string; [key: string]: unknown }> = [];
  closedWith: { code: number; reason: string } | null = null;
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason };
  }
}

const hubs: SignallingHub[] = [];
let clock = 1_000_000;

function setup(options: ConstructorParameters<typeof SignallingHub>[0]['options'] = {}) {
  const grants = new MemoryGrantStore(() => clock);
  const hub = new SignallingHub({ grants, logger: createLogger('silent'), now: () => clock, options: { sweepEveryMs: 60_000, ...options } });
  hubs.push(hub);
  const grant = (sessionId = 's1', userId = `u${Math.random()}`): PeerGrant => ({
    peerId: newPeerId(),
    sessionId,
    groupId: 'g1',
    userId,
    loginId: `l-${userId}`,
    facilitating: false,
    expiresAt: clock + 60_000
  });
  return { hub, grants, grant };
}

afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

describe('SignallingHub', () => {
  it('closes a socket that floods past its burst with 4429', () => {
    const { hub, grant } = setup({ messageBurst: 5, messagesPerSecond: 1 });
    const socket = new FakeSocket();
    const g = grant();
    hub.open(socket, g);
    for (let i = 0; i < 5; i++) hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    expect(socket.closedWith).toBeNull();
    hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    expect(socket.closedWith?.code).toBe(4429);
    expect(hub.isConnected(g.peerId)).toBe(false);
  });

  it('refills the bucket over time', () => {
    const { hub, grant } = setup({ messageBurst: 2, messagesPerSecond: 1 });
    const socket = new FakeSocket();
    const g = grant();
    hub.open(socket, g);
    hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    clock += 2000;
    hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    hub.receive(g.peerId, socket, '{"type":"HEARTBEAT"}');
    expect(socket.closedWith).toBeNull();
  });

  it('answers EXPIRE at once for messages beyond the queue of an absent peer', async () => {
    const { hub, grants, grant } = setup({ maxQueuedPerPeer: 2 });
    const socket = new FakeSocket();
    const sender = grant();
    const absent = grant();
    await grants.save(absent);
    hub.open(socket, sender);
    for (let i = 0; i < 3; i++) hub.receive(sender.peerId, socket, JSON.stringify({ type: 'CANDIDATE', dst: absent.peerId, payload: { i } }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(socket.sent.filter((m) => m.type === 'EXPIRE')).toEqual([{ type: 'EXPIRE', src: absent.peerId, dst: sender.peerId }]);
    const late = new FakeSocket();
    hub.open(late, absent);
    expect(late.sent.filter((m) => m.type === 'CANDIDATE').map((m) => (m.payload as { i: number }).i)).toEqual([0, 1]);
  });

  it('never throws on a frame from a socket it does not know', () => {
    const { hub } = setup();
    expect(() => hub.receive('pnobody', new FakeSocket(), 'garbage')).not.toThrow();
  });

  it('revokes only the matching peers', () => {
    const { hub, grant } = setup();
    const [a, b, c] = [grant('s1', 'ua'), grant('s1', 'ub'), grant('s2', 'ua')];
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    hub.open(sockets[0]!, a);
    hub.open(sockets[1]!, b);
    hub.open(sockets[2]!, c);
    expect(hub.revoke({ sessionId: 's1', userId: 'ua' })).toBe(1);
    expect(sockets[0]!.closedWith?.code).toBe(4409);
    expect(sockets[1]!.closedWith).toBeNull();
    expect(sockets[2]!.closedWith).toBeNull();
    expect(sockets[1]!.sent.at(-1)).toEqual({ type: 'LEAVE', src: a.peerId, dst: b.peerId });
    expect(sockets[2]!.sent.some((m) => m.type === 'LEAVE')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  followGrant,
  CONNECT_TIMEOUT_MS,
  isCaller,
  NO_VIDEO_RECALL_AFTER_MS,
  NO_VIDEO_RECALL_LIMIT,
  planMesh,
  RECONNECT_MAX_MS,
  reconnectDelayMs,
  refusesIncomingCall,
  shouldCallAgainUnconnected,
  shouldRecallForMissingVideo,
  type LinkState
} from './mesh';

describe('isCaller', () => {
  it('makes exactly one side of every pair the caller', () => {
    const ids = ['p0a', 'p1b', 'pZZ', 'p9', 'pa0', 'p-x'];
    for (const a of ids) {
      for (const b of ids) {
        if (a === b) continue;
        expect(isCaller(a, b)).not.toBe(isCaller(b, a));
      }
    }
  });

  it('never calls oneself', () => {
    expect(isCaller('p1', 'p1')).toBe(false);
  });
});

describe('planMesh', () => {
  it('calls the larger ids and waits for the smaller ones', () => {
    const plan = planMesh('m', ['a', 'm', 'z', 'q'], new Map());
    expect(plan).toEqual({ call: ['q', 'z'], await: ['a'], hangUp: [] });
  });

  it('gives every pair of a group exactly one call between all members', () => {
    const group = ['k1', 'a7', 'c3', 'f0', 'b2'];
    const calls = group.flatMap((self) => planMesh(self, group, new Map()).call.map((other) => [self, other].sort().join('-')));
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls.length).toBe((group.length * (group.length - 1)) / 2);
  });

  it('leaves existing links alone and hangs up on peers that left', () => {
    const links = new Map<string, LinkState>([
      ['b', 'connected'],
      ['x', 'calling'],
      ['c', 'failed']
    ]);
    expect(planMesh('a', ['a', 'b', 'c', 'd'], links)).toEqual({ call: ['d'], await: [], hangUp: ['x'] });
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from half a second up to the ceiling', () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, noJitter))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelayMs(20, noJitter)).toBe(RECONNECT_MAX_MS);
  });

  it('takes off up to 30% at random', () => {
    expect(reconnectDelayMs(1, () => 0.999)).toBe(700);
    expect(reconnectDelayMs(1, () => 0.5)).toBe(850);
  });
});

describe('shouldRecallForMissingVideo', () => {
  const dark = { connectedForMs: NO_VIDEO_RECALL_AFTER_MS, framesDecoded: 0, expectVideo: true, recalls: 0 };

  it('calls again when a camera-on peer has sent not one frame since connecting a while ago', () => {
    expect(shouldRecallForMissingVideo(dark)).toBe(true);
    expect(shouldRecallForMissingVideo({ ...dark, framesDecoded: undefined })).toBe(true);
  });

  it('waits while the connection is young, once frames flow, and when no video is expected', () => {
    expect(shouldRecallForMissingVideo({ ...dark, connectedForMs: NO_VIDEO_RECALL_AFTER_MS - 1 })).toBe(false);
    expect(shouldRecallForMissingVideo({ ...dark, framesDecoded: 1 })).toBe(false);
    expect(shouldRecallForMissingVideo({ ...dark, expectVideo: false })).toBe(false);
  });

  it('gives up after the limit, so a peer with a broken camera is not called forever', () => {
    expect(shouldRecallForMissingVideo({ ...dark, recalls: NO_VIDEO_RECALL_LIMIT - 1 })).toBe(true);
    expect(shouldRecallForMissingVideo({ ...dark, recalls: NO_VIDEO_RECALL_LIMIT })).toBe(false);
  });
});

describe('followGrant', () => {
  it('a withdrawn grant drops the facilitator rights and stops a screen share in progress', () => {
    expect(followGrant({ facilitating: true, sharingScreen: true }, { facilitating: false, msg: 'No longer facilitating.' })).toEqual({
      facilitating: false,
      stopScreenShare: true,
      notice: 'No longer facilitating.'
    });
    expect(followGrant({ facilitating: true, sharingScreen: false }, { facilitating: false, msg: 'm' })?.stopScreenShare).toBe(false);
  });

  it('a new facilitator gains the rights without stopping anything', () => {
    expect(followGrant({ facilitating: false, sharingScreen: false }, { facilitating: true, msg: 'Facilitating now.' })).toEqual({
      facilitating: true,
      stopScreenShare: false,
      notice: 'Facilitating now.'
    });
  });

  it('the grant the client already holds changes nothing', () => {
    expect(followGrant({ facilitating: true, sharingScreen: true }, { facilitating: true, msg: 'm' })).toBeNull();
    expect(followGrant({ facilitating: false, sharingScreen: false }, { facilitating: false, msg: 'm' })).toBeNull();
  });
});

describe('refusesIncomingCall', () => {
  it('refuses the other side’s call only while the caller’s own call is still pending, a retry included', () => {
    expect(refusesIncomingCall({ selfIsCaller: true, ownCallPending: true })).toBe(true);
  });

  it('lets the other side’s call replace a connection that is up (they call again for missing video)', () => {
    expect(refusesIncomingCall({ selfIsCaller: true, ownCallPending: false })).toBe(false);
  });

  it('never refuses on the answering side: it drops its own call and answers, so exactly one call survives glare', () => {
    expect(refusesIncomingCall({ selfIsCaller: false, ownCallPending: true })).toBe(false);
    expect(refusesIncomingCall({ selfIsCaller: false, ownCallPending: false })).toBe(false);
    // Both sides of a crossing pair: exactly one keeps its own call.
    const keeps = (selfIsCaller: boolean) => refusesIncomingCall({ selfIsCaller, ownCallPending: true });
    expect([keeps(true), keeps(false)].filter(Boolean)).toHaveLength(1);
  });
});

describe('shouldCallAgainUnconnected', () => {
  it('has the caller call again once a call has gone CONNECT_TIMEOUT_MS without connecting', () => {
    expect(shouldCallAgainUnconnected({ selfIsCaller: true, pendingForMs: CONNECT_TIMEOUT_MS })).toBe(true);
    expect(shouldCallAgainUnconnected({ selfIsCaller: true, pendingForMs: CONNECT_TIMEOUT_MS - 1 })).toBe(false);
  });

  it('waits longer after each call that did not connect, up to three times as long', () => {
    const after = (attempts: number, pendingForMs: number) => shouldCallAgainUnconnected({ selfIsCaller: true, pendingForMs, attempts });
    expect(after(1, 2 * CONNECT_TIMEOUT_MS - 1)).toBe(false);
    expect(after(1, 2 * CONNECT_TIMEOUT_MS)).toBe(true);
    expect(after(5, 3 * CONNECT_TIMEOUT_MS - 1)).toBe(false);
    expect(after(5, 3 * CONNECT_TIMEOUT_MS)).toBe(true);
  });

  it('leaves connected (or idle) links and the answering side alone', () => {
    expect(shouldCallAgainUnconnected({ selfIsCaller: true, pendingForMs: undefined })).toBe(false);
    expect(shouldCallAgainUnconnected({ selfIsCaller: false, pendingForMs: CONNECT_TIMEOUT_MS * 2 })).toBe(false);
  });
});

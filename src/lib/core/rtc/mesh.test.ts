import { describe, expect, it } from 'vitest';
import {
  isCaller,
  NO_VIDEO_RECALL_AFTER_MS,
  NO_VIDEO_RECALL_LIMIT,
  planMesh,
  RECONNECT_MAX_MS,
  reconnectDelayMs,
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

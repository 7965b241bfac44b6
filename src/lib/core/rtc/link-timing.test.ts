import { describe, expect, it } from 'vitest';
import {
  callAgainUnconnected,
  callConnected,
  callStarted,
  endedWithoutIceEvent,
  nextRetryDelayMs,
  ownCallPending,
  pendingForMs,
  recallForMissingVideo,
  videoWatch,
  type LinkTimes
} from './link-timing';
import { CONNECT_TIMEOUT_MS, NO_VIDEO_RECALL_AFTER_MS, NO_VIDEO_RECALL_LIMIT, RECONNECT_BASE_MS } from './mesh';

const fresh = (): LinkTimes => ({ attempts: 0 });

describe('a call on the link', () => {
  it('says "calling" for a first call and "reconnecting" for a call again', () => {
    expect(callStarted(fresh(), 0)).toBe('calling');
    expect(callStarted({ attempts: 2 }, 0)).toBe('reconnecting');
  });

  it('waits from the moment it was made until ICE connects', () => {
    const times = fresh();
    callStarted(times, 1_000);
    expect(pendingForMs(times, true, 4_000)).toBe(3_000);
    callConnected(times, 5_000);
    expect(pendingForMs(times, true, 9_000)).toBeUndefined();
    expect(pendingForMs(fresh(), false, 9_000)).toBeUndefined();
  });

  it('starts the wait again with each new connection', () => {
    const times = fresh();
    callStarted(times, 0);
    callConnected(times, 10);
    callStarted(times, 100);
    expect(times.connectedAt).toBeUndefined();
    expect(pendingForMs(times, true, 150)).toBe(50);
  });

  it('keeps the first connected time when ICE connects again, and forgets the failures', () => {
    const times: LinkTimes = { attempts: 3 };
    callStarted(times, 0);
    callConnected(times, 10);
    callConnected(times, 500);
    expect(times).toMatchObject({ attempts: 0, connectedAt: 10 });
  });
});

describe('ownCallPending', () => {
  it('holds only for our own call that has not connected', () => {
    const times = fresh();
    callStarted(times, 0);
    expect(ownCallPending(times, { hasConnection: true, outgoing: true })).toBe(true);
    expect(ownCallPending(times, { hasConnection: true, outgoing: false })).toBe(false);
    expect(ownCallPending(times, { hasConnection: false, outgoing: true })).toBe(false);
    callConnected(times, 10);
    expect(ownCallPending(times, { hasConnection: true, outgoing: true })).toBe(false);
  });
});

describe('nextRetryDelayMs', () => {
  it('counts each failure, so the backoff grows', () => {
    const times = fresh();
    const noJitter = () => 0;
    expect([nextRetryDelayMs(times, noJitter), nextRetryDelayMs(times, noJitter), nextRetryDelayMs(times, noJitter)]).toEqual([
      RECONNECT_BASE_MS,
      2 * RECONNECT_BASE_MS,
      4 * RECONNECT_BASE_MS
    ]);
    expect(times.attempts).toBe(3);
  });
});

describe('callAgainUnconnected', () => {
  it('has the caller call again after the timeout and counts it, so the next wait is longer', () => {
    const times = fresh();
    expect(callAgainUnconnected(times, { selfIsCaller: true, pendingForMs: CONNECT_TIMEOUT_MS - 1 })).toBe(false);
    expect(times.attempts).toBe(0);
    expect(callAgainUnconnected(times, { selfIsCaller: true, pendingForMs: CONNECT_TIMEOUT_MS })).toBe(true);
    expect(times.attempts).toBe(1);
    expect(callAgainUnconnected(times, { selfIsCaller: true, pendingForMs: CONNECT_TIMEOUT_MS })).toBe(false);
    expect(callAgainUnconnected(times, { selfIsCaller: true, pendingForMs: 2 * CONNECT_TIMEOUT_MS })).toBe(true);
  });

  it('never on the answering side, nor without a pending call', () => {
    const times = fresh();
    expect(callAgainUnconnected(times, { selfIsCaller: false, pendingForMs: 3 * CONNECT_TIMEOUT_MS })).toBe(false);
    expect(callAgainUnconnected(times, { selfIsCaller: true, pendingForMs: undefined })).toBe(false);
    expect(times.attempts).toBe(0);
  });
});

describe('the missing-video watch', () => {
  const connectedAt = (at: number): LinkTimes => ({ attempts: 0, connectedAt: at });

  it('measures from the time ICE connected', () => {
    expect(videoWatch(connectedAt(1_000), { framesDecoded: 0, expectVideo: true }, 9_500)).toEqual({
      connectedForMs: 8_500,
      framesDecoded: 0,
      expectVideo: true,
      recalls: 0
    });
  });

  it('calls again for a dark link and counts each call again up to the limit', () => {
    const times = connectedAt(0);
    for (let i = 0; i < NO_VIDEO_RECALL_LIMIT; i++) {
      expect(recallForMissingVideo(times, videoWatch(times, { framesDecoded: 0, expectVideo: true }, NO_VIDEO_RECALL_AFTER_MS))).toBe(true);
    }
    expect(times.videoRecalls).toBe(NO_VIDEO_RECALL_LIMIT);
    expect(recallForMissingVideo(times, videoWatch(times, { framesDecoded: 0, expectVideo: true }, NO_VIDEO_RECALL_AFTER_MS))).toBe(false);
  });

  it('starts the count again once a frame arrives', () => {
    const times: LinkTimes = { attempts: 0, connectedAt: 0, videoRecalls: NO_VIDEO_RECALL_LIMIT };
    const watch = videoWatch(times, { framesDecoded: 5, expectVideo: true }, NO_VIDEO_RECALL_AFTER_MS);
    expect(watch.recalls).toBe(0);
    expect(recallForMissingVideo(times, watch)).toBe(false);
    expect(times.videoRecalls).toBe(0);
  });

  it('leaves a link alone when no video is expected', () => {
    const times = connectedAt(0);
    expect(recallForMissingVideo(times, videoWatch(times, { framesDecoded: undefined, expectVideo: false }, 60_000))).toBe(false);
    expect(times.videoRecalls).toBeUndefined();
  });
});

describe('endedWithoutIceEvent', () => {
  it('treats a failed or closed connection as failed, whatever ICE said', () => {
    expect(endedWithoutIceEvent({ connectionState: 'failed', signalingState: 'stable' })).toBe(true);
    expect(endedWithoutIceEvent({ connectionState: 'closed', signalingState: 'stable' })).toBe(true);
    expect(endedWithoutIceEvent({ connectionState: 'connecting', signalingState: 'closed' })).toBe(true);
  });

  it('leaves live and connecting connections alone', () => {
    expect(endedWithoutIceEvent({ connectionState: 'connected', signalingState: 'stable' })).toBe(false);
    expect(endedWithoutIceEvent({ connectionState: 'new', signalingState: 'have-local-offer' })).toBe(false);
  });
});

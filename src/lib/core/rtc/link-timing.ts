/**
 * The clock of one link in the mesh: when its current call was made and connected, how many calls again it has made,
 * and what the rules of mesh.ts (beside this file) decide from that. Pure: the mesh manager's link record
 * (src/lib/rtc/mesh-link.ts) carries these fields and passes the time in (performance.now()), so every rule here can
 * be tested with plain numbers.
 */
import { reconnectDelayMs, shouldCallAgainUnconnected, shouldRecallForMissingVideo, type VideoWatch } from './mesh';

export interface LinkTimes {
  /** Calls again since the link last connected (ICE failures, calls that never connected). */
  attempts: number;
  /** When the current connection was made, for the connect timeout. */
  calledAt?: number;
  /** When ICE connected on the current connection, for the missing-video watch. */
  connectedAt?: number;
  /** Calls again made because their video never arrived (reset once it does). */
  videoRecalls?: number;
}

/** A new connection on the link (our call or one we answered): what its tile says until ICE connects. */
export function callStarted(times: LinkTimes, now: number): 'calling' | 'reconnecting' {
  times.calledAt = now;
  times.connectedAt = undefined;
  return times.attempts > 0 ? 'reconnecting' : 'calling';
}

/** ICE connected: the backoff starts again from the beginning; the first connection's time is kept. */
export function callConnected(times: LinkTimes, now: number): void {
  times.attempts = 0;
  times.connectedAt ??= now;
}

/** How long the link's connection has waited to connect (undefined: no connection, or it has connected). */
export function pendingForMs(times: LinkTimes, hasConnection: boolean, now: number): number | undefined {
  return hasConnection && times.connectedAt === undefined ? now - times.calledAt! : undefined;
}

/** Our own call on the link is made and has not connected yet: an incoming call now is glare (refusesIncomingCall). */
export function ownCallPending(times: LinkTimes, connection: { hasConnection: boolean; outgoing: boolean }): boolean {
  return connection.hasConnection && connection.outgoing && times.connectedAt === undefined;
}

/** Delay before the caller calls again after a failed connection; each failure counts towards a longer one. */
export function nextRetryDelayMs(times: LinkTimes, random?: () => number): number {
  return reconnectDelayMs(times.attempts++, random);
}

/**
 * A link not connected at a quality sample: whether the caller drops its call and calls again
 * (shouldCallAgainUnconnected); a call again counts as an attempt, so the next one waits longer.
 */
export function callAgainUnconnected(times: LinkTimes, link: { selfIsCaller: boolean; pendingForMs: number | undefined }): boolean {
  if (!shouldCallAgainUnconnected({ ...link, attempts: times.attempts })) return false;
  times.attempts++;
  return true;
}

/** What a quality sample of a connected link says about its video: frames decoded end the recall count. */
export function videoWatch(times: LinkTimes, sample: { framesDecoded: number | undefined; expectVideo: boolean }, now: number): VideoWatch {
  if ((sample.framesDecoded ?? 0) > 0) times.videoRecalls = 0;
  return {
    connectedForMs: now - (times.connectedAt ?? now),
    framesDecoded: sample.framesDecoded,
    expectVideo: sample.expectVideo,
    recalls: times.videoRecalls ?? 0
  };
}

/** Whether the link calls again for missing video (shouldRecallForMissingVideo); a call again is counted. */
export function recallForMissingVideo(times: LinkTimes, watch: VideoWatch): boolean {
  if (!shouldRecallForMissingVideo(watch)) return false;
  times.videoRecalls = watch.recalls + 1;
  return true;
}

/**
 * A connection that failed or closed without a "failed" ICE event reaching PeerJS (a call that never connected: ICE
 * says "disconnected" for ever while the connection has failed) is treated as an ICE failure.
 */
export function endedWithoutIceEvent(pc: { connectionState: string; signalingState: string }): boolean {
  return pc.connectionState === 'failed' || pc.connectionState === 'closed' || pc.signalingState === 'closed';
}

/**
 * One link of the mesh: the record the mesh manager (mesh.ts) keeps for each other peer (its current media
 * connection, who called, the retry timer, the tile's state, the last quality sample) and what happens on that link
 * alone: its connection's events, hanging up, and the quality sample that may call again. The mesh manager decides
 * who calls and carries out a call again; the timing rules are pure (src/lib/core/rtc/link-timing.ts). Browser only.
 *
 * The Chromium glare test reaches a link through the mesh (tests/e2e/mesh-glare-run.ts): `peerId` and `attempts` keep
 * their names.
 */
import type { MediaConnection } from 'peerjs';
import {
  callAgainUnconnected,
  callConnected,
  callStarted,
  pendingForMs,
  recallForMissingVideo,
  videoWatch,
  type LinkTimes
} from '../core/rtc/link-timing';
import { classifyQuality, qualityInput, type StatsSample } from '../core/rtc/quality';
import type { RemotePeer } from './mesh-types';
import { traceLink } from './mesh-trace';
import { sampleConnection } from './stats';

export interface Link extends LinkTimes {
  peerId: string;
  userId: string;
  connection: MediaConnection | null;
  /** The current connection is our call (not one we answered). */
  outgoing: boolean;
  retry: ReturnType<typeof setTimeout> | null;
  remote: RemotePeer;
  lastSample?: StatsSample;
  /** They asked for sound only: we send them no video. */
  wantsNoVideo: boolean;
}

export function createLink(peerId: string, userId: string): Link {
  return {
    peerId,
    userId,
    connection: null,
    outgoing: false,
    attempts: 0,
    retry: null,
    wantsNoVideo: false,
    remote: { peerId, userId, stream: null, state: 'calling', audio: true, video: true, screen: false, mutedForGroup: false, quality: 'unknown' }
  };
}

/**
 * They announced their microphone, camera and screen (a MEDIA state notice). True when they changed their mind about
 * sound only: the tracks we send them must change.
 */
export function takeStateNotice(link: Link, notice: { audio: boolean; video: boolean; screen?: boolean; audioOnly?: boolean }): boolean {
  Object.assign(link.remote, { audio: notice.audio, video: notice.video, screen: notice.screen ?? false });
  if (notice.audio) link.remote.mutedForGroup = false;
  if ((notice.audioOnly ?? false) === link.wantsNoVideo) return false;
  link.wantsNoVideo = notice.audioOnly ?? false;
  return true;
}

/** What the mesh manager does when the link's connection brings a stream, connects, or is lost. */
export interface ConnectionEvents {
  stream(): void;
  connected(): void;
  /** `connection` may be one the link has replaced meanwhile. */
  lost(connection: MediaConnection, state: 'failed' | 'disconnected' | 'closed'): void;
}

/** Makes `connection` the link's current one and follows its events; events of a replaced one are reported as such. */
export function attachConnection(link: Link, connection: MediaConnection, events: ConnectionEvents): void {
  link.connection = connection;
  link.remote.state = callStarted(link, performance.now());
  connection.on('stream', (stream) => {
    traceLink('stream', link.peerId, { conn: connection.connectionId, current: link.connection === connection, video: stream.getVideoTracks().length });
    link.remote.stream = stream;
    events.stream();
  });
  connection.on('iceStateChanged', (state) => {
    traceLink('ice', link.peerId, { conn: connection.connectionId, state, current: link.connection === connection });
    if (state === 'connected' || state === 'completed') {
      callConnected(link, performance.now());
      link.remote.state = 'connected';
      events.connected();
    } else if (state === 'failed' || state === 'disconnected') {
      events.lost(connection, state);
    }
  });
  connection.on('close', () => events.lost(connection, 'closed'));
  connection.on('error', () => events.lost(connection, 'failed'));
}

/** Hangs up the link's current connection, silently: its close is not reported as a loss. */
export function closeConnection(link: Link): void {
  const connection = link.connection;
  link.connection = null;
  connection?.removeAllListeners();
  connection?.close();
}

/** The link is going away: no call again after this. */
export function dropLink(link: Link): void {
  if (link.retry) clearTimeout(link.retry);
  link.retry = null;
  closeConnection(link);
}

/**
 * At a quality sample, for a link that is not connected: the caller calls again a call that never connected (its
 * offer or answer lost: ICE says nothing, so no failure would). Returns the reason for the call again, or null.
 */
export function unconnectedCheck(link: Link, selfIsCaller: boolean): 'never connected' | null {
  const pending = pendingForMs(link, !!link.connection, performance.now());
  traceLink('sample', link.peerId, { conn: link.connection?.connectionId, state: link.remote.state, pc: link.connection?.peerConnection?.connectionState, pendingForMs: pending });
  return callAgainUnconnected(link, { selfIsCaller, pendingForMs: pending }) ? 'never connected' : null;
}

/**
 * At a quality sample, for a connected link: its quality for the tile, and whether to call again because not one
 * frame of their video arrived (connected, camera on). Returns the reason for the call again, or null.
 */
export async function connectedCheck(link: Link, pc: RTCPeerConnection, audioOnly: boolean): Promise<'no video' | null> {
  try {
    const sample = await sampleConnection(pc);
    // The link took another call meanwhile: this sample is of the connection it replaced.
    if (link.connection?.peerConnection !== pc) return null;
    const expectVideo = link.remote.video && !audioOnly;
    link.remote.quality = classifyQuality(qualityInput(link.lastSample, sample, expectVideo));
    link.lastSample = sample;
    const watch = videoWatch(link, { framesDecoded: sample.framesDecoded, expectVideo }, performance.now());
    traceLink('sample', link.peerId, { conn: link.connection?.connectionId, ...watch });
    if (!recallForMissingVideo(link, watch)) return null;
    // Connected, camera on, yet not one frame: a fresh call (the other side replaces its connection with it).
    link.lastSample = undefined;
    return 'no video';
  } catch {
    link.remote.quality = 'unknown';
    return null;
  }
}

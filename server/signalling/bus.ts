/**
 * How several processes act as one signalling server (REDIS_URL): messages to a peer held elsewhere, session-wide
 * notices (a peer joined or left, media state), and revocations. Without Redis there is no bus: one process holds all.
 */
import type { ServerMessage } from '../../src/lib/core/protocol';
import type { GrantStore } from './grants';

export type SessionNotice =
  | { kind: 'join'; peerId: string; userId: string }
  | { kind: 'leave'; peerId: string }
  /** The answer of every other process to a join: the peers it holds in the session, so each knows the whole roster. */
  | { kind: 'present'; peers: Array<{ peerId: string; userId: string }> }
  | { kind: 'media'; message: ServerMessage };

/** Who to cut off everywhere: every field given must match. */
export interface RevokeTarget {
  sessionId?: string;
  groupId?: string;
  userId?: string;
  loginId?: string;
}

export type BusEvent = { kind: 'online'; peerId: string } | { kind: 'revoke'; target: RevokeTarget; reason: 'revoked' | 'session_ended' };

export interface SignallingBus {
  readonly grants: GrantStore;
  /** Resolves to whether a process holding `peerId` received it. */
  toPeer(peerId: string, message: ServerMessage): Promise<boolean>;
  toSession(sessionId: string, notice: SessionNotice): void;
  announce(event: BusEvent): void;
  /** Receive messages for a peer connected here / notices for a session with peers here. Resolve once subscribed. */
  watchPeer(peerId: string): Promise<void>;
  unwatchPeer(peerId: string): void;
  watchSession(sessionId: string): Promise<void>;
  unwatchSession(sessionId: string): void;
  onPeerMessage(handler: (peerId: string, message: ServerMessage) => void): void;
  onSessionNotice(handler: (sessionId: string, notice: SessionNotice) => void): void;
  onEvent(handler: (event: BusEvent) => void): void;
  close(): Promise<void>;
}

/**
 * Presence heartbeat: being in a live session counts as activity for the sign-in's idle expiry, an open tab alone
 * does not. The room page sends a heartbeat while the person is inside the room of a live session AND either the
 * page is visible or their own camera or microphone is on (docs/threat-model.md says why); the server accepts it only
 * from someone in the room of a live session. Pure rules, shared by the page and the server.
 */
import type { MyRoomStatus } from './my-status';

/** The longest gap between two heartbeats, whatever the idle window. */
export const PRESENCE_HEARTBEAT_MAX_MS = 60_000;
/** The shortest (a very short idle window in a test or a strict deployment must not turn it into a flood). */
export const PRESENCE_HEARTBEAT_MIN_MS = 5_000;

/** How often to send: four heartbeats per idle window, so that one or two lost on the way never sign anyone out. */
export function presenceHeartbeatEveryMs(idleMs: number): number {
  return Math.min(PRESENCE_HEARTBEAT_MAX_MS, Math.max(PRESENCE_HEARTBEAT_MIN_MS, Math.floor(idleMs / 4)));
}

/** In the room (connected or reconnecting), not removed, the room not ended: the same rule as for media. */
export function isPresentInRoom(status: Pick<MyRoomStatus, 'presence' | 'removed' | 'ended'>): boolean {
  return !status.removed && !status.ended && (status.presence === 'admitted' || status.presence === 'reconnecting');
}

export interface HeartbeatInput {
  status: Pick<MyRoomStatus, 'presence' | 'removed' | 'ended'> | null;
  /** document.visibilityState === 'visible'. */
  visible: boolean;
  /** The person's own camera or microphone is sending. */
  mediaOn: boolean;
  /** When the last heartbeat was sent (ms), null for never. */
  lastSentAt: number | null;
  now: number;
  everyMs: number;
}

/** Whether the page should send a heartbeat now. */
export function presenceHeartbeatDue(input: HeartbeatInput): boolean {
  if (!input.status || !isPresentInRoom(input.status)) return false;
  if (!input.visible && !input.mediaOn) return false;
  return input.lastSentAt === null || input.now - input.lastSentAt >= input.everyMs;
}

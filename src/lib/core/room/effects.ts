/**
 * Things the server must do outside the room state after a command or event was applied: cut connections, change
 * document rights, write the audit log, and send private notices to one person or to the facilitators.
 */
import type { Role } from '../group/rules';

export type Notice =
  | { kind: 'admitted' }
  | { kind: 'sent_to_waiting' }
  | { kind: 'removed' }
  | { kind: 'you_are_next' }
  | { kind: 'your_turn' }
  | { kind: 'support_received'; signalId: string }
  | { kind: 'support_acknowledged'; signalId: string }
  | { kind: 'session_ended' }
  /** The sign-in behind the stream ended (signed out, password changed elsewhere, idle or absolute expiry). */
  | { kind: 'signed_out' }
  /** The person's role in the group changed: what the stream carries follows from now on (alerts, full state). */
  | { kind: 'role_changed'; role: Role };

/** Shown to facilitators only. */
export interface SupportAlert {
  kind: 'support_signal';
  signalId: string;
  userId: string;
  displayName: string;
  at: number;
  /** Raised by a low thermometer answer rather than by the member. */
  thermometer?: { roundId: string; value: number };
}

/** Shown to facilitators only, at once and marked urgent: a member's answer needs follow-up (see support.ts). */
export interface UrgentAlert {
  kind: 'urgent_alert';
  signalId: string;
  alertId: string;
  reason: 'phq9_item9';
  userId: string;
  displayName: string;
  at: number;
}

export type FacilitatorAlert = SupportAlert | UrgentAlert;

export const ROOM_AUDIT_ACTIONS = [
  'room.admit',
  'room.send_to_waiting',
  'room.remove',
  'room.support_signal',
  'room.support_acknowledged',
  'room.thermometer_low',
  'room.urgent_alert',
  'room.urgent_followed_up',
  'room.end',
  'room.side_room_started',
  'room.side_room_ended',
  'room.breakout_started',
  'room.breakout_ended'
] as const;
export type RoomAuditAction = (typeof ROOM_AUDIT_ACTIONS)[number];

export type RoomEffect =
  /** Close every connection of this person to the session (room socket, documents, media) at once. */
  | { type: 'cut_off'; userId: string }
  /** Take away the session's documents and media; the room socket stays open so they can wait. */
  | { type: 'revoke_access'; userId: string }
  /** Give the session's documents and media (after admission). */
  | { type: 'grant_access'; userId: string }
  | { type: 'audit'; action: RoomAuditAction; actorId: string | null; targetUserId?: string; details?: Record<string, string | number> }
  /** A private notice to one person. */
  | { type: 'notify'; userId: string; notice: Notice }
  /** A private alert to everyone facilitating who is in the room. */
  | { type: 'notify_facilitators'; alert: FacilitatorAlert }
  /** Tell everyone the session is over and close the room for participants. */
  | { type: 'session_ended' };

/**
 * In-process domain events: routes announce changes, long-lived parts (the relay, signalling) react at once,
 * e.g. cutting off a removed member's sockets. With several processes, the relay forwards these through Redis.
 */
import { EventEmitter } from 'node:events';
import type { Role } from '../src/lib/core/group/rules';
import type { SharedRoomView } from '../src/lib/core/room';

export interface DomainEvents {
  /** A member left or was removed from a group. */
  'member.removed': { groupId: string; userId: string };
  'member.role_changed': { groupId: string; userId: string; role: Role };
  /** A sign-in ended (sign-out, expiry, password change elsewhere). */
  'login.ended': { loginId: string; userId: string };
  'session.started': { groupId: string; sessionId: string };
  'session.ended': { groupId: string; sessionId: string };
  /** A scheduled session moved, changed length or was cancelled: calendars and reminders follow. */
  'session.rescheduled': { groupId: string; sessionId: string; change: 'moved' | 'cancelled' };
  /**
   * A facilitator sent a participant back to the waiting room or removed them from a live session: the relay closes
   * their connections to the group's documents at once (notes excepted) and re-checks the session state document.
   */
  'session.access_revoked': { groupId: string; sessionId: string; userId: string };
  /** The live session room changed (server/room): its shared view is mirrored into the session_state document. */
  'room.changed': { groupId: string; sessionId: string; view: SharedRoomView };
  /**
   * Something members see in lists changed in a group: a session started or ended, a board was created, locked,
   * unlocked or archived, a worksheet was started. Open pages (group page, dashboard, room) fetch the list again.
   */
  'group.changed': { groupId: string; what: GroupChange };
  /**
   * A member's measure answer raised a risk alert (PHQ-9 item 9 above 0): the room of the group's live session, if
   * any, alerts its facilitators at once (server/room/service.ts).
   */
  'measure.urgent_alert': { groupId: string; alertId: string; userId: string; displayName: string };
  /** A facilitator recorded follow-up for a risk alert: its urgent signal in the room closes. */
  'measure.alert_followed_up': { groupId: string; alertId: string; facilitatorId: string };
  /** A collaborative document's rights-relevant state changed (locked, archived): the relay re-checks at once. */
  'document.changed': { documentId: string; docName: string };
  /** Something open pages follow happened in another process (server/relay/live-events.ts; only with REDIS_URL). */
  'live.remote': LiveRemoteEvent;
}

export type GroupChange = 'sessions' | 'boards' | 'worksheets';

export type LiveRemoteEvent =
  | { type: 'group'; groupId: string; what: GroupChange }
  | { type: 'member_removed'; groupId: string; userId: string }
  /** A role changed on another process: every channel of that person here re-decides (server/channels/registry.ts). */
  | { type: 'member_role_changed'; groupId: string; userId: string; role: Role }
  | { type: 'login_ended'; loginId: string };

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

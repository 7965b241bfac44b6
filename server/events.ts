/**
 * In-process domain events: routes announce changes, long-lived parts (the relay, signalling) react at once,
 * e.g. cutting off a removed member's sockets. With several processes, the relay forwards these through Redis.
 */
import { EventEmitter } from 'node:events';
import type { Role } from '../src/lib/core/group/rules';
import type { RoomEffect, SharedRoomView } from '../src/lib/core/room';
import type { ChatMessage, ReactionShown } from '../src/lib/core/chat';

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
  /**
   * The live session room changed (server/room): its shared view is mirrored into the session_state document. With
   * REDIS_URL every other process hears it as `live.remote` 'room_changed' with the effects its own room streams
   * carry out (server/relay/live-events.ts), and reloads the stored room.
   */
  'room.changed': { groupId: string; sessionId: string; view: SharedRoomView; streamEffects: RoomStreamEffect[] };
  /**
   * A chat message was posted or hidden, or a reaction shown, in a live room (server/chat): this process's streams
   * have it; with REDIS_URL the others' get it as `live.remote` 'room_talk'.
   */
  'room.talk': { sessionId: string; talk: RoomTalk };
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
  | { type: 'login_ended'; loginId: string }
  /**
   * A live room changed on another process (a command, a side room, a breakout): this process reloads the stored room
   * (the truth) for its parts index and its room streams, and carries out `effects` on its own streams.
   */
  | { type: 'room_changed'; groupId: string; sessionId: string; effects: RoomStreamEffect[] }
  /** Chat or a reaction in a live room on another process: this process's room streams get it, filtered as always. */
  | { type: 'room_talk'; sessionId: string; talk: RoomTalk };

/** What chat delivers to room streams: a message (new or hidden, filtered per reader) or a reaction. */
export type RoomTalk = { kind: 'chat'; message: ChatMessage } | { kind: 'reaction'; shown: ReactionShown };

/** The effects of a room change that reach room streams: private notices, facilitator alerts, closing streams. */
export type RoomStreamEffect = Extract<RoomEffect, { type: 'notify' | 'notify_facilitators' | 'cut_off' | 'session_ended' }>;

const STREAM_EFFECTS = new Set<string>(['notify', 'notify_facilitators', 'cut_off', 'session_ended']);

export function streamEffectsOf(effects: RoomEffect[]): RoomStreamEffect[] {
  return effects.filter((effect): effect is RoomStreamEffect => STREAM_EFFECTS.has(effect.type));
}

/**
 * Every change to a list open pages follow in a group (`group.changed`, and the session events that change its list of
 * sessions), as one `(groupId, what)`: /api/me/events sends it to the page, the relay forwards it to other processes.
 * A new event that changes a list is added here, once.
 */
export function onGroupListChange(events: EventBus, listener: (groupId: string, what: GroupChange) => void): () => void {
  const sessions = ({ groupId }: { groupId: string }) => listener(groupId, 'sessions');
  const stops = [
    events.on('group.changed', ({ groupId, what }) => listener(groupId, what)),
    events.on('session.started', sessions),
    events.on('session.ended', sessions),
    events.on('session.rescheduled', sessions)
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

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

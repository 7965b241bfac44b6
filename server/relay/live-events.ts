/**
 * Long-lived channels across processes: with REDIS_URL, what open pages follow (a session started or ended, a board
 * or worksheet changed in a group) is forwarded over the relay's bus, and what arrives from other processes is
 * emitted here as `live.remote` (re-emitting `session.ended` itself would make this process version the boards a
 * second time). A live room changed elsewhere arrives as `live.remote` 'room_changed' {sessionId, effects}: the parts
 * index (server/room-parts) and the room service (server/room/service.ts) reload the stored room from it. A member removed, a role changed or a sign-in ended elsewhere arrives as the relay's own rights
 * events, published by every process (server/relay/relay.ts); as `live.remote` they reach /api/me/events
 * (server/routes/live.ts) and the channel registry (server/channels/registry.ts), which re-decides every room
 * stream and signalling socket of that person here.
 */
import { ROLES, type Role } from '../../src/lib/core/group/rules';
import { REACTIONS } from '../../src/lib/core/chat';
import { onGroupListChange, type EventBus, type GroupChange, type LiveRemoteEvent, type RoomStreamEffect, type RoomTalk } from '../events';
import type { RelayBus } from './bus';

const GROUP_CHANGED = 'live.group_changed';
const ROOM_CHANGED = 'live.room_changed';
const ROOM_TALK = 'live.room_talk';

export function forwardLiveEvents(events: EventBus, bus: RelayBus): () => void {
  const publish = (groupId: string, what: GroupChange) => bus.publishEvent({ name: GROUP_CHANGED, payload: { groupId, what } });
  const stops = [
    onGroupListChange(events, publish),
    // A small notice, not the room: every other process reloads the stored room, the one truth.
    events.on('room.changed', ({ groupId, sessionId, streamEffects }) =>
      bus.publishEvent({ name: ROOM_CHANGED, payload: { groupId, sessionId, effects: streamEffects } })
    ),
    events.on('room.talk', ({ sessionId, talk }) => bus.publishEvent({ name: ROOM_TALK, payload: { sessionId, talk } }))
  ];
  let listening = true;
  bus.onEvent(({ name, payload }) => {
    if (!listening) return;
    const remote = toLiveEvent(name, payload);
    if (remote) events.emit('live.remote', remote);
  });
  return () => {
    listening = false;
    for (const stop of stops) stop();
  };
}

/** What a bus event means for open pages, if anything; malformed payloads mean nothing. */
export function toLiveEvent(name: string, payload: unknown): LiveRemoteEvent | null {
  const data = (payload ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (name === GROUP_CHANGED) {
    const groupId = text('groupId');
    const what = text('what');
    return groupId && (what === 'sessions' || what === 'boards' || what === 'worksheets') ? { type: 'group', groupId, what } : null;
  }
  if (name === 'member.removed') {
    const groupId = text('groupId');
    const userId = text('userId');
    return groupId && userId ? { type: 'member_removed', groupId, userId } : null;
  }
  if (name === 'member.role_changed') {
    const groupId = text('groupId');
    const userId = text('userId');
    const role = text('role');
    const known = (ROLES as readonly string[]).includes(role ?? '');
    return groupId && userId && known ? { type: 'member_role_changed', groupId, userId, role: role as Role } : null;
  }
  if (name === ROOM_CHANGED) {
    const groupId = text('groupId');
    const sessionId = text('sessionId');
    const effects = Array.isArray(data.effects) ? data.effects.filter(isStreamEffect) : [];
    return groupId && sessionId ? { type: 'room_changed', groupId, sessionId, effects } : null;
  }
  if (name === ROOM_TALK) {
    const sessionId = text('sessionId');
    return sessionId && isTalk(data.talk) ? { type: 'room_talk', sessionId, talk: data.talk } : null;
  }
  if (name === 'login.ended') {
    const loginId = text('loginId');
    return loginId ? { type: 'login_ended', loginId } : null;
  }
  return null;
}

/** A room stream effect as published by another process (anything else is dropped). */
function isStreamEffect(value: unknown): value is RoomStreamEffect {
  if (!value || typeof value !== 'object') return false;
  const effect = value as Record<string, unknown>;
  const object = (key: string) => !!effect[key] && typeof effect[key] === 'object';
  if (effect.type === 'notify') return typeof effect.userId === 'string' && object('notice');
  if (effect.type === 'notify_facilitators') return object('alert');
  if (effect.type === 'cut_off') return typeof effect.userId === 'string';
  return effect.type === 'session_ended';
}

/** A chat message or reaction as published by another process: the fields readers are filtered by must be there. */
function isTalk(value: unknown): value is RoomTalk {
  if (!value || typeof value !== 'object') return false;
  const talk = value as { kind?: unknown; message?: Record<string, unknown>; shown?: Record<string, unknown> };
  if (talk.kind === 'chat') {
    const message = talk.message;
    return !!message && typeof message.id === 'string' && typeof message.thread === 'string' && typeof message.senderId === 'string';
  }
  if (talk.kind === 'reaction') {
    const shown = talk.shown;
    return !!shown && typeof shown.userId === 'string' && (REACTIONS as readonly unknown[]).includes(shown.reaction) && typeof shown.at === 'number';
  }
  return false;
}

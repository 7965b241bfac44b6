/**
 * Long-lived channels across processes: with REDIS_URL, what open pages follow (a session started or ended, a board
 * or worksheet changed in a group) is forwarded over the relay's bus, and what arrives from other processes is
 * emitted here as `live.remote` (re-emitting `session.ended` itself would make this process version the boards a
 * second time). A member removed, a role changed or a sign-in ended elsewhere arrives as the relay's own rights
 * events, published by every process (server/relay/relay.ts); as `live.remote` they reach /api/me/events
 * (server/routes/live.ts) and the channel registry (server/channels/registry.ts), which re-decides every room
 * stream and signalling socket of that person here.
 */
import { ROLES, type Role } from '../../src/lib/core/group/rules';
import type { EventBus, GroupChange, LiveRemoteEvent } from '../events';
import type { RelayBus } from './bus';

const GROUP_CHANGED = 'live.group_changed';

export function forwardLiveEvents(events: EventBus, bus: RelayBus): () => void {
  const publish = (groupId: string, what: GroupChange) => bus.publishEvent({ name: GROUP_CHANGED, payload: { groupId, what } });
  const stops = [
    events.on('group.changed', ({ groupId, what }) => publish(groupId, what)),
    events.on('session.started', ({ groupId }) => publish(groupId, 'sessions')),
    events.on('session.ended', ({ groupId }) => publish(groupId, 'sessions'))
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
  if (name === 'login.ended') {
    const loginId = text('loginId');
    return loginId ? { type: 'login_ended', loginId } : null;
  }
  return null;
}

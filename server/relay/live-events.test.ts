import { describe, expect, it } from 'vitest';
import { EventBus, type LiveRemoteEvent } from '../events';
import type { RelayBus } from './bus';
import { forwardLiveEvents, toLiveEvent } from './live-events';

/** Two processes' buses joined in memory: what one publishes the other hears (never itself, as over Redis). */
function joinedBuses(): [RelayBus, RelayBus] {
  const listeners: Array<Array<(event: { name: string; payload: unknown }) => void>> = [[], []];
  const bus = (self: number): RelayBus => ({
    subscribe: async () => {},
    unsubscribe: () => {},
    publish: () => {},
    publishEvent: (event) => listeners[1 - self]!.forEach((listener) => listener(structuredClone(event))),
    onEvent: (listener) => void listeners[self]!.push(listener),
    close: async () => {}
  });
  return [bus(0), bus(1)];
}

describe('forwarding what open pages follow between processes', () => {
  it('sends list changes to the other process as live.remote, never back to its own', () => {
    const [busA, busB] = joinedBuses();
    const a = new EventBus();
    const b = new EventBus();
    const heardA: LiveRemoteEvent[] = [];
    const heardB: LiveRemoteEvent[] = [];
    a.on('live.remote', (event) => heardA.push(event));
    b.on('live.remote', (event) => heardB.push(event));
    const stop = forwardLiveEvents(a, busA);
    forwardLiveEvents(b, busB);
    a.emit('group.changed', { groupId: 'g1', what: 'boards' });
    a.emit('session.started', { groupId: 'g1', sessionId: 's1' });
    a.emit('session.ended', { groupId: 'g1', sessionId: 's1' });
    expect(heardB).toEqual([
      { type: 'group', groupId: 'g1', what: 'boards' },
      { type: 'group', groupId: 'g1', what: 'sessions' },
      { type: 'group', groupId: 'g1', what: 'sessions' }
    ]);
    expect(heardA).toEqual([]);
    stop();
    a.emit('group.changed', { groupId: 'g1', what: 'worksheets' });
    expect(heardB).toHaveLength(3);
  });

  it('reads the relay’s rights events and refuses malformed payloads', () => {
    expect(toLiveEvent('member.removed', { groupId: 'g', userId: 'u' })).toEqual({ type: 'member_removed', groupId: 'g', userId: 'u' });
    expect(toLiveEvent('login.ended', { loginId: 'l', userId: 'u' })).toEqual({ type: 'login_ended', loginId: 'l' });
    expect(toLiveEvent('member.role_changed', { groupId: 'g', userId: 'u', role: 'participant' })).toEqual({
      type: 'member_role_changed',
      groupId: 'g',
      userId: 'u',
      role: 'participant'
    });
    expect(toLiveEvent('member.role_changed', { groupId: 'g', userId: 'u', role: 'admin' })).toBeNull();
    expect(toLiveEvent('member.role_changed', { groupId: 'g', userId: 'u' })).toBeNull();
    expect(toLiveEvent('live.group_changed', { groupId: 'g', what: 'everything' })).toBeNull();
    expect(toLiveEvent('live.group_changed', { groupId: 7, what: 'boards' })).toBeNull();
    expect(toLiveEvent('live.group_changed', null)).toBeNull();
    expect(toLiveEvent('member.removed', { groupId: 'g' })).toBeNull();
    expect(toLiveEvent('document.changed', { documentId: 'd', docName: 'n' })).toBeNull();
  });
});

describe('forwarding live room changes between processes', () => {
  it('sends a small notice (session, group, the effects streams carry out), never the room itself', () => {
    const [busA, busB] = joinedBuses();
    const a = new EventBus();
    const b = new EventBus();
    const heardB: LiveRemoteEvent[] = [];
    b.on('live.remote', (event) => heardB.push(event));
    forwardLiveEvents(a, busA);
    forwardLiveEvents(b, busB);
    const notice = { type: 'notify' as const, userId: 'u1', notice: { kind: 'side_room_started' } as never };
    a.emit('room.changed', { groupId: 'g1', sessionId: 's1', view: { people: [] } as never, streamEffects: [notice, { type: 'cut_off', userId: 'u2' }] });
    expect(heardB).toEqual([{ type: 'room_changed', groupId: 'g1', sessionId: 's1', effects: [notice, { type: 'cut_off', userId: 'u2' }] }]);
    expect(JSON.stringify(heardB)).not.toContain('people');
  });

  it('reads chat and reactions from other processes and drops malformed ones', () => {
    const shown = { userId: 'u', reaction: 'me_too', at: 5 };
    expect(toLiveEvent('live.room_talk', { sessionId: 's', talk: { kind: 'reaction', shown } })).toEqual({ type: 'room_talk', sessionId: 's', talk: { kind: 'reaction', shown } });
    expect(toLiveEvent('live.room_talk', { sessionId: 's', talk: { kind: 'reaction', shown: { ...shown, reaction: 'shout' } } })).toBeNull();
    expect(toLiveEvent('live.room_talk', { sessionId: 's', talk: { kind: 'chat', message: { id: 'm', thread: 'group' } } })).toBeNull();
    expect(toLiveEvent('live.room_talk', { talk: { kind: 'chat', message: { id: 'm', thread: 'group', senderId: 'u' } } })).toBeNull();
  });

  it('drops malformed room notices and effects', () => {
    expect(toLiveEvent('live.room_changed', { groupId: 'g' })).toBeNull();
    expect(toLiveEvent('live.room_changed', { groupId: 'g', sessionId: 's', effects: 'all' })).toEqual({ type: 'room_changed', groupId: 'g', sessionId: 's', effects: [] });
    const effects = [{ type: 'notify', userId: 7, notice: {} }, { type: 'audit', action: 'x' }, { type: 'cut_off' }, null, { type: 'session_ended' }, { type: 'notify_facilitators', alert: { kind: 'support' } }];
    expect(toLiveEvent('live.room_changed', { groupId: 'g', sessionId: 's', effects })).toEqual({
      type: 'room_changed',
      groupId: 'g',
      sessionId: 's',
      effects: [{ type: 'session_ended' }, { type: 'notify_facilitators', alert: { kind: 'support' } }]
    });
  });
});

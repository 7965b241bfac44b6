import { describe, expect, it } from 'vitest';
import { isPresentInRoom, presenceHeartbeatDue, presenceHeartbeatEveryMs, type HeartbeatInput } from './presence';

const inside = { presence: 'admitted' as const, removed: false, ended: false };
const base: HeartbeatInput = { status: inside, visible: true, mediaOn: false, lastSentAt: null, now: 1_000_000, everyMs: 60_000 };

describe('presence heartbeat', () => {
  it('sends four per idle window, between 5 s and 60 s apart', () => {
    expect(presenceHeartbeatEveryMs(30 * 60_000)).toBe(60_000);
    expect(presenceHeartbeatEveryMs(2 * 60_000)).toBe(30_000);
    expect(presenceHeartbeatEveryMs(10_000)).toBe(5_000);
  });

  it('counts only people inside the room of a live session', () => {
    expect(isPresentInRoom(inside)).toBe(true);
    expect(isPresentInRoom({ ...inside, presence: 'reconnecting' })).toBe(true);
    expect(isPresentInRoom({ ...inside, presence: 'waiting' })).toBe(false);
    expect(isPresentInRoom({ ...inside, presence: 'gone' })).toBe(false);
    expect(isPresentInRoom({ ...inside, presence: 'outside' })).toBe(false);
    expect(isPresentInRoom({ ...inside, removed: true })).toBe(false);
    expect(isPresentInRoom({ ...inside, ended: true })).toBe(false);
  });

  it('is due inside the room while the page is visible or the person’s media is on', () => {
    expect(presenceHeartbeatDue(base)).toBe(true);
    expect(presenceHeartbeatDue({ ...base, visible: false, mediaOn: true })).toBe(true);
    expect(presenceHeartbeatDue({ ...base, visible: false, mediaOn: false })).toBe(false);
    expect(presenceHeartbeatDue({ ...base, status: { ...inside, presence: 'waiting' } })).toBe(false);
    expect(presenceHeartbeatDue({ ...base, status: null })).toBe(false);
  });

  it('waits everyMs after the last one', () => {
    expect(presenceHeartbeatDue({ ...base, lastSentAt: base.now - 59_999 })).toBe(false);
    expect(presenceHeartbeatDue({ ...base, lastSentAt: base.now - 60_000 })).toBe(true);
  });
});

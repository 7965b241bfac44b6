import { describe, expect, it } from 'vitest';
import { countdown, formatInZone, timeLabel } from './display';

describe('session time labels', () => {
  it('always names the group zone', () => {
    expect(formatInZone(new Date('2026-03-03T17:30:00Z'), 'Europe/Berlin', 'en-GB')).toBe('Tue, 3 Mar 2026, 18:30 Europe/Berlin (CET)');
    expect(formatInZone(new Date('2026-03-31T16:30:00Z'), 'Europe/Berlin', 'en-GB')).toBe('Tue, 31 Mar 2026, 18:30 Europe/Berlin (CEST)');
  });

  it('adds the viewer’s own time when their zone reads a different clock', () => {
    const label = timeLabel('2026-03-03T17:30:00Z', 'Europe/Berlin', 'America/New_York', 'en-GB');
    expect(label.group).toBe('Tue, 3 Mar 2026, 18:30 Europe/Berlin (CET)');
    expect(label.viewer).toBe('Tue, 3 Mar 2026, 12:30 America/New_York (GMT-5)');
    expect(timeLabel('2026-03-03T17:30:00Z', 'Europe/Berlin', 'Europe/Berlin', 'en-GB').viewer).toBeUndefined();
    // Paris reads the same clock as Berlin: no second line.
    expect(timeLabel('2026-03-03T17:30:00Z', 'Europe/Berlin', 'Europe/Paris', 'en-GB').viewer).toBeUndefined();
  });

  it('counts down to a session', () => {
    const t0 = Date.UTC(2026, 2, 3, 12);
    expect(countdown(t0, t0 + 45 * 60_000)).toBe('in 45 min');
    expect(countdown(t0, t0 + 90 * 60_000)).toBe('in 1 h 30 min');
    expect(countdown(t0, t0 + (2 * 1440 + 180) * 60_000)).toBe('in 2 days 3 h');
    expect(countdown(t0, t0 - 1)).toBe('now');
  });
});

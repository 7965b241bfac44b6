import { describe, expect, it } from 'vitest';
import { formatDuration, formatWhen, toIsoWithOffset } from './local-time';

describe('toIsoWithOffset', () => {
  it('keeps the wall-clock time and adds the local offset', () => {
    const iso = toIsoWithOffset('2026-03-10', '18:30')!;
    expect(iso).toMatch(/^2026-03-10T18:30:00[+-]\d{2}:\d{2}$/);
    // The same instant as the browser's own reading of that local time.
    expect(Date.parse(iso)).toBe(new Date(2026, 2, 10, 18, 30).getTime());
  });

  it('refuses missing or malformed parts', () => {
    expect(toIsoWithOffset('', '18:30')).toBeUndefined();
    expect(toIsoWithOffset('2026-03-10', '')).toBeUndefined();
    expect(toIsoWithOffset('10/03/2026', '18:30')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('reads as hours and minutes', () => {
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(90)).toBe('1 h 30 min');
    expect(formatDuration(120)).toBe('2 h');
  });
});

describe('formatWhen', () => {
  it('always names the zone', () => {
    expect(formatWhen('2026-03-10T17:30:00Z', 'en-GB', 'Europe/Berlin')).toBe('Tue, 10 Mar 2026, 18:30 CET');
    expect(formatWhen(null)).toBe('No time set');
  });
});

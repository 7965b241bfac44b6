/**
 * Wall-clock time in an IANA time zone, on the platform's own time-zone database (Intl). No library: Intl already
 * carries the zone rules in Node and every browser, and the two conversions below are all the schedule needs.
 * Pure: no DOM, no node:.
 */

/** A calendar date and wall-clock time in some zone: "2026-03-10", "18:30". */
export interface WallTime {
  date: string;
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short'
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a zone name Intl knows ("Europe/Berlin", "UTC"); false for "Mars/Base" or "". */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The wall time of `instant` in `zone`, with its ISO weekday (1 = Monday … 7 = Sunday). */
export function wallTimeIn(instant: Date, zone: string): WallTime & { weekday: number; seconds: number } {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday) + 1
  };
}

/** Minutes `zone` is ahead of UTC at `instant` (Berlin in winter: 60). */
export function offsetMinutes(instant: Date, zone: string): number {
  const w = wallTimeIn(instant, zone);
  const asUtc = Date.UTC(+w.date.slice(0, 4), +w.date.slice(5, 7) - 1, +w.date.slice(8, 10), +w.time.slice(0, 2), +w.time.slice(3, 5), w.seconds);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant at which clocks in `zone` show `wall`. Across a daylight-saving change:
 * - a time that does not exist (clocks jump 02:00 → 03:00) moves forward by the gap (02:30 → 03:30), as RFC 5545 asks;
 * - a time that happens twice (clocks fall back) is the first of the two.
 */
export function instantOf(wall: WallTime, zone: string): Date {
  const [y, mo, d] = wall.date.split('-').map(Number);
  const [h, mi] = wall.time.split(':').map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Try the offsets in force a day either side: one of them is right, unless the time falls in a gap.
  const candidates = [...new Set([offsetMinutes(new Date(asUtc - 86_400_000), zone), offsetMinutes(new Date(asUtc + 86_400_000), zone)])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((t) => offsetMinutes(new Date(t), zone) * 60_000 === asUtc - t)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]);
  // In a gap: read the wall time with the offset from before the change, which lands after it.
  const before = offsetMinutes(new Date(asUtc - 86_400_000), zone);
  return new Date(asUtc - before * 60_000);
}

/** "2026-03-10" plus `days` days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** Dates as people read and type them, in the browser's own time zone. */

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/**
 * A date input ("2026-03-10") and time input ("18:30") as ISO 8601 with the local offset,
 * e.g. "2026-03-10T18:30:00+01:00". Undefined when either is missing or not a real date.
 */
export function toIsoWithOffset(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const local = new Date(`${date}T${time}:00`);
  if (Number.isNaN(local.getTime())) return undefined;
  const offsetMinutes = -local.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  const wall = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:00`;
  return `${wall}${offset}`;
}

/**
 * "Tue 10 Mar 2026, 18:30 CET" in the reader's locale and zone, always naming the zone. Session times use
 * SessionTime (the group's zone, and the reader's when it differs); this is for other times (due dates, invites).
 */
export function formatWhen(iso: string | null, locale?: string, timeZone?: string): string {
  if (!iso) return 'No time set';
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {})
  }).format(new Date(iso));
}

/** "1 h 30 min", "45 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

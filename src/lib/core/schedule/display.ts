/**
 * Session times as people read them: always with the zone, and also in the reader's own zone when it differs from
 * the group's. Pure (Intl only); the components and the emails use it alike.
 */

export interface TimeLabel {
  /** "Tue 3 Mar 2026, 18:30 Europe/Berlin (CET)" */
  group: string;
  /** The same instant in the viewer's zone, when that differs: "Tue 3 Mar 2026, 12:30 America/New_York (EST)". */
  viewer?: string;
}

/** The short zone abbreviation at that instant ("CET", "GMT+1"), from Intl. */
function zoneAbbreviation(instant: Date, zone: string, locale?: string): string {
  const part = new Intl.DateTimeFormat(locale ?? 'en-GB', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** Date and time of `instant` in `zone` followed by the zone's name and abbreviation. */
export function formatInZone(instant: Date, zone: string, locale?: string): string {
  const when = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  }).format(instant);
  return `${when} ${zone} (${zoneAbbreviation(instant, zone, locale)})`;
}

/** Same offset right now and at that instant? Then two zones read the same clock time for it. */
function sameClock(instant: Date, a: string, b: string): boolean {
  const f = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(instant);
  return a === b || f(a) === f(b);
}

/** The label of a session time for a viewer in `viewerZone` (the browser's). */
export function timeLabel(iso: string, groupZone: string, viewerZone?: string, locale?: string): TimeLabel {
  const instant = new Date(iso);
  const group = formatInZone(instant, groupZone, locale);
  if (!viewerZone || sameClock(instant, groupZone, viewerZone)) return { group };
  return { group, viewer: formatInZone(instant, viewerZone, locale) };
}

/** The viewer's zone as the browser reports it. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "in 2 days 3 h", "in 45 min", "now": time until a session starts, for countdowns. */
export function countdown(fromMs: number, toMs: number): string {
  const minutes = Math.round((toMs - fromMs) / 60_000);
  if (minutes <= 0) return 'now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `in ${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
  if (hours) return `in ${hours} h${mins ? ` ${mins} min` : ''}`;
  return `in ${mins} min`;
}

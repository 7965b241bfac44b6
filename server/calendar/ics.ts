/**
 * iCalendar (RFC 5545) for sessions, with ical-generator and the VTIMEZONE blocks of timezones-ical-library.
 * Each session is one VEVENT with a stable UID (its id) and SEQUENCE (bumped on a move, a new length, a
 * cancellation), so Google Calendar, Apple Calendar and Outlook update the event in place. Cancelled sessions stay in
 * the feed as STATUS:CANCELLED so subscribed calendars drop them. No clinical detail: the group's name (or
 * "Group session" when the person chose that), the time, and a link to the app.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { wallTimeIn } from '../../src/lib/core/schedule/zone';
import { GENERIC_TITLE } from '../reminders/messages';
import type { SessionRecord } from '../storage/store';

export const UID_DOMAIN = 'group-session-toolkit';

export interface CalendarSession {
  session: SessionRecord;
  groupName: string;
  timeZone: string;
}

/**
 * ical-generator writes a native Date's *process-local* clock next to TZID, which is wrong unless the server runs in
 * the group's zone. It also takes Temporal-shaped values (Node 20 has no Temporal): this hands it the instant's wall
 * time in `zone`, computed with Intl, so DTSTART reads e.g. TZID=Europe/Berlin:20260303T183000.
 */
function zoned(instant: Date, zone: string) {
  const wall = wallTimeIn(instant, zone);
  const [year, month, day] = wall.date.split('-').map(Number);
  const [hour, minute] = wall.time.split(':').map(Number);
  const fields = { year, month, day, hour, minute, second: wall.seconds };
  const text = `${wall.date}T${wall.time}:${String(wall.seconds).padStart(2, '0')}`;
  const plain = {
    ...fields,
    toPlainDate: () => ({ year, month, day, toJSON: () => wall.date, toString: () => wall.date }),
    toZonedDateTime: () => stub,
    toJSON: () => text,
    toString: () => text
  };
  const stub = {
    ...fields,
    timeZoneId: zone,
    toPlainDateTime: () => plain,
    withTimeZone: (other: string) => (other === zone ? stub : zoned(instant, other)),
    toInstant: () => ({ epochMilliseconds: instant.getTime(), toJSON: () => instant.toISOString(), toString: () => instant.toISOString(), toZonedDateTimeISO: () => stub }),
    toJSON: () => `${text}[${zone}]`,
    toString: () => `${text}[${zone}]`
  };
  return stub;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
}

export function buildCalendar(
  items: CalendarSession[],
  options: { name: string; title: 'group' | 'generic'; appUrl: string; now: Date; method?: 'publish' }
): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'group-session-toolkit', product: 'sessions', language: 'EN' },
    timezone: { name: null, generator: vtimezone },
    ttl: 60 * 60
  });
  if (options.method) calendar.method(ICalCalendarMethod.PUBLISH);
  for (const { session, groupName, timeZone } of items) {
    if (!session.startsAt) continue;
    const url = `${options.appUrl}/groups/${session.groupId}`;
    calendar.createEvent({
      id: `${session.id}@${UID_DOMAIN}`,
      sequence: session.sequence,
      stamp: options.now,
      start: zoned(session.startsAt, timeZone) as never,
      end: zoned(new Date(session.startsAt.getTime() + session.durationMinutes * 60_000), timeZone) as never,
      timezone: timeZone,
      summary: options.title === 'generic' ? GENERIC_TITLE : groupName,
      description: `Join from the app when it starts: ${url}`,
      url,
      status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
    });
  }
  return calendar.toString();
}

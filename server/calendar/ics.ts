/**
 * iCalendar (RFC 5545) for sessions, with ical-generator and the VTIMEZONE blocks of timezones-ical-library.
 * Each session is one VEVENT with a stable UID (its id) and SEQUENCE (bumped on a move, a new length, a
 * cancellation), so Google Calendar, Apple Calendar and Outlook update the event in place. Cancelled sessions stay in
 * the feed as STATUS:CANCELLED so subscribed calendars drop them. No clinical detail: the group's name (or
 * "Group session" when the person chose that), the time, and a link to the app.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { GENERIC_TITLE } from '../reminders/messages';
import type { SessionRecord } from '../storage/store';

export const UID_DOMAIN = 'group-session-toolkit';

export interface CalendarSession {
  session: SessionRecord;
  groupName: string;
  timeZone: string;
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
      start: session.startsAt,
      end: new Date(session.startsAt.getTime() + session.durationMinutes * 60_000),
      timezone: timeZone,
      summary: options.title === 'generic' ? GENERIC_TITLE : groupName,
      description: `Join from the app when it starts: ${url}`,
      url,
      status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
    });
  }
  return calendar.toString();
}

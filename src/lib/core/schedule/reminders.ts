/**
 * Which reminder emails a session calls for: to each participant who kept reminders on, a day and/or an hour
 * before (the group's setting); to each facilitator, one digest on the morning of each day with sessions.
 * Each job has a dedupe key, so planning again (every process, every poll, after a restart) adds nothing.
 * The key holds the session's calendar sequence: a moved session gets reminders for its new time (even when moved
 * back), the old ones are dropped.
 * Pure: the server turns these into rows of its job table.
 */
import { isFacilitating, type Role } from '../group/rules';
import { addDays, instantOf, wallTimeIn } from './zone';

export const REMINDER_OFFSETS = { day: 24 * 3_600_000, hour: 3_600_000 } as const;
export type ReminderOffset = keyof typeof REMINDER_OFFSETS;

/** A reminder planned late (a new session, a process that was down) still goes within this, else not at all. */
export const LATE_GRACE_MS = 15 * 60_000;
export const DIGEST_TIME = '07:00';

export interface PlannedJob {
  kind: 'reminder' | 'digest';
  dedupeKey: string;
  runAt: Date;
  payload: Record<string, string>;
}

export const reminderKeyPrefix = (sessionId: string) => `reminder:${sessionId}:`;

export function plannedJobs(
  session: { id: string; startsAt: Date; sequence: number },
  group: { id: string; timeZone: string; remindDayBefore: boolean; remindHourBefore: boolean },
  recipients: Array<{ userId: string; role: Role; emailReminders: boolean }>,
  now: Date
): PlannedJob[] {
  const start = session.startsAt.getTime();
  if (start <= now.getTime()) return [];
  const jobs: PlannedJob[] = [];
  const offsets = (Object.keys(REMINDER_OFFSETS) as ReminderOffset[]).filter((o) => (o === 'day' ? group.remindDayBefore : group.remindHourBefore));
  const localDate = wallTimeIn(session.startsAt, group.timeZone).date;
  const digestAt = Math.min(instantOf({ date: localDate, time: DIGEST_TIME }, group.timeZone).getTime(), start - REMINDER_OFFSETS.hour);
  for (const r of recipients) {
    if (!r.emailReminders) continue;
    if (isFacilitating(r.role)) {
      if (digestAt < now.getTime() - LATE_GRACE_MS) continue;
      jobs.push({
        kind: 'digest',
        dedupeKey: `digest:${r.userId}:${group.timeZone}:${localDate}`,
        runAt: new Date(digestAt),
        payload: { userId: r.userId, timeZone: group.timeZone, date: localDate }
      });
      continue;
    }
    for (const offset of offsets) {
      const runAt = start - REMINDER_OFFSETS[offset];
      if (runAt < now.getTime() - LATE_GRACE_MS) continue;
      jobs.push({
        kind: 'reminder',
        dedupeKey: `${reminderKeyPrefix(session.id)}${session.sequence}:${offset}:${r.userId}`,
        runAt: new Date(runAt),
        payload: { sessionId: session.id, userId: r.userId, startsAt: session.startsAt.toISOString(), offset }
      });
    }
  }
  return jobs;
}

/** The UTC range of a local calendar date in a zone (for a digest's "today"). */
export function localDayRange(date: string, zone: string): { from: Date; to: Date } {
  return { from: instantOf({ date, time: '00:00' }, zone), to: instantOf({ date: addDays(date, 1), time: '00:00' }, zone) };
}

/**
 * Weekly series: a weekday and wall-clock time in the group's time zone, from a start date, for a number of
 * sessions or until an end date. Each occurrence keeps its local time across daylight-saving changes.
 * Pure: the server turns occurrences into session rows, the browser previews them.
 */
import { z } from 'zod';
import { addDays, instantOf, weekdayOf } from './zone';

export const MAX_SERIES_SESSIONS = 52;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const realDate = z
  .string()
  .regex(DATE, 'Enter a date as YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Enter a real date.');

export const seriesSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the series a title.').max(100, 'Use at most 100 characters.'),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: z.number().int().min(1, 'Choose a weekday.').max(7, 'Choose a weekday.'),
    time: z.string().regex(TIME, 'Enter a time as HH:MM.'),
    startDate: realDate,
    count: z.number().int('Enter a whole number.').min(1, 'A series has at least 1 session.').max(MAX_SERIES_SESSIONS, `A series has at most ${MAX_SERIES_SESSIONS} sessions.`).optional(),
    endDate: realDate.optional(),
    durationMinutes: z.number().int('Enter whole minutes.').min(10, 'A session lasts at least 10 minutes.').max(240, 'A session lasts at most 4 hours.').default(90)
  })
  .superRefine((value, ctx) => {
    if ((value.count === undefined) === (value.endDate === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'Give either a number of sessions or an end date.' });
    }
    if (value.endDate !== undefined && value.endDate < value.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end date is before the start date.' });
    }
    if (value.endDate !== undefined && seriesDates(value).length > MAX_SERIES_SESSIONS) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `A series has at most ${MAX_SERIES_SESSIONS} sessions.` });
    }
    if (value.endDate !== undefined && seriesDates(value).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'No such weekday between these dates.' });
    }
  });
export type SeriesInput = z.input<typeof seriesSchema>;
export type SeriesRule = z.output<typeof seriesSchema>;

export interface Occurrence {
  /** 1-based position in the series ("session 3 of 10"). */
  index: number;
  date: string;
  time: string;
  startsAt: Date;
}

/** The local dates of a series: the first `weekday` on or after startDate, then weekly. */
export function seriesDates(rule: Pick<SeriesRule, 'weekday' | 'startDate' | 'count' | 'endDate'>): string[] {
  const first = addDays(rule.startDate, (rule.weekday - weekdayOf(rule.startDate) + 7) % 7);
  const dates: string[] = [];
  for (let date = first; dates.length <= MAX_SERIES_SESSIONS; date = addDays(date, 7)) {
    if (rule.count !== undefined && dates.length >= rule.count) break;
    if (rule.endDate !== undefined && date > rule.endDate) break;
    dates.push(date);
  }
  return dates;
}

/** Every occurrence of the series as an instant, at the same wall-clock time in `zone` whatever its offset that day. */
export function occurrences(rule: Pick<SeriesRule, 'weekday' | 'time' | 'startDate' | 'count' | 'endDate'>, zone: string): Occurrence[] {
  return seriesDates(rule).map((date, i) => ({ index: i + 1, date, time: rule.time, startsAt: instantOf({ date, time: rule.time }, zone) }));
}

/** "Session 3 of 10" titles: the series title with its position. */
export function occurrenceTitle(seriesTitle: string, index: number, total: number): string {
  return `${seriesTitle} (${index} of ${total})`;
}

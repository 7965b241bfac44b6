/**
 * Attendance as the facilitator confirms it after a session: prefilled from the room's join and leave times,
 * editable for 7 days, and a report a practice can bill from (no prices, no insurance data). Pure.
 */
import { z } from 'zod';

export const ATTENDANCE_STATUSES = ['present', 'late', 'left_early', 'absent_excused', 'absent_unexcused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Present',
  late: 'Late',
  left_early: 'Left early',
  absent_excused: 'Absent (excused)',
  absent_unexcused: 'Absent (not excused)'
};

/** Joining more than this after the start counts as late; leaving this long before the end as leaving early. */
export const GRACE_MINUTES = 10;
export const EDIT_WINDOW_DAYS = 7;

export interface Stay {
  joinedAt: Date;
  leftAt: Date | null;
}

/** The status the room's stays suggest; the facilitator confirms or changes it. */
export function prefillStatus(stays: Stay[], start: Date, end: Date): AttendanceStatus {
  if (!stays.length) return 'absent_unexcused';
  const grace = GRACE_MINUTES * 60_000;
  const firstJoin = Math.min(...stays.map((s) => s.joinedAt.getTime()));
  const lastLeave = Math.max(...stays.map((s) => (s.leftAt ?? end).getTime()));
  if (firstJoin > start.getTime() + grace) return 'late';
  if (lastLeave < end.getTime() - grace) return 'left_early';
  return 'present';
}

/** When a session's attendance stops being editable: 7 days after it ended (or was due to end). */
export function editableUntil(session: { startsAt: Date | null; endedAt: Date | null; durationMinutes: number; startedAt?: Date | null }): Date | null {
  const end = session.endedAt ?? (session.startsAt ? new Date(session.startsAt.getTime() + session.durationMinutes * 60_000) : null);
  return end ? new Date(end.getTime() + EDIT_WINDOW_DAYS * 86_400_000) : null;
}

export const confirmAttendanceSchema = z.object({
  records: z
    .array(z.object({ userId: z.string().uuid('Unknown member.'), status: z.enum(ATTENDANCE_STATUSES, { error: 'Choose a status.' }) }))
    .min(1, 'Confirm at least one member.')
    .max(100)
});

const shortCode = z.string().trim().max(20, 'Use at most 20 characters.').regex(/^[A-Za-z0-9 .-]*$/, 'Use letters, digits, dots and dashes.');
export const billingSchema = z.object({
  billingServiceCode: shortCode.nullable(),
  billingModifier: shortCode.nullable(),
  billingPlaceOfService: shortCode.nullable()
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.');
export const reportQuerySchema = z.object({ from: isoDate, to: isoDate, billing: z.enum(['0', '1']).optional() });

export interface ReportRow {
  date: string;
  time: string;
  timeZone: string;
  sessionTitle: string;
  member: string;
  status: AttendanceStatus | null;
  durationMinutes: number;
}

export interface Billing {
  serviceCode: string | null;
  modifier: string | null;
  placeOfService: string | null;
}

/** A cell safe for spreadsheets: quoted, and text that a spreadsheet would run as a formula made inert. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The attendance report as CSV (RFC 4180, CRLF line ends); billing columns only when asked for. */
export function attendanceCsv(rows: ReportRow[], billing?: Billing): string {
  const head = ['Date', 'Time', 'Time zone', 'Session', 'Member', 'Attendance', 'Minutes'];
  if (billing) head.push('Service code', 'Modifier', 'Place of service');
  const lines = [head.map(cell).join(',')];
  for (const r of rows) {
    const values: Array<string | number> = [r.date, r.time, r.timeZone, r.sessionTitle, r.member, r.status ? ATTENDANCE_LABELS[r.status] : 'Not confirmed', r.durationMinutes];
    if (billing) values.push(billing.serviceCode ?? '', billing.modifier ?? '', billing.placeOfService ?? '');
    lines.push(values.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

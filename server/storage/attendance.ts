/** Confirmed attendance per session and member, and the rows of a group's attendance report. */
import type { AttendanceStatus } from '../../src/lib/core/attendance/rules';

export interface ConfirmedAttendance {
  sessionId: string;
  userId: string;
  status: AttendanceStatus;
  confirmedBy: string | null;
  confirmedAt: Date;
}

export interface OwnAttendance extends ConfirmedAttendance {
  groupId: string;
  groupName: string;
  groupTimeZone: string;
  sessionTitle: string;
  startsAt: Date | null;
}

export interface ReportSession {
  id: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  records: Array<{ userId: string; displayName: string; status: AttendanceStatus }>;
}

export interface AttendanceStorage {
  list(sessionId: string): Promise<ConfirmedAttendance[]>;
  /** Writes the statuses; returns what each was before (undefined: first confirmation), for the audit log. */
  confirm(
    sessionId: string,
    records: Array<{ userId: string; status: AttendanceStatus }>,
    by: string,
    at: Date
  ): Promise<Array<{ userId: string; before: AttendanceStatus | undefined; after: AttendanceStatus }>>;
  forUser(userId: string): Promise<OwnAttendance[]>;
  /** The group's sessions that started in [from, to) and have ended (took place), with their confirmed records. */
  report(groupId: string, from: Date, to: Date): Promise<ReportSession[]>;
}

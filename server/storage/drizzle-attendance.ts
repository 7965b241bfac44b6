/** Confirmed attendance and the attendance report on drizzle (the interface: ./attendance). */
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { AttendanceStatus } from '../../src/lib/core/attendance/rules';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { ConfirmedAttendance, AttendanceStorage } from './attendance';

export function createDrizzleAttendanceStorage(db: Database): AttendanceStorage {
  const asRecord = (row: typeof t.attendanceRecords.$inferSelect): ConfirmedAttendance => ({ ...row, status: row.status as AttendanceStatus });
  return {
    async list(sessionId) {
      return (await db.select().from(t.attendanceRecords).where(eq(t.attendanceRecords.sessionId, sessionId))).map(asRecord);
    },
    async confirm(sessionId, records, by, at) {
      return db.transaction(async (tx) => {
        const before = await tx
          .select()
          .from(t.attendanceRecords)
          .where(and(eq(t.attendanceRecords.sessionId, sessionId), inArray(t.attendanceRecords.userId, records.map((r) => r.userId))))
          .for('update');
        const previous = new Map(before.map((r) => [r.userId, r.status as AttendanceStatus]));
        for (const r of records) {
          await tx
            .insert(t.attendanceRecords)
            .values({ sessionId, userId: r.userId, status: r.status, confirmedBy: by, confirmedAt: at })
            .onConflictDoUpdate({
              target: [t.attendanceRecords.sessionId, t.attendanceRecords.userId],
              set: { status: r.status, confirmedBy: by, confirmedAt: at }
            });
        }
        return records.map((r) => ({ userId: r.userId, before: previous.get(r.userId), after: r.status }));
      });
    },
    async forUser(userId) {
      const rows = await db
        .select({ record: t.attendanceRecords, session: t.groupSessions, group: t.groups })
        .from(t.attendanceRecords)
        .innerJoin(t.groupSessions, eq(t.groupSessions.id, t.attendanceRecords.sessionId))
        .innerJoin(t.groups, eq(t.groups.id, t.groupSessions.groupId))
        .innerJoin(t.memberships, and(eq(t.memberships.groupId, t.groups.id), eq(t.memberships.userId, userId)))
        .where(eq(t.attendanceRecords.userId, userId))
        .orderBy(asc(t.groupSessions.startsAt));
      return rows.map((r) => ({
        ...asRecord(r.record),
        groupId: r.group.id,
        groupName: r.group.name,
        groupTimeZone: r.group.timeZone,
        sessionTitle: r.session.title,
        startsAt: r.session.startsAt
      }));
    },
    async report(groupId, from, to) {
      const sessions = await db
        .select()
        .from(t.groupSessions)
        .where(
          // Sessions that took place: a cancelled one, or one still to come (or live), has no attendance to bill.
          and(eq(t.groupSessions.groupId, groupId), eq(t.groupSessions.status, 'ended'), gte(t.groupSessions.startsAt, from), lt(t.groupSessions.startsAt, to))
        )
        .orderBy(asc(t.groupSessions.startsAt))
        .limit(500);
      if (!sessions.length) return [];
      const records = await db
        .select({ sessionId: t.attendanceRecords.sessionId, userId: t.attendanceRecords.userId, status: t.attendanceRecords.status, displayName: t.users.displayName })
        .from(t.attendanceRecords)
        .innerJoin(t.users, eq(t.users.id, t.attendanceRecords.userId))
        .where(inArray(t.attendanceRecords.sessionId, sessions.map((s) => s.id)))
        .orderBy(asc(t.users.displayName));
      return sessions.map((s) => ({
        id: s.id,
        title: s.title,
        startsAt: s.startsAt!,
        durationMinutes: s.durationMinutes,
        records: records.filter((r) => r.sessionId === s.id).map((r) => ({ userId: r.userId, displayName: r.displayName, status: r.status as AttendanceStatus }))
      }));
    }
  };
}

/**
 * Attendance records: the facilitator confirms each member's status after a session (prefilled from the room's
 * stays), editable for 7 days, every change audited; members read their own; the group's report as CSV.
 */
import { Hono } from 'hono';
import {
  attendanceCsv,
  confirmAttendanceSchema,
  editableUntil,
  prefillStatus,
  reportQuerySchema,
  type ReportRow
} from '../../src/lib/core/attendance/rules';
import { conflict, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { addDays, instantOf, wallTimeIn } from '../../src/lib/core/schedule/zone';
import { requireUser } from '../auth/login-sessions';
import { audit, requireGroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, parseWith, readJson } from '../http/validate';

async function sessionForFacilitator(c: AppContext) {
  const { store } = c.get('deps');
  const session = await store.sessions.get(idParam(c, 'id', 'Session'));
  if (!session) throw notFound('Session');
  try {
    return { session, ...(await requireGroupAccess(c, session.groupId, 'manage_sessions')) };
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') throw notFound('Session');
    throw error;
  }
}

export function attendanceRoutes() {
  return new Hono<AppEnv>()
    /** Each participant's confirmed status, or the one the room's join and leave times suggest. */
    .get('/sessions/:id/attendance-records', async (c) => {
      const { session, group } = await sessionForFacilitator(c);
      const { store, now } = c.get('deps');
      const [members, stays, confirmed] = await Promise.all([
        store.members.list(group.id),
        store.attendance.list(session.id),
        store.attendanceRecords.list(session.id)
      ]);
      const start = session.startedAt ?? session.startsAt ?? now();
      const end = session.endedAt ?? new Date(start.getTime() + session.durationMinutes * 60_000);
      const until = editableUntil(session);
      return c.json({
        editableUntil: until?.toISOString() ?? null,
        editable: session.status !== 'cancelled' && (!until || until.getTime() > now().getTime()),
        records: members
          .filter((m) => !isFacilitating(m.role))
          .map((m) => {
            const own = confirmed.find((r) => r.userId === m.userId);
            const mine = stays.filter((s) => s.userId === m.userId);
            return {
              userId: m.userId,
              displayName: m.displayName,
              status: own?.status ?? null,
              suggested: prefillStatus(mine, start, end),
              confirmedAt: own?.confirmedAt.toISOString() ?? null,
              stays: mine.map((s) => ({ joinedAt: s.joinedAt.toISOString(), leftAt: s.leftAt?.toISOString() ?? null }))
            };
          })
      });
    })

    .put('/sessions/:id/attendance-records', async (c) => {
      const { session, group, user } = await sessionForFacilitator(c);
      const input = await readJson(c, confirmAttendanceSchema);
      const { store, now } = c.get('deps');
      if (session.status === 'cancelled') throw conflict('This session was cancelled: there is no attendance to confirm.');
      if (session.status === 'scheduled') throw conflict('Confirm attendance once the session has started.');
      const until = editableUntil(session);
      if (until && until.getTime() <= now().getTime()) {
        throw conflict('Attendance can be changed for 7 days after a session. This one is closed.', { editableUntil: until.toISOString() });
      }
      const members = await store.members.list(group.id);
      const unknown = input.records.filter((r) => !members.some((m) => m.userId === r.userId && !isFacilitating(m.role)));
      if (unknown.length) throw conflict('Some of these people are not participants of this group.', { userIds: unknown.map((r) => r.userId) });
      const changes = await store.attendanceRecords.confirm(session.id, input.records, user.id, now());
      const changed = changes.filter((ch) => ch.before !== ch.after);
      if (changed.length) {
        await audit(c, {
          action: 'attendance.confirm',
          targetType: 'session',
          targetId: session.id,
          groupId: group.id,
          details: { changes: changed.map((ch) => ({ userId: ch.userId, from: ch.before ?? null, to: ch.after })) }
        });
      }
      return c.json({ records: changes.map((ch) => ({ userId: ch.userId, status: ch.after })) });
    })

    /** A member's own confirmed attendance, across their groups. */
    .get('/me/attendance', async (c) => {
      const user = requireUser(c);
      const rows = await c.get('deps').store.attendanceRecords.forUser(user.id);
      return c.json({
        records: rows.map((r) => ({
          sessionId: r.sessionId,
          groupId: r.groupId,
          groupName: r.groupName,
          timeZone: r.groupTimeZone,
          sessionTitle: r.sessionTitle,
          startsAt: r.startsAt?.toISOString() ?? null,
          status: r.status
        }))
      });
    })

    /** The group's attendance over [from, to] (local dates in the group's zone), as JSON or CSV. */
    .get('/groups/:id/attendance-report', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_sessions');
      const query = parseWith(reportQuerySchema, { ...c.req.query() }, 'report query');
      if (query.to < query.from) throw conflict('The end date is before the start date.');
      const from = instantOf({ date: query.from, time: '00:00' }, group.timeZone);
      const to = instantOf({ date: addDays(query.to, 1), time: '00:00' }, group.timeZone);
      const { store } = c.get('deps');
      const [sessions, members] = await Promise.all([store.attendanceRecords.report(group.id, from, to), store.members.list(group.id)]);
      const participants = members.filter((m) => !isFacilitating(m.role));
      const rows: ReportRow[] = sessions.flatMap((s) => {
        const wall = wallTimeIn(s.startsAt, group.timeZone);
        const people = new Map(participants.map((m) => [m.userId, m.displayName]));
        for (const r of s.records) people.set(r.userId, r.displayName);
        return [...people].map(([userId, member]) => ({
          date: wall.date,
          time: wall.time,
          timeZone: group.timeZone,
          sessionTitle: s.title,
          member,
          status: s.records.find((r) => r.userId === userId)?.status ?? null,
          durationMinutes: s.durationMinutes
        }));
      });
      const billing =
        query.billing === '1'
          ? { serviceCode: group.billingServiceCode, modifier: group.billingModifier, placeOfService: group.billingPlaceOfService }
          : undefined;
      await audit(c, { action: 'attendance.export', targetType: 'group', targetId: group.id, groupId: group.id, details: { from: query.from, to: query.to, billing: !!billing } });
      if (c.req.header('accept')?.includes('application/json')) return c.json({ rows, billing: billing ?? null });
      return c.body(attendanceCsv(rows, billing), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="attendance-${query.from}-to-${query.to}.csv"`,
        'cache-control': 'private, no-store'
      });
    });
}

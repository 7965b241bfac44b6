/** ScheduleStorage over drizzle-orm and PostgreSQL. */
import { and, asc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { GroupKind, Role } from '../../src/lib/core/group/rules';
import type { SessionStatus } from '../../src/lib/core/session/rules';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { GroupRecord, SessionRecord } from './store';
import { DEFAULT_PREFERENCES, type PreferencesRecord, type ScheduleStorage } from './schedule';

const asSession = (row: typeof t.groupSessions.$inferSelect): SessionRecord => ({ ...row, status: row.status as SessionStatus });
const asGroup = (row: typeof t.groups.$inferSelect): GroupRecord => ({ ...row, kind: row.kind as GroupKind });
const asPreferences = (row: typeof t.memberPreferences.$inferSelect | undefined): PreferencesRecord =>
  row ? { emailReminders: row.emailReminders, calendarTitle: row.calendarTitle === 'generic' ? 'generic' : 'group' } : DEFAULT_PREFERENCES;

export function createDrizzleScheduleStorage(db: Database): ScheduleStorage {
  return {
    async createSeries(series, sessions) {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(t.sessionSeries).values(series).returning();
        const rows = await tx
          .insert(t.groupSessions)
          .values(
            sessions.map((s) => ({
              id: s.id,
              groupId: series.groupId,
              title: s.title,
              startsAt: s.startsAt,
              originalStartsAt: s.startsAt,
              durationMinutes: series.durationMinutes,
              seriesId: series.id,
              seriesIndex: s.index,
              createdBy: series.createdBy
            }))
          )
          .returning();
        return { series: row, sessions: rows.map(asSession).sort((a, b) => a.seriesIndex! - b.seriesIndex!) };
      });
    },
    async getSeries(id) {
      const [row] = await db.select().from(t.sessionSeries).where(eq(t.sessionSeries.id, id));
      return row;
    },
    listSeries: (groupId) => db.select().from(t.sessionSeries).where(eq(t.sessionSeries.groupId, groupId)).orderBy(asc(t.sessionSeries.createdAt)),

    async sessionsForMember(userId, from, to) {
      const rows = await db
        .select({ session: t.groupSessions, groupName: t.groups.name, groupTimeZone: t.groups.timeZone, role: t.memberships.role })
        .from(t.groupSessions)
        .innerJoin(t.memberships, and(eq(t.memberships.groupId, t.groupSessions.groupId), eq(t.memberships.userId, userId)))
        .innerJoin(t.groups, eq(t.groups.id, t.groupSessions.groupId))
        // A live session belongs to the week whatever its planned time (it may have none).
        .where(or(and(gte(t.groupSessions.startsAt, from), lt(t.groupSessions.startsAt, to)), eq(t.groupSessions.status, 'live')))
        .orderBy(sql`${t.groupSessions.startsAt} asc nulls first`)
        .limit(500);
      return rows.map((r) => ({ ...asSession(r.session), groupName: r.groupName, groupTimeZone: r.groupTimeZone, role: r.role as Role }));
    },

    async scheduledBetween(from, to) {
      const rows = await db
        .select({ session: t.groupSessions, group: t.groups })
        .from(t.groupSessions)
        .innerJoin(t.groups, eq(t.groups.id, t.groupSessions.groupId))
        .where(and(eq(t.groupSessions.status, 'scheduled'), gte(t.groupSessions.startsAt, from), lt(t.groupSessions.startsAt, to)))
        .orderBy(asc(t.groupSessions.startsAt));
      return rows.map((r) => ({ session: asSession(r.session), group: asGroup(r.group) }));
    },

    async recipients(groupId) {
      const rows = await db
        .select({
          userId: t.memberships.userId,
          role: t.memberships.role,
          email: t.users.email,
          displayName: t.users.displayName,
          emailReminders: t.memberPreferences.emailReminders
        })
        .from(t.memberships)
        .innerJoin(t.users, eq(t.users.id, t.memberships.userId))
        .leftJoin(t.memberPreferences, eq(t.memberPreferences.userId, t.memberships.userId))
        .where(eq(t.memberships.groupId, groupId));
      return rows.map((r) => ({ ...r, role: r.role as Role, emailReminders: r.emailReminders ?? DEFAULT_PREFERENCES.emailReminders }));
    },

    async preferences(userId) {
      const [row] = await db.select().from(t.memberPreferences).where(eq(t.memberPreferences.userId, userId));
      return asPreferences(row);
    },
    async setPreferences(userId, patch) {
      const [row] = await db
        .insert(t.memberPreferences)
        .values({ userId, ...DEFAULT_PREFERENCES, ...patch })
        .onConflictDoUpdate({ target: t.memberPreferences.userId, set: { ...patch, updatedAt: new Date() } })
        .returning();
      return asPreferences(row);
    },

    async createFeed(feed) {
      return db.transaction(async (tx) => {
        await tx
          .update(t.calendarFeeds)
          .set({ revokedAt: new Date() })
          .where(and(eq(t.calendarFeeds.userId, feed.userId), isNull(t.calendarFeeds.revokedAt)));
        const [row] = await tx.insert(t.calendarFeeds).values(feed).returning();
        return { id: row.id, userId: row.userId, createdAt: row.createdAt, revokedAt: row.revokedAt };
      });
    },
    async liveFeed(userId) {
      const [row] = await db
        .select({ id: t.calendarFeeds.id, userId: t.calendarFeeds.userId, createdAt: t.calendarFeeds.createdAt, revokedAt: t.calendarFeeds.revokedAt })
        .from(t.calendarFeeds)
        .where(and(eq(t.calendarFeeds.userId, userId), isNull(t.calendarFeeds.revokedAt)));
      return row;
    },
    async feedByTokenHash(tokenHash) {
      const [row] = await db
        .select({ id: t.calendarFeeds.id, userId: t.calendarFeeds.userId, createdAt: t.calendarFeeds.createdAt, revokedAt: t.calendarFeeds.revokedAt })
        .from(t.calendarFeeds)
        .where(eq(t.calendarFeeds.tokenHash, tokenHash));
      return row;
    },
    async revokeFeeds(userId, at) {
      const rows = await db
        .update(t.calendarFeeds)
        .set({ revokedAt: at })
        .where(and(eq(t.calendarFeeds.userId, userId), isNull(t.calendarFeeds.revokedAt)))
        .returning({ id: t.calendarFeeds.id });
      return rows.length;
    }
  };
}

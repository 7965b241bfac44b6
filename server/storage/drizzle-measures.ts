/** MeasureStorage over drizzle-orm and postgres.js. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FollowUpAction, ItemAnswer, MeasureId, MeasureTiming } from '../../src/lib/core/measures';
import type { Database } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import * as t from '../db/schema';
import type { MeasureStorage, ResponseRecord, RiskAlertRecord, RiskAlertView, ScheduleRecord } from './measures';

const asSchedule = (row: typeof t.measureSchedules.$inferSelect): ScheduleRecord => ({
  id: row.id,
  groupId: row.groupId,
  measure: row.measure as MeasureId,
  timing: row.timing as MeasureTiming,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  stoppedAt: row.stoppedAt
});

const asResponse = (row: typeof t.measureResponses.$inferSelect): ResponseRecord => ({
  id: row.id,
  scheduleId: row.scheduleId,
  groupId: row.groupId,
  sessionId: row.sessionId,
  userId: row.userId,
  measure: row.measure as MeasureId,
  answers: row.answers as ItemAnswer[],
  difficulty: row.difficulty as ItemAnswer,
  total: row.total,
  bandIndex: row.bandIndex,
  urgent: row.urgent,
  createdAt: row.createdAt
});

const asAlert = (row: typeof t.measureRiskAlerts.$inferSelect): RiskAlertRecord => ({
  id: row.id,
  responseId: row.responseId,
  groupId: row.groupId,
  sessionId: row.sessionId,
  userId: row.userId,
  raisedAt: row.raisedAt,
  followUpActions: (row.followUpActions as FollowUpAction[] | null) ?? null,
  followedUpBy: row.followedUpBy,
  followedUpAt: row.followedUpAt
});

export function createDrizzleMeasureStorage(db: Database): MeasureStorage {
  const member = alias(t.users, 'member');
  const followedUpBy = alias(t.users, 'followed_up_by_user');

  async function alertViews(where: ReturnType<typeof and>, order: 'open_first' | 'oldest'): Promise<RiskAlertView[]> {
    const rows = await db
      .select({ alert: t.measureRiskAlerts, groupName: t.groups.name, memberName: member.displayName, byName: followedUpBy.displayName })
      .from(t.measureRiskAlerts)
      .innerJoin(t.groups, eq(t.groups.id, t.measureRiskAlerts.groupId))
      .innerJoin(member, eq(member.id, t.measureRiskAlerts.userId))
      .leftJoin(followedUpBy, eq(followedUpBy.id, t.measureRiskAlerts.followedUpBy))
      .where(where)
      .orderBy(
        ...(order === 'oldest'
          ? [asc(t.measureRiskAlerts.raisedAt)]
          : [sql`${t.measureRiskAlerts.followedUpAt} is not null`, desc(t.measureRiskAlerts.raisedAt)])
      );
    return rows.map((row) => ({ ...asAlert(row.alert), groupName: row.groupName, memberName: row.memberName, followedUpByName: row.byName }));
  }

  return {
    async createSchedule(record) {
      const [row] = await db.insert(t.measureSchedules).values(record).returning();
      return asSchedule(row);
    },

    async schedule(id) {
      const [row] = await db.select().from(t.measureSchedules).where(eq(t.measureSchedules.id, id));
      return row ? asSchedule(row) : undefined;
    },

    async schedules(groupId, options = {}) {
      const rows = await db
        .select()
        .from(t.measureSchedules)
        .where(and(eq(t.measureSchedules.groupId, groupId), options.includeStopped ? undefined : isNull(t.measureSchedules.stoppedAt)))
        .orderBy(asc(t.measureSchedules.createdAt));
      return rows.map(asSchedule);
    },

    async stopSchedule(id, at) {
      const [row] = await db
        .update(t.measureSchedules)
        .set({ stoppedAt: at })
        .where(and(eq(t.measureSchedules.id, id), isNull(t.measureSchedules.stoppedAt)))
        .returning();
      return row ? asSchedule(row) : undefined;
    },

    async saveResponse(response, alert, at) {
      try {
        return await db.transaction(async (tx) => {
          const [saved] = await tx
            .insert(t.measureResponses)
            .values({ ...response, createdAt: at })
            .returning();
          let alertRow: typeof t.measureRiskAlerts.$inferSelect | undefined;
          if (alert) {
            [alertRow] = await tx
              .insert(t.measureRiskAlerts)
              .values({
                id: alert.id,
                responseId: saved.id,
                groupId: response.groupId,
                sessionId: response.sessionId,
                userId: response.userId,
                raisedAt: at
              })
              .returning();
          }
          return { response: asResponse(saved), alert: alertRow ? asAlert(alertRow) : null };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    async answered(groupId, userId) {
      return db
        .select({ scheduleId: t.measureResponses.scheduleId, sessionId: t.measureResponses.sessionId })
        .from(t.measureResponses)
        .where(and(eq(t.measureResponses.groupId, groupId), eq(t.measureResponses.userId, userId)));
    },

    async responses(groupId, userId) {
      const sessionAt = sql<Date>`coalesce(${t.groupSessions.startedAt}, ${t.groupSessions.startsAt}, ${t.measureResponses.createdAt})`;
      const rows = await db
        .select({ response: t.measureResponses, sessionTitle: t.groupSessions.title, sessionAt: sessionAt.mapWith(t.groupSessions.startedAt) })
        .from(t.measureResponses)
        .innerJoin(t.groupSessions, eq(t.groupSessions.id, t.measureResponses.sessionId))
        .where(and(eq(t.measureResponses.groupId, groupId), userId ? eq(t.measureResponses.userId, userId) : undefined))
        .orderBy(asc(sessionAt), asc(t.measureResponses.createdAt));
      return rows.map((row) => ({ ...asResponse(row.response), sessionTitle: row.sessionTitle, sessionAt: row.sessionAt }));
    },

    async riskAlert(id) {
      const [view] = await alertViews(eq(t.measureRiskAlerts.id, id), 'oldest');
      return view;
    },

    riskAlerts: (groupId) => alertViews(eq(t.measureRiskAlerts.groupId, groupId), 'open_first'),

    async openRiskAlerts(groupIds) {
      if (groupIds.length === 0) return [];
      return alertViews(and(inArray(t.measureRiskAlerts.groupId, groupIds), isNull(t.measureRiskAlerts.followedUpAt)), 'oldest');
    },

    async recordFollowUp(id, actions, by, at) {
      const [row] = await db
        .update(t.measureRiskAlerts)
        .set({ followUpActions: actions, followedUpBy: by, followedUpAt: at })
        .where(and(eq(t.measureRiskAlerts.id, id), isNull(t.measureRiskAlerts.followedUpAt)))
        .returning();
      return row ? asAlert(row) : undefined;
    },

    async crisisResources(groupId) {
      const [row] = await db.select().from(t.groupSafetySettings).where(eq(t.groupSafetySettings.groupId, groupId));
      return row?.crisisResources;
    },

    async setCrisisResources(groupId, text, by, at) {
      await db
        .insert(t.groupSafetySettings)
        .values({ groupId, crisisResources: text, updatedBy: by, updatedAt: at })
        .onConflictDoUpdate({ target: t.groupSafetySettings.groupId, set: { crisisResources: text, updatedBy: by, updatedAt: at } });
    }
  };
}

/** Symptom measures: schedules, answers, risk alerts, and a group's crisis resources. */
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';
import { users } from './accounts';
import { groups } from './groups';
import { groupSessions } from './sessions';

/**
 * Symptom measures (PHQ-9, GAD-7; src/lib/core/measures) a facilitator scheduled for a group: answered at the start
 * of each session, or as homework before it. Stopping keeps the row (and its answers) with `stopped_at` set.
 */
export const measureSchedules = pgTable(
  'measure_schedules',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    measure: text('measure').notNull(),
    timing: text('timing').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    stoppedAt: tz('stopped_at')
  },
  (t) => [index('measure_schedules_group_idx').on(t.groupId)]
);

/**
 * One member's answers to a scheduled measure for one session (at most one). Health data: read by the member and the
 * group's facilitators only. The server scores the answers itself; `total` and `band_index` are null when an item was
 * left as "prefer not to answer".
 */
export const measureResponses = pgTable(
  'measure_responses',
  {
    id: text('id').primaryKey(),
    scheduleId: ownedBy('schedule_id', () => measureSchedules.id),
    groupId: ownedBy('group_id', () => groups.id),
    sessionId: ownedBy('session_id', () => groupSessions.id),
    userId: ownedBy('user_id', () => users.id),
    measure: text('measure').notNull(),
    /** One entry per item: 0 to 3, or null for "prefer not to answer". */
    answers: jsonb('answers').notNull().$type<(number | null)[]>(),
    difficulty: integer('difficulty'),
    total: integer('total'),
    bandIndex: integer('band_index'),
    urgent: boolean('urgent').notNull().default(false),
    createdAt: createdAt()
  },
  (t) => [
    uniqueIndex('measure_responses_once_idx').on(t.scheduleId, t.sessionId, t.userId),
    index('measure_responses_member_idx').on(t.groupId, t.userId, t.createdAt)
  ]
);

/**
 * A risk answer (PHQ-9 item 9 above 0) waiting for, or with, a facilitator's follow-up. Open while `followed_up_at`
 * is null; closing is a conditional update, so two facilitators cannot both record it.
 */
export const measureRiskAlerts = pgTable(
  'measure_risk_alerts',
  {
    id: text('id').primaryKey(),
    responseId: text('response_id')
      .notNull()
      .unique()
      .references(() => measureResponses.id, { onDelete: 'cascade' }),
    groupId: ownedBy('group_id', () => groups.id),
    sessionId: text('session_id').references(() => groupSessions.id, { onDelete: 'set null' }),
    userId: ownedBy('user_id', () => users.id),
    raisedAt: tz('raised_at').notNull(),
    followUpActions: jsonb('follow_up_actions').$type<string[]>(),
    followedUpBy: text('followed_up_by').references(() => users.id, { onDelete: 'set null' }),
    followedUpAt: tz('followed_up_at')
  },
  (t) => [index('measure_risk_alerts_group_idx').on(t.groupId, t.followedUpAt)]
);

/** A group's crisis resources (e.g. the local crisis line), shown to a member whose answer raised a risk alert. */
export const groupSafetySettings = pgTable('group_safety_settings', {
  groupId: ownedKey('group_id', () => groups.id),
  crisisResources: text('crisis_resources').notNull(),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt()
});

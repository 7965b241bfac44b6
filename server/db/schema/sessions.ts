/** Sessions of a group: weekly series, the sessions themselves, and who attended them. */
import { bigserial, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, tz } from './columns';
import { users } from './accounts';
import { groups } from './groups';

/** A weekly series: the rule its sessions were made from (they are rows in group_sessions). */
export const sessionSeries = pgTable(
  'session_series',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    title: text('title').notNull(),
    /** ISO weekday, 1 = Monday. */
    weekday: integer('weekday').notNull(),
    /** Wall-clock "HH:MM" in time_zone. */
    localTime: text('local_time').notNull(),
    startDate: text('start_date').notNull(),
    count: integer('count'),
    endDate: text('end_date'),
    timeZone: text('time_zone').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt()
  },
  (t) => [index('session_series_group_idx').on(t.groupId)]
);

/** A session is one meeting of a group. */
export const groupSessions = pgTable(
  'group_sessions',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    title: text('title').notNull(),
    startsAt: tz('starts_at'),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status').notNull().default('scheduled'),
    startedAt: tz('started_at'),
    endedAt: tz('ended_at'),
    seriesId: text('series_id').references(() => sessionSeries.id, { onDelete: 'set null' }),
    seriesIndex: integer('series_index'),
    /** Where the series first put this session; differs from starts_at once it was moved. */
    originalStartsAt: tz('original_starts_at'),
    /** iCalendar SEQUENCE: bumped on a move, a new length, a cancellation. */
    sequence: integer('sequence').notNull().default(0),
    cancelledAt: tz('cancelled_at'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt()
  },
  (t) => [index('group_sessions_group_idx').on(t.groupId, t.startsAt), index('group_sessions_starts_idx').on(t.startsAt)]
);

/** Who was present in a session, from when to when (one row per stay). */
export const attendance = pgTable(
  'attendance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: ownedBy('session_id', () => groupSessions.id),
    userId: ownedBy('user_id', () => users.id),
    joinedAt: tz('joined_at').notNull().defaultNow(),
    leftAt: tz('left_at')
  },
  (t) => [index('attendance_session_idx').on(t.sessionId, t.userId)]
);

/**
 * What the facilitator confirmed about each member's attendance of a session (prefilled from the room's stays).
 * Editable for 7 days after the session; every change is in the audit log.
 */
export const attendanceRecords = pgTable(
  'attendance_records',
  {
    sessionId: ownedBy('session_id', () => groupSessions.id),
    userId: ownedBy('user_id', () => users.id),
    status: text('status').notNull(),
    confirmedBy: text('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: tz('confirmed_at').notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('attendance_records_user_idx').on(t.userId)]
);

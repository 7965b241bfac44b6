/** Reminders and the calendar feed: members' choices, private feed links, and the durable job table that sends the emails. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';
import { users } from './accounts';

/** A person's choices about reminders and their calendar feed. No row: the defaults. */
export const memberPreferences = pgTable('member_preferences', {
  userId: ownedKey('user_id', () => users.id),
  emailReminders: boolean('email_reminders').notNull().default(true),
  /** 'group': events carry the group's name; 'generic': every event is called "Group session". */
  calendarTitle: text('calendar_title').notNull().default('group'),
  updatedAt: updatedAt()
});

/** Private calendar feed links. Only the SHA-256 of the token is stored; at most one live link per person. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: text('id').primaryKey(),
    userId: ownedBy('user_id', () => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: tz('revoked_at')
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_hash_idx').on(t.tokenHash),
    uniqueIndex('calendar_feeds_live_user_idx').on(t.userId).where(sql`${t.revokedAt} is null`)
  ]
);

/**
 * The durable job table (reminder and digest emails). At-least-once: a worker claims due rows with
 * FOR UPDATE SKIP LOCKED and a lease; a crash leaves the lease to expire and another worker takes the job.
 * dedupe_key makes "one reminder per session and person" a unique constraint.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    runAt: tz('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lockedBy: text('locked_by'),
    lockedUntil: tz('locked_until'),
    /** 'pending' | 'done' | 'skipped' | 'failed' */
    state: text('state').notNull().default('pending'),
    lastError: text('last_error'),
    finishedAt: tz('finished_at'),
    createdAt: createdAt()
  },
  (t) => [uniqueIndex('jobs_dedupe_key_idx').on(t.dedupeKey), index('jobs_due_idx').on(t.runAt).where(sql`${t.state} = 'pending'`)]
);

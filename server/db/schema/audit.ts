/** The audit log. */
import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tz } from './columns';

/**
 * Append-only record of who did what. A trigger (custom migration) refuses UPDATE and DELETE,
 * so not even a bug in the app can rewrite it. No foreign keys: entries outlive what they name.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull().default(sql`now()`),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    groupId: text('group_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** Hash chain per group (server/audit/chain.ts): the previous entry's hash and this entry's. Null before the chain. */
    prevHash: text('prev_hash'),
    hash: text('hash')
  },
  (t) => [index('audit_log_group_idx').on(t.groupId, t.id)]
);

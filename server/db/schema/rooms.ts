/** The live session room: its server-written state, its chat, and participants' safety check-ins. */
import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';
import { users } from './accounts';
import { groupSessions } from './sessions';

/**
 * The live session room's state (src/lib/core/room): only the server writes it, one row per session, changed under
 * SELECT ... FOR UPDATE so several processes apply commands one at a time. `version` mirrors state.version.
 */
export const roomStates = pgTable('room_states', {
  sessionId: ownedKey('session_id', () => groupSessions.id),
  state: jsonb('state').notNull().$type<Record<string, unknown>>(),
  version: integer('version').notNull(),
  updatedAt: updatedAt()
});

/**
 * Chat of a live session (src/lib/core/chat): the group chat ('group') and each member's private thread to the
 * facilitators (thread = that member's user id). The sender is set by the server. A message a facilitator hid keeps its
 * text here for the audit; only facilitators are shown it, marked hidden.
 */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: text('id').primaryKey(),
    /** The order messages were accepted in (two in the same millisecond keep theirs). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    sessionId: text('session_id')
      .notNull()
      .references(() => groupSessions.id, { onDelete: 'cascade' }),
    thread: text('thread').notNull(),
    senderId: text('sender_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    senderName: text('sender_name').notNull(),
    senderRole: text('sender_role').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    hiddenAt: tz('hidden_at'),
    hiddenBy: text('hidden_by').references(() => users.id, { onDelete: 'set null' })
  },
  (t) => [index('chat_messages_session_idx').on(t.sessionId, t.seq)]
);

/**
 * A participant's safety check-in at their first admission in a session: where they are and whom to call in an
 * emergency. Health-adjacent personal data: only facilitators read it, and every read is audit-logged.
 */
export const safetyCheckins = pgTable(
  'safety_checkins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: ownedBy('session_id', () => groupSessions.id),
    userId: ownedBy('user_id', () => users.id),
    location: text('location').notNull(),
    emergencyContactName: text('emergency_contact_name').notNull(),
    emergencyContactPhone: text('emergency_contact_phone').notNull(),
    createdAt: createdAt()
  },
  (t) => [index('safety_checkins_session_idx').on(t.sessionId, t.userId), index('safety_checkins_user_idx').on(t.userId, t.createdAt)]
);

/** Collaborative documents (Yjs): the documents, their update log, compacted snapshots, and board versions. */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';
import { users } from './accounts';
import { groups } from './groups';
import { groupSessions } from './sessions';

/**
 * Collaborative documents (Yjs). One row per document; `kind` and the lock/archive flags feed the rights function
 * in src/lib/core/documents/rights.ts. Boards are the first kind.
 */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    docName: text('doc_name').notNull(),
    kind: text('kind').notNull(),
    /** Null only for a person's private notes, which belong to no group. */
    groupId: text('group_id').references(() => groups.id, { onDelete: 'cascade' }),
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    locked: boolean('locked').notNull().default(false),
    archived: boolean('archived').notNull().default(false),
    /** Individual worksheet copies only: the owner shared it, so the group may read it. */
    sharedWithGroup: boolean('shared_with_group').notNull().default(false),
    /**
     * A breakout pair's worksheet copy only: the pair's members (user ids), who with the facilitators are the only
     * people that open it (documentAccess). Null for every other document (the whole group's).
     */
    pairMembers: text('pair_members').array(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Last time an update was accepted; automatic session versions pick boards edited during the session. */
    lastEditedAt: tz('last_edited_at')
  },
  (t) => [
    uniqueIndex('documents_doc_name_idx').on(t.docName),
    index('documents_group_idx').on(t.groupId, t.kind),
    /** One notes document per person, even when two devices ask for it at once. */
    uniqueIndex('documents_notes_owner_idx').on(t.ownerId).where(sql`${t.kind} = 'notes'`)
  ]
);

/** The append-only tail of accepted Yjs updates, made durable before they are broadcast. */
export const documentUpdates = pgTable(
  'document_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: ownedBy('document_id', () => documents.id),
    update: bytea('update').notNull(),
    createdAt: createdAt()
  },
  (t) => [index('document_updates_document_idx').on(t.documentId, t.id)]
);

/** At most one compacted state per document: it replaces every update row with id <= covers_update_id. */
export const documentSnapshots = pgTable('document_snapshots', {
  documentId: ownedKey('document_id', () => documents.id),
  state: bytea('state').notNull(),
  stateVector: bytea('state_vector').notNull(),
  coversUpdateId: bigint('covers_update_id', { mode: 'number' }).notNull(),
  createdAt: createdAt()
});

/** Full copies of a board's state: made by facilitators, or automatically when a session ends. */
export const boardVersions = pgTable(
  'board_versions',
  {
    id: text('id').primaryKey(),
    documentId: ownedBy('document_id', () => documents.id),
    label: text('label').notNull(),
    sessionId: text('session_id').references(() => groupSessions.id, { onDelete: 'set null' }),
    state: bytea('state').notNull(),
    createdAt: createdAt(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' })
  },
  (t) => [index('board_versions_document_idx').on(t.documentId, t.createdAt)]
);

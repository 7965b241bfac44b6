/** Worksheets: custom templates and their shares, worksheets started in a group, and their copies. */
import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, ownedKey, tz } from './columns';
import { users } from './accounts';
import { documents } from './documents';
import { groups } from './groups';
import { groupSessions } from './sessions';

/**
 * Custom worksheet templates (built-ins live in code, src/lib/core/worksheet/builtins). Every saved edit is a new row
 * (id, version): worksheets keep pointing at the version they were started with. `body` is the whole template as
 * checked by templateSchema; title and modality are copied out for listing.
 */
export const worksheetTemplates = pgTable(
  'worksheet_templates',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    ownerId: ownedBy('owner_id', () => users.id),
    title: text('title').notNull(),
    modality: text('modality').notNull(),
    body: jsonb('body').notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt()
  },
  (t) => [primaryKey({ columns: [t.id, t.version] }), index('worksheet_templates_owner_idx').on(t.ownerId)]
);

/** Which groups a facilitator shared a custom template with (every version of it). */
export const worksheetTemplateShares = pgTable(
  'worksheet_template_shares',
  {
    templateId: text('template_id').notNull(),
    groupId: ownedBy('group_id', () => groups.id),
    sharedBy: text('shared_by').references(() => users.id, { onDelete: 'set null' }),
    sharedAt: tz('shared_at').notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.templateId, t.groupId] }), index('worksheet_template_shares_group_idx').on(t.groupId)]
);

/**
 * A worksheet a facilitator started in a group (live in a session, or as homework): a template version, a mode, and
 * its copies in worksheet_copies (one shared copy, or one per participant).
 */
export const worksheets = pgTable(
  'worksheets',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    sessionId: text('session_id').references(() => groupSessions.id, { onDelete: 'set null' }),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    /** The template as it was when the worksheet started, so a deleted or edited template never breaks it. */
    templateBody: jsonb('template_body').notNull().$type<Record<string, unknown>>(),
    mode: text('mode').notNull(),
    title: text('title').notNull(),
    /** Set for homework: fill it in before this time (usually the next session). */
    homeworkDue: tz('homework_due'),
    /** Homework due by this session: it opens there for review. */
    dueSessionId: text('due_session_id').references(() => groupSessions.id, { onDelete: 'set null' }),
    /** Teaching one section at a time: participants see sections 0..revealedThrough; null shows every section. */
    revealedThrough: integer('revealed_through'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt()
  },
  (t) => [index('worksheets_group_idx').on(t.groupId, t.createdAt), index('worksheets_session_idx').on(t.sessionId)]
);

/** The documents of a worksheet: its one shared copy, or one copy per participant (documents.owner_id). */
export const worksheetCopies = pgTable(
  'worksheet_copies',
  {
    documentId: ownedKey('document_id', () => documents.id),
    worksheetId: ownedBy('worksheet_id', () => worksheets.id),
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    /** When the owner shared their individual copy with the group (documents.shared_with_group holds the flag). */
    sharedAt: tz('shared_at'),
    /** A breakout pair's copy: the pair's id in the session's room (pair-1, …); its members are documents.pair_members. */
    pairId: text('pair_id')
  },
  (t) => [index('worksheet_copies_worksheet_idx').on(t.worksheetId), index('worksheet_copies_owner_idx').on(t.ownerId)]
);

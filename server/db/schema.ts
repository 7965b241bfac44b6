/**
 * The one database schema. Migrations in drizzle/ are generated from it with `npm run db:generate`.
 * Times are timestamptz; ids are random UUIDs made by the application.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex
} from 'drizzle-orm/pg-core';

/** bytea: postgres.js returns a Buffer; it comes out as a plain Uint8Array (a view, no copy). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) =>
    value instanceof Uint8Array && value.constructor !== Uint8Array
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : value
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const tz = (name: string) => timestamp(name, { withTimezone: true });
const updatedAt = () => tz('updated_at').notNull().defaultNow();
/** A required link to another table's row: deleting that row deletes this one. */
const ownedBy = (name: string, target: () => AnyPgColumn) => text(name).notNull().references(target, { onDelete: 'cascade' });
/** The same link as this table's primary key: at most one row per parent row. */
const ownedKey = (name: string, target: () => AnyPgColumn) => text(name).primaryKey().references(target, { onDelete: 'cascade' });

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt()
});

/** Signed-in browsers. The id is the SHA-256 of the cookie's token, so a copy of the table signs nobody in. */
export const loginSessions = pgTable(
  'login_sessions',
  {
    id: text('id').primaryKey(),
    userId: ownedBy('user_id', () => users.id),
    createdAt: createdAt(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** When this sign-in passed the second factor (remembered for this sign-in only); null: not (yet). */
    secondFactorAt: tz('second_factor_at')
  },
  (t) => [index('login_sessions_user_idx').on(t.userId)]
);

/**
 * A person's TOTP second factor (RFC 6238). `confirmedAt` is null while it is being set up (the first code not yet
 * entered). `lastStep` is the last 30-second step accepted, so a code is never accepted twice.
 */
export const secondFactors = pgTable('second_factors', {
  userId: ownedKey('user_id', () => users.id),
  secret: text('secret').notNull(),
  confirmedAt: tz('confirmed_at'),
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: createdAt()
});

/** Ten one-time recovery codes per second factor, stored as SHA-256 hashes only. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: ownedBy('user_id', () => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: tz('used_at')
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })]
);

export const groups = pgTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull().default(''),
  maxSize: integer('max_size').notNull(),
  agreement: text('agreement').notNull(),
  agreementVersion: integer('agreement_version').notNull().default(1),
  /** IANA zone the group meets in; series keep their wall-clock time in it. */
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Email reminders to members, when SMTP_URL is set: a day and/or an hour before each session. */
  remindDayBefore: boolean('remind_day_before').notNull().default(true),
  remindHourBefore: boolean('remind_hour_before').notNull().default(true),
  /** Optional columns of the attendance report, filled in by the practice; no prices or insurance data. */
  billingServiceCode: text('billing_service_code'),
  billingModifier: text('billing_modifier'),
  billingPlaceOfService: text('billing_place_of_service'),
  /** Facilitators of this group must sign in with a second factor before facilitating (new groups: on by default). */
  requireSecondFactor: boolean('require_second_factor').notNull().default(false),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt()
});

export const memberships = pgTable(
  'memberships',
  {
    groupId: ownedBy('group_id', () => groups.id),
    userId: ownedBy('user_id', () => users.id),
    role: text('role').notNull(),
    joinedAt: tz('joined_at').notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('memberships_user_idx').on(t.userId)]
);

/**
 * People a facilitator removed from a group: their invite links no longer let them back in until a facilitator
 * allows them to rejoin (the row is deleted then). Leaving by oneself leaves no row.
 */
export const groupRemovals = pgTable(
  'group_removals',
  {
    groupId: ownedBy('group_id', () => groups.id),
    userId: ownedBy('user_id', () => users.id),
    removedBy: text('removed_by'),
    removedAt: tz('removed_at').notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })]
);

/** Which text of a group agreement a person accepted, and when. Kept after they leave. */
export const agreementAcceptances = pgTable(
  'agreement_acceptances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    userId: ownedBy('user_id', () => users.id),
    agreementVersion: integer('agreement_version').notNull(),
    agreementText: text('agreement_text').notNull(),
    acceptedAt: tz('accepted_at').notNull().defaultNow()
  },
  (t) => [index('agreement_acceptances_group_user_idx').on(t.groupId, t.userId)]
);

/** Invite links. Only the SHA-256 of the token is stored; the link is shown once, when it is made. */
export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    tokenHash: text('token_hash').notNull(),
    maxUses: integer('max_uses').notNull(),
    uses: integer('uses').notNull().default(0),
    expiresAt: tz('expires_at').notNull(),
    revokedAt: tz('revoked_at'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt()
  },
  (t) => [uniqueIndex('invites_token_hash_idx').on(t.tokenHash), index('invites_group_idx').on(t.groupId)]
);

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

/**
 * A person's private-notes keyring: their notes key wrapped by their password (and optionally a recovery code),
 * made in the browser. The server cannot unwrap it. `revision` refuses stale writes from a second device.
 */
export const notesKeyrings = pgTable('notes_keyrings', {
  userId: ownedKey('user_id', () => users.id),
  keyring: jsonb('keyring').notNull().$type<Record<string, unknown>>(),
  revision: integer('revision').notNull(),
  updatedAt: updatedAt()
});

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
    sharedAt: tz('shared_at')
  },
  (t) => [index('worksheet_copies_worksheet_idx').on(t.worksheetId), index('worksheet_copies_owner_idx').on(t.ownerId)]
);

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

/**
 * A facilitator's ECDH P-256 key pair for group notes (src/lib/core/group-notes/keys.ts): the public key others wrap
 * group notes keys to, and the private key sealed by the person's own notes key (the server cannot open it).
 */
export const facilitatorKeys = pgTable('facilitator_keys', {
  userId: ownedKey('user_id', () => users.id),
  publicKey: text('public_key').notNull(),
  wrappedPrivateKey: text('wrapped_private_key').notNull(),
  createdAt: createdAt()
});

/**
 * A facilitator's ECDSA P-256 signing key (src/lib/core/group-notes/signing.ts): the raw public key anyone reading a
 * note verifies signatures with, its id (SHA-256 hex of those bytes), and the private key sealed by the person's notes
 * key. One per person. No foreign key to users: signatures, and the key to verify them, outlive accounts.
 */
export const facilitatorSigningKeys = pgTable(
  'facilitator_signing_keys',
  {
    keyId: text('key_id').primaryKey(),
    userId: text('user_id').notNull(),
    publicKey: text('public_key').notNull(),
    wrappedPrivateKey: text('wrapped_private_key').notNull(),
    createdAt: createdAt()
  },
  (t) => [uniqueIndex('facilitator_signing_keys_user_idx').on(t.userId)]
);

/**
 * A group's notes key (one version of it), wrapped for one facilitator's public key by a facilitator who holds it.
 * Versions rise when a facilitator leaves and a remaining one rotates the key (group_note_key_state).
 */
export const groupNoteKeys = pgTable(
  'group_note_keys',
  {
    groupId: ownedBy('group_id', () => groups.id),
    userId: ownedBy('user_id', () => users.id),
    keyVersion: integer('key_version').notNull().default(1),
    wrappedKey: jsonb('wrapped_key').notNull().$type<Record<string, unknown>>(),
    wrappedBy: text('wrapped_by').notNull(),
    createdAt: createdAt()
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId, t.keyVersion] })]
);

/**
 * Which version of a group's notes key new notes use, and whether a rotation is due because a facilitator who held a
 * copy left (removed or demoted). No row: version 1, nothing due.
 */
export const groupNoteKeyState = pgTable('group_note_key_state', {
  groupId: text('group_id')
    .primaryKey()
    .references(() => groups.id, { onDelete: 'cascade' }),
  currentVersion: integer('current_version').notNull().default(1),
  rotationDueSince: tz('rotation_due_since'),
  rotatedBy: text('rotated_by'),
  rotatedAt: tz('rotated_at')
});

/**
 * A session's group progress note: ciphertext the server cannot read, a revision for drafts, and once signed the
 * signature (signer, time, the client's content hash, the server's own SHA-256 of the ciphertext). A trigger (custom
 * migration) refuses any change to a signed row. Signer columns have no foreign key: a signature outlives accounts.
 */
export const groupNotes = pgTable(
  'group_notes',
  {
    id: text('id').primaryKey(),
    groupId: ownedBy('group_id', () => groups.id),
    sessionId: text('session_id')
      .notNull()
      .unique()
      .references(() => groupSessions.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    revision: integer('revision').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** The version of the group's notes key the ciphertext is sealed with. */
    keyVersion: integer('key_version').notNull().default(1),
    signedBy: text('signed_by'),
    signerName: text('signer_name'),
    signedAt: tz('signed_at'),
    contentHash: text('content_hash'),
    ciphertextHash: text('ciphertext_hash'),
    /** The signer's ECDSA signature (base64) and the id of their key; null on notes signed before signing keys. */
    signature: text('signature'),
    signingKeyId: text('signing_key_id')
  },
  (t) => [index('group_notes_group_idx').on(t.groupId)]
);

/** A signed addendum to a signed group note: its own ciphertext and signature. The trigger refuses UPDATE. */
export const groupNoteAddenda = pgTable(
  'group_note_addenda',
  {
    id: text('id').primaryKey(),
    noteId: ownedBy('note_id', () => groupNotes.id),
    ciphertext: bytea('ciphertext').notNull(),
    keyVersion: integer('key_version').notNull().default(1),
    signedBy: text('signed_by').notNull(),
    signerName: text('signer_name').notNull(),
    signedAt: tz('signed_at').notNull(),
    contentHash: text('content_hash').notNull(),
    ciphertextHash: text('ciphertext_hash').notNull(),
    signature: text('signature'),
    signingKeyId: text('signing_key_id')
  },
  (t) => [index('group_note_addenda_note_idx').on(t.noteId, t.signedAt)]
);

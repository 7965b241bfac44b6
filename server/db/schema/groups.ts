/** Groups and who belongs to them: memberships, removals, accepted agreements, invite links. */
import { bigserial, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, tz, updatedAt } from './columns';
import { users } from './accounts';

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

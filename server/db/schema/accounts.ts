/** People and their sign-ins: accounts, signed-in browsers, second factors and their recovery codes. */
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';

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

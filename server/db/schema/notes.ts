/** Notes: a person's private-notes keyring, and a group's signed, end-to-end encrypted progress notes with their keys. */
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, createdAt, ownedBy, ownedKey, tz, updatedAt } from './columns';
import { users } from './accounts';
import { groups } from './groups';
import { groupSessions } from './sessions';

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

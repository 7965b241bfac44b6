/**
 * Storage of private notes (the rules of src/lib/core/notes/sync-contract.ts): the person's notes document row,
 * their wrapped keyring with a revision, and the document's encrypted entries in the ordinary document tables
 * (document_updates: one row per encrypted update; document_snapshots: at most one encrypted snapshot).
 *
 * Every byte stored here is ciphertext made in the browser. Nothing here may parse it as Yjs: it is opaque.
 */
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';

export interface NotesDocumentRecord {
  id: string;
  docName: string;
}

export interface StoredKeyring {
  keyring: NotesKeyring | null;
  revision: number;
}

export interface NotesEntries {
  /** The snapshot, when it covers ids after `after`. */
  snapshot: { ciphertext: Uint8Array; coversUpdateId: number } | null;
  /** Updates with id > max(after, snapshot's coversUpdateId), in id order. */
  updates: Array<{ id: number; ciphertext: Uint8Array }>;
  /** The highest id this document has ever given out (0 when none), never below `after`. */
  latestId: number;
}

export type KeyringWrite = { ok: true; stored: StoredKeyring } | { ok: false; reason: 'stale_revision' };

export type SnapshotWrite =
  | { ok: true; removedUpdates: number }
  | { ok: false; reason: 'covers_unknown_updates' | 'not_newer' };

export interface NotesStorage {
  /** The person's notes document, created on first call (one per person, even under concurrent calls). */
  documentFor(userId: string): Promise<NotesDocumentRecord>;
  /** The person's notes document, or undefined when they never opened notes. */
  findDocument(userId: string): Promise<NotesDocumentRecord | undefined>;

  keyring(userId: string): Promise<StoredKeyring>;
  /** Stores the keyring when the stored revision is still `expectedRevision` (0: none yet). */
  putKeyring(userId: string, keyring: NotesKeyring, expectedRevision: number, at: Date): Promise<KeyringWrite>;
  /**
   * Account password change: the new password hash and (when given) the re-wrapped keyring in ONE transaction,
   * so the password and the notes wrapping never drift apart. Nothing is written when the keyring is stale.
   */
  changePassword(
    userId: string,
    passwordHash: string,
    keyringChange: { keyring: NotesKeyring; expectedRevision: number } | null,
    at: Date
  ): Promise<{ ok: true } | { ok: false; reason: 'stale_revision' }>;

  /** Appends encrypted updates in one statement; returns their ids in order. */
  append(documentId: string, ciphertexts: Uint8Array[], at: Date): Promise<number[]>;
  entriesAfter(documentId: string, after: number): Promise<NotesEntries>;
  /**
   * In one transaction (serialised per document): refuses a snapshot covering ids the document never gave out or
   * not newer than the current one; otherwise replaces the snapshot and deletes the update rows it covers.
   */
  replaceSnapshot(documentId: string, ciphertext: Uint8Array, coversUpdateId: number): Promise<SnapshotWrite>;
}

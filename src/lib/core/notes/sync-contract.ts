/**
 * What the server provides for private notes: the contract between the browser (src/lib/offline, src/lib/core/notes)
 * and the server side (to be wired into server/routes and server/relay).
 *
 * The server never holds a key. It stores, for the OWNER ONLY (documentAccess('notes', …) in
 * src/lib/core/documents/rights.ts: anyone else gets 403/4403), three things it cannot read:
 *   1. the person's NotesKeyring (wrapped keys: JSON with base64 strings);
 *   2. an append-only log of encrypted Yjs updates (document_updates rows, `update` = the envelope bytes);
 *   3. at most one encrypted snapshot that replaces every update with id <= coversUpdateId
 *      (document_snapshots: state = envelope bytes; state_vector is empty, the server cannot compute one).
 * The bytes are opaque: the server must NOT run Yjs validation (checkUpdate) or apply them to a Y.Doc; it bounds
 * their size instead. Compaction is done by the client (the server cannot decrypt), which uploads a snapshot.
 *
 * Every envelope is `version(1) | iv(12) | AES-GCM ciphertext+tag` (see crypto.ts), bound to the document id and to
 * its purpose ('update' | 'snapshot'), so the server cannot move entries between documents or kinds unnoticed.
 * What it can still do (and the threat model says so): withhold or roll back entries, and see sizes and times.
 *
 * HTTP routes (NOTES_ROUTES; JSON, same-origin, signed-in person only; errors in the usual `{error:{code,message}}`):
 *   GET  /api/notes                → NotesDocumentAnswer   creates the person's notes document on first call
 *   GET  /api/notes/keyring        → KeyringAnswer
 *   POST /api/notes/keyring        ← PutKeyringRequest     → KeyringAnswer; 409 conflict when expectedRevision is stale
 *   GET  /api/notes/entries?after=N → PullAnswer
 *   POST /api/notes/entries        ← PushRequest           → PushAnswer; 413 when an entry is over MAX_ENTRY_BYTES
 *   POST /api/notes/snapshot       ← SnapshotRequest       → SnapshotAnswer; 409 conflict (see SnapshotRequest)
 * Live: the relay may carry the same entries to the owner's other open devices (NotesLiveMessage) so they pull at
 * once; the HTTP routes alone are enough for correctness (devices pull on load, on reconnect and on a poke).
 *
 * The notes key is wrapped by the ACCOUNT password, so an account password change should carry the re-wrapped
 * keyring (changeNotesPassword in src/lib/offline/notes-keys.ts makes it) and store both in one transaction;
 * otherwise the two passwords drift apart. A password reset without the old password cannot re-wrap: the notes
 * then need the recovery code (or are lost), and the UI must say so before the reset.
 *
 * `NotesServer` below is what the browser calls; tests/notes/memory-notes-server.ts is a reference implementation
 * of these rules, and tests/notes/notes-server-contract.ts a suite any implementation must pass.
 */
import type { NotesKeyring } from './crypto';

export const NOTES_SYNC_VERSION = 1;

export const NOTES_ROUTES = {
  document: '/api/notes',
  keyring: '/api/notes/keyring',
  entries: '/api/notes/entries',
  snapshot: '/api/notes/snapshot'
} as const;

/** Largest encrypted update the server accepts (an update is one burst of typing; 1 MiB is generous). */
export const MAX_ENTRY_BYTES = 1024 * 1024;
/** Largest encrypted snapshot the server accepts. */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
/** Most entries in one push. */
export const MAX_ENTRIES_PER_PUSH = 200;
/** Most encrypted bytes in one push; the server's body limit is derived from it. */
export const MAX_PUSH_BYTES = 4 * 1024 * 1024;

/**
 * Splits pending entries into pushes the server accepts: at most `maxEntries` entries and `maxBytes` encrypted bytes
 * each (an entry larger than `maxBytes` goes alone). Order is kept, so the server stores them as they were made.
 */
export function pushBatches<T extends { envelope: Uint8Array }>(
  entries: readonly T[],
  maxEntries: number = MAX_ENTRIES_PER_PUSH,
  maxBytes: number = MAX_PUSH_BYTES
): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entry.envelope.byteLength;
    if (batch.length > 0 && (batch.length >= maxEntries || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface NotesDocumentAnswer {
  /** documents.id of the person's notes document: the associated data every ciphertext is bound to. */
  documentId: string;
  /** `notes:<uuid>`, for the relay. */
  docName: string;
}

export interface KeyringAnswer {
  /** null until the person sets up notes. */
  keyring: NotesKeyring | null;
  /** Bumped by every successful PUT; 0 when there is none. */
  revision: number;
}

export interface PutKeyringRequest {
  keyring: NotesKeyring;
  /**
   * The revision the client read. The server refuses (409) when it moved on, so that two devices changing the
   * password at once cannot leave a wrapping nobody knows the password of. 0 creates the first keyring.
   */
  expectedRevision: number;
  /** The account password: replacing the keyring needs it, not the cookie alone (400 `fields.currentPassword`). */
  currentPassword: string;
}

/** One stored entry. Ids are assigned by the server, strictly increasing per document (document_updates.id). */
export interface EncryptedEntry {
  id: number;
  kind: 'update' | 'snapshot';
  /** base64 of the envelope. */
  ciphertext: string;
}

/**
 * Everything after `after`: when the snapshot covers ids the client has not seen (after < snapshot.id), the
 * snapshot first (its id = its coversUpdateId), then every update with id > max(after, snapshot.id), in id order.
 */
export interface PullAnswer {
  entries: EncryptedEntry[];
  /** The id the client has now seen everything through (pass it as `after` next time). */
  latestId: number;
}

export interface PushRequest {
  /** base64 envelopes, in the order they were made. */
  ciphertexts: string[];
}

export interface PushAnswer {
  /** The id given to each ciphertext, same order. */
  ids: number[];
}

/**
 * Replace the log up to `coversUpdateId` with one snapshot, in ONE transaction: upsert the snapshot row and delete
 * the update rows with id <= coversUpdateId. The client promises the snapshot holds every update with
 * id <= coversUpdateId (it has applied them all). The server answers 409 conflict when coversUpdateId is greater than
 * the latest update id it has, or not greater than the current snapshot's (a stale compaction loses nothing: the
 * client simply tries again later).
 */
export interface SnapshotRequest {
  ciphertext: string;
  coversUpdateId: number;
}

export interface SnapshotAnswer {
  coversUpdateId: number;
  /** How many update rows were deleted. */
  removedUpdates: number;
}

/** Relay → owner's other connections: new entries exist (pull after the given id). */
export interface NotesLiveMessage {
  type: 'notes.entries';
  version: typeof NOTES_SYNC_VERSION;
  entries: EncryptedEntry[];
}

/** The calls the browser makes; one method per route above. Errors are thrown (AppError from the API client). */
export interface NotesServer {
  document(): Promise<NotesDocumentAnswer>;
  getKeyring(): Promise<KeyringAnswer>;
  putKeyring(request: PutKeyringRequest): Promise<KeyringAnswer>;
  pull(after: number): Promise<PullAnswer>;
  push(request: PushRequest): Promise<PushAnswer>;
  snapshot(request: SnapshotRequest): Promise<SnapshotAnswer>;
}

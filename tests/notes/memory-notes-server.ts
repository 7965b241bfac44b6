/**
 * A reference NotesServer in memory, for one person: the rules of src/lib/core/notes/sync-contract.ts with no
 * database. The real server must behave the same (tests/notes/notes-server-contract.ts checks both).
 * `online = false` makes every call fail like a dropped network.
 */
import { notesDocName } from '../../src/lib/core/documents/names';
import { AppError, conflict } from '../../src/lib/core/errors';
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';
import { base64ToBytes } from '../../src/lib/core/notes/encoding';
import {
  MAX_ENTRIES_PER_PUSH,
  MAX_ENTRY_BYTES,
  MAX_SNAPSHOT_BYTES,
  type EncryptedEntry,
  type KeyringAnswer,
  type NotesServer,
  type PullAnswer,
  type PushAnswer,
  type PushRequest,
  type PutKeyringRequest,
  type SnapshotAnswer,
  type SnapshotRequest
} from '../../src/lib/core/notes/sync-contract';

export class MemoryNotesServer implements NotesServer {
  online = true;
  readonly documentId: string;
  keyring: NotesKeyring | null = null;
  revision = 0;
  updates: { id: number; ciphertext: string }[] = [];
  snapshotRow: { ciphertext: string; coversUpdateId: number } | null = null;
  lastId = 0;

  constructor(documentId = 'notes-document-1') {
    this.documentId = documentId;
  }

  async document() {
    this.#reachable();
    return { documentId: this.documentId, docName: notesDocName(this.documentId) };
  }

  async getKeyring(): Promise<KeyringAnswer> {
    this.#reachable();
    return { keyring: this.keyring, revision: this.revision };
  }

  async putKeyring({ keyring, expectedRevision }: PutKeyringRequest): Promise<KeyringAnswer> {
    this.#reachable();
    if (expectedRevision !== this.revision) throw conflict('The notes key changed on another device. Reload and try again.');
    this.keyring = structuredClone(keyring);
    this.revision++;
    return { keyring: this.keyring, revision: this.revision };
  }

  async pull(after: number): Promise<PullAnswer> {
    this.#reachable();
    const entries: EncryptedEntry[] = [];
    const covered = this.snapshotRow?.coversUpdateId ?? 0;
    if (this.snapshotRow && after < covered) {
      entries.push({ id: covered, kind: 'snapshot', ciphertext: this.snapshotRow.ciphertext });
    }
    const from = Math.max(after, covered);
    for (const update of this.updates) if (update.id > from) entries.push({ id: update.id, kind: 'update', ciphertext: update.ciphertext });
    return { entries, latestId: Math.max(after, this.lastId) };
  }

  async push({ ciphertexts }: PushRequest): Promise<PushAnswer> {
    this.#reachable();
    if (ciphertexts.length > MAX_ENTRIES_PER_PUSH) throw new AppError('payload_too_large', 'Too many entries at once.');
    for (const ciphertext of ciphertexts) {
      if (base64ToBytes(ciphertext).byteLength > MAX_ENTRY_BYTES) throw new AppError('payload_too_large', 'An entry is too large.');
    }
    const ids = ciphertexts.map((ciphertext) => {
      const id = ++this.lastId;
      this.updates.push({ id, ciphertext });
      return id;
    });
    return { ids };
  }

  async snapshot({ ciphertext, coversUpdateId }: SnapshotRequest): Promise<SnapshotAnswer> {
    this.#reachable();
    if (base64ToBytes(ciphertext).byteLength > MAX_SNAPSHOT_BYTES) throw new AppError('payload_too_large', 'The snapshot is too large.');
    if (coversUpdateId > this.lastId) throw conflict('The snapshot covers updates the server does not have.');
    if (this.snapshotRow && coversUpdateId <= this.snapshotRow.coversUpdateId) throw conflict('A newer snapshot exists.');
    const before = this.updates.length;
    this.updates = this.updates.filter((update) => update.id > coversUpdateId);
    this.snapshotRow = { ciphertext, coversUpdateId };
    return { coversUpdateId, removedUpdates: before - this.updates.length };
  }

  /** Every byte the server holds, for canary searches. */
  everything(): string {
    return JSON.stringify({ keyring: this.keyring, updates: this.updates, snapshot: this.snapshotRow });
  }

  #reachable(): void {
    if (!this.online) throw new TypeError('Failed to fetch');
  }
}

/**
 * This device's copy of a person's notes, in IndexedDB, ENCRYPTED AT REST with the notes key: the store only ever
 * holds envelopes made by crypto.ts (the same bytes that travel to the server), the wrapped keyring (safe without
 * the password) and counters. A copy of the browser profile reveals nothing without the password or recovery code.
 *
 * One database per person (`gst-notes-<userId>`), so two people sharing a computer never mix.
 *   meta     out-of-line keys: 'keyring' (NotesKeyring), 'documentId', 'pulledThrough' (last server entry id seen),
 *            'serverUpdatesSinceSnapshot' (when to compact on the server)
 *   entries  auto-increment localId → StoredEntry; `pending` = 1 until the server has it, so an update made
 *            offline survives closing the tab and is pushed later; index 'serverId' skips entries pulled twice.
 */
import type { NotesKeyring } from '$lib/core/notes/crypto';
import type { EntryKind } from '$lib/core/notes/updates';
import { deleteDatabase, openDatabase, requestResult, transactionDone } from './idb';

const DB_VERSION = 1;
const META = 'meta';
const ENTRIES = 'entries';

export interface StoredEntry {
  localId: number;
  kind: EntryKind;
  envelope: Uint8Array;
  /** 1 until pushed to the server (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  /** The server's id once pushed or pulled; absent before. */
  serverId?: number;
}

type NewEntry = Omit<StoredEntry, 'localId'>;

export interface NotesStoreOptions {
  userId: string;
  /** Defaults to the browser's indexedDB; tests pass fake-indexeddb's. */
  indexedDB?: IDBFactory;
}

export const notesDatabaseName = (userId: string) => `gst-notes-${userId}`;

export class NotesStore {
  readonly name: string;
  #db: IDBDatabase | null;
  readonly #factory: IDBFactory;

  private constructor(db: IDBDatabase, factory: IDBFactory) {
    this.#db = db;
    this.#factory = factory;
    this.name = db.name;
    // Another tab deleting the database ("forget this device") must not be blocked by this one.
    db.onversionchange = () => this.close();
  }

  static async open({ userId, indexedDB = globalThis.indexedDB }: NotesStoreOptions): Promise<NotesStore> {
    if (!indexedDB) throw new Error('This browser cannot keep notes on the device.');
    const db = await openDatabase(indexedDB, notesDatabaseName(userId), DB_VERSION, (upgrading) => {
      upgrading.createObjectStore(META);
      const entries = upgrading.createObjectStore(ENTRIES, { keyPath: 'localId', autoIncrement: true });
      entries.createIndex('pending', 'pending');
      entries.createIndex('serverId', 'serverId', { unique: true });
    });
    return new NotesStore(db, indexedDB);
  }

  /** "Forget this device": deletes the local copy, whether or not it is open here. */
  static async forget({ userId, indexedDB = globalThis.indexedDB }: NotesStoreOptions): Promise<void> {
    await deleteDatabase(indexedDB, notesDatabaseName(userId));
  }

  async forget(): Promise<void> {
    this.close();
    await deleteDatabase(this.#factory, this.name);
  }

  close(): void {
    this.#db?.close();
    this.#db = null;
  }

  get isOpen(): boolean {
    return this.#db !== null;
  }

  // --- meta ------------------------------------------------------------------------------------------------------

  loadKeyring(): Promise<NotesKeyring | null> {
    return this.#getMeta<NotesKeyring>('keyring');
  }

  saveKeyring(keyring: NotesKeyring): Promise<void> {
    return this.#putMeta('keyring', keyring);
  }

  loadDocumentId(): Promise<string | null> {
    return this.#getMeta<string>('documentId');
  }

  saveDocumentId(documentId: string): Promise<void> {
    return this.#putMeta('documentId', documentId);
  }

  async pulledThrough(): Promise<number> {
    return (await this.#getMeta<number>('pulledThrough')) ?? 0;
  }

  async serverUpdatesSinceSnapshot(): Promise<number> {
    return (await this.#getMeta<number>('serverUpdatesSinceSnapshot')) ?? 0;
  }

  resetServerUpdatesSinceSnapshot(): Promise<void> {
    return this.#putMeta('serverUpdatesSinceSnapshot', 0);
  }

  // --- entries ---------------------------------------------------------------------------------------------------

  /** An update made on this device: pending until the server confirms it. Resolves once committed. */
  async addLocalUpdate(envelope: Uint8Array): Promise<number> {
    const transaction = this.#transaction([ENTRIES], 'readwrite');
    const entry: NewEntry = { kind: 'update', envelope, pending: 1 };
    const localId = (await requestResult(transaction.objectStore(ENTRIES).add(entry))) as number;
    await transactionDone(transaction);
    return localId;
  }

  /**
   * Entries pulled from the server (already applied to the document), with the id pulled through, in ONE
   * transaction. Entries this device already holds (its own pushes) are skipped.
   */
  async addPulledEntries(entries: readonly { id: number; kind: EntryKind; envelope: Uint8Array }[], latestId: number): Promise<void> {
    const transaction = this.#transaction([ENTRIES, META], 'readwrite');
    const store = transaction.objectStore(ENTRIES);
    const meta = transaction.objectStore(META);
    let updates = (await requestResult(meta.get('serverUpdatesSinceSnapshot'))) ?? 0;
    for (const entry of entries) {
      if (entry.kind === 'snapshot') updates = 0;
      else updates++;
      const known = await requestResult(store.index('serverId').getKey(entry.id));
      if (known !== undefined) continue;
      const stored: NewEntry = { kind: entry.kind, envelope: entry.envelope, pending: 0, serverId: entry.id };
      store.add(stored);
    }
    meta.put(updates, 'serverUpdatesSinceSnapshot');
    meta.put(latestId, 'pulledThrough');
    await transactionDone(transaction);
  }

  entries(): Promise<StoredEntry[]> {
    return requestResult(this.#transaction([ENTRIES], 'readonly').objectStore(ENTRIES).getAll()) as Promise<StoredEntry[]>;
  }

  pendingEntries(): Promise<StoredEntry[]> {
    const index = this.#transaction([ENTRIES], 'readonly').objectStore(ENTRIES).index('pending');
    return requestResult(index.getAll(1)) as Promise<StoredEntry[]>;
  }

  async countPending(): Promise<number> {
    const index = this.#transaction([ENTRIES], 'readonly').objectStore(ENTRIES).index('pending');
    return requestResult(index.count(1));
  }

  /** The server accepted these local entries under these ids (same order). */
  async markPushed(localIds: readonly number[], serverIds: readonly number[]): Promise<void> {
    const transaction = this.#transaction([ENTRIES], 'readwrite');
    const store = transaction.objectStore(ENTRIES);
    for (const [index, localId] of localIds.entries()) {
      const entry = (await requestResult(store.get(localId))) as StoredEntry | undefined;
      if (entry) store.put({ ...entry, pending: 0, serverId: serverIds[index] });
    }
    await transactionDone(transaction);
  }

  /**
   * Local compaction: one snapshot envelope replaces every synced entry with localId <= upToLocalId, in one
   * transaction. Pending entries stay (they still have to reach the server).
   */
  async replaceSyncedEntries(upToLocalId: number, snapshot: Uint8Array): Promise<number> {
    const transaction = this.#transaction([ENTRIES], 'readwrite');
    const store = transaction.objectStore(ENTRIES);
    const all = (await requestResult(store.getAll())) as StoredEntry[];
    let removed = 0;
    for (const entry of all) {
      if (entry.pending || entry.localId > upToLocalId) continue;
      store.delete(entry.localId);
      removed++;
    }
    const replacement: NewEntry = { kind: 'snapshot', envelope: snapshot, pending: 0 };
    store.add(replacement);
    await transactionDone(transaction);
    return removed;
  }

  countEntries(): Promise<number> {
    return requestResult(this.#transaction([ENTRIES], 'readonly').objectStore(ENTRIES).count());
  }

  async lastLocalId(): Promise<number> {
    const cursor = await requestResult(
      this.#transaction([ENTRIES], 'readonly').objectStore(ENTRIES).openKeyCursor(null, 'prev')
    );
    return cursor ? (cursor.key as number) : 0;
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  #transaction(stores: string[], mode: IDBTransactionMode): IDBTransaction {
    if (!this.#db) throw new Error('The notes on this device are closed.');
    return this.#db.transaction(stores, mode);
  }

  async #getMeta<T>(key: string): Promise<T | null> {
    const value = await requestResult(this.#transaction([META], 'readonly').objectStore(META).get(key));
    return (value as T | undefined) ?? null;
  }

  async #putMeta(key: string, value: unknown): Promise<void> {
    const transaction = this.#transaction([META], 'readwrite');
    transaction.objectStore(META).put(value, key);
    await transactionDone(transaction);
  }
}

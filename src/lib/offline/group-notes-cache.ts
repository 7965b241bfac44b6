/**
 * This device's copy of group notes material, in IndexedDB, for reading and drafting offline. It only ever holds what
 * the server holds too (ciphertext, wrapped keys, signatures) plus drafts encrypted by the group notes key: a copy of
 * the browser profile reveals nothing without the facilitator's password or recovery code. One database per person.
 */
import type { GroupNoteSummary, GroupNoteView } from '$lib/core/group-notes/api';
import type { FacilitatorKeyRecord, WrappedGroupKey } from '$lib/core/group-notes/keys';
import type { SigningKeyRecord } from '$lib/core/group-notes/signing';
import { deleteDatabase, openDatabase, requestResult, transactionDone } from './idb';

const STORE = 'cache';

/** The versions of a group's key this person holds, and the one new notes use. */
export interface CachedGroupKeys {
  currentVersion: number;
  versions: Array<{ keyVersion: number; wrappedKey: WrappedGroupKey }>;
}

/** A draft saved here and not yet on the server. */
export interface PendingDraft {
  ciphertext: string;
  baseRevision: number;
  /** The key version the draft is sealed with. */
  keyVersion?: number;
}

export const groupNotesDatabaseName = (userId: string) => `gst-group-notes-${userId}`;

export class GroupNotesCache {
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
    db.onversionchange = () => db.close();
  }

  static async open(userId: string, factory: IDBFactory = globalThis.indexedDB): Promise<GroupNotesCache> {
    const db = await openDatabase(factory, groupNotesDatabaseName(userId), 1, (upgrading) => upgrading.createObjectStore(STORE));
    return new GroupNotesCache(db);
  }

  static forget(userId: string, factory: IDBFactory = globalThis.indexedDB): Promise<void> {
    return deleteDatabase(factory, groupNotesDatabaseName(userId));
  }

  close(): void {
    this.#db.close();
  }

  async #get<T>(key: string): Promise<T | undefined> {
    return requestResult(this.#db.transaction(STORE).objectStore(STORE).get(key)) as Promise<T | undefined>;
  }

  async #put(key: string, value: unknown): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, key);
    await transactionDone(tx);
  }

  async #delete(key: string): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(key);
    await transactionDone(tx);
  }

  facilitatorKey = () => this.#get<FacilitatorKeyRecord>('facilitatorKey');
  saveFacilitatorKey = (record: FacilitatorKeyRecord) => this.#put('facilitatorKey', record);
  signingKey = () => this.#get<SigningKeyRecord>('signingKey');
  saveSigningKey = (record: SigningKeyRecord) => this.#put('signingKey', record);
  /** The signing key id this device first saw for a signer (trust on first use). */
  signerKey = (userId: string) => this.#get<string>(`signer:${userId}`);
  saveSignerKey = (userId: string, keyId: string) => this.#put(`signer:${userId}`, keyId);
  groupKeys = (groupId: string) => this.#get<CachedGroupKeys>(`groupKeys:${groupId}`);
  saveGroupKeys = (groupId: string, keys: CachedGroupKeys) => this.#put(`groupKeys:${groupId}`, keys);
  notes = (groupId: string) => this.#get<GroupNoteSummary[]>(`notes:${groupId}`);
  saveNotes = (groupId: string, notes: GroupNoteSummary[]) => this.#put(`notes:${groupId}`, notes);
  note = (noteId: string) => this.#get<GroupNoteView>(`note:${noteId}`);
  saveNote = (note: GroupNoteView) => this.#put(`note:${note.id}`, note);
  draft = (noteId: string) => this.#get<PendingDraft>(`draft:${noteId}`);
  saveDraft = (noteId: string, draft: PendingDraft) => this.#put(`draft:${noteId}`, draft);
  dropDraft = (noteId: string) => this.#delete(`draft:${noteId}`);
}

/**
 * One person's private notes on this device, from locked to open and back: what a notes page holds.
 * Composes the local store, the key, the replica and the status; works with no network once the device has seen
 * the notes once (the wrapped keyring and the document id are cached in the store).
 */
import { NotesCryptoError, type TestOnlyKdf } from '$lib/core/notes/crypto';
import type { NotesServer } from '$lib/core/notes/sync-contract';
import { setUpNotes, strengthenWrappingIfWeak, unlockWithPassword, unlockWithRecoveryCode } from './notes-keys';
import { NotesReplica, type ReplicaStatusSink, type SyncReport } from './notes-replica';
import { forgetThisDevice, lockNotes, type Lockable } from './notes-session';
import { NotesStore } from './notes-store';

export interface VaultStatus extends ReplicaStatusSink, Lockable {
  unlockedNow(): void;
}

export interface NotesVaultOptions {
  userId: string;
  server: NotesServer;
  status: VaultStatus;
  indexedDB?: IDBFactory;
  now?: () => number;
  /** Tests only (see TestOnlyKdf). */
  kdf?: TestOnlyKdf;
}

export class NotesVault {
  readonly #options: NotesVaultOptions;
  #store: NotesStore | null = null;
  #replica: NotesReplica | null = null;

  constructor(options: NotesVaultOptions) {
    this.#options = options;
  }

  /** The open notes, or null while locked. */
  get replica(): NotesReplica | null {
    return this.#replica;
  }

  /** First use on any device: makes the notes key (needs the network). */
  async setUp(password: string): Promise<NotesReplica> {
    const store = await this.#openStore();
    const key = await setUpNotes({ store, server: this.#options.server }, password, this.#options.kdf);
    return this.#open(store, key);
  }

  async unlock(password: string): Promise<NotesReplica> {
    const store = await this.#openStore();
    const key = await unlockWithPassword({ store, server: this.#options.server }, password, this.#options.kdf);
    const replica = await this.#open(store, key);
    // Raising the KDF cost of an old wrapping is best effort: offline, it waits for the next unlock.
    await strengthenWrappingIfWeak({ store, server: this.#options.server }, password, this.#options.kdf).catch(() => false);
    return replica;
  }

  async unlockWithRecoveryCode(recoveryCode: string): Promise<NotesReplica> {
    const store = await this.#openStore();
    const key = await unlockWithRecoveryCode({ store, server: this.#options.server }, recoveryCode, this.#options.kdf);
    return this.#open(store, key);
  }

  /** One sync round; failures (offline) are reported to the status and answered with null, nothing is lost. */
  async sync(): Promise<SyncReport | null> {
    if (!this.#replica) return null;
    return this.#replica.sync(this.#options.server).catch(() => null);
  }

  /** Sign-out: saves what is typed, then drops the decrypted notes and the key from memory. */
  async lock(): Promise<void> {
    const replica = this.#replica;
    this.#replica = null;
    await lockNotes(replica, this.#options.status);
    this.#store?.close();
    this.#store = null;
  }

  /** Deletes this device's copy (unsynced edits are lost: the page asks first). */
  async forgetThisDevice(): Promise<void> {
    const replica = this.#replica;
    this.#replica = null;
    this.#store = null;
    await forgetThisDevice({ userId: this.#options.userId, indexedDB: this.#options.indexedDB }, replica, this.#options.status);
  }

  async #openStore(): Promise<NotesStore> {
    if (this.#replica) await this.lock();
    this.#store ??= await NotesStore.open({ userId: this.#options.userId, indexedDB: this.#options.indexedDB });
    return this.#store;
  }

  async #open(store: NotesStore, key: CryptoKey): Promise<NotesReplica> {
    const documentId = await this.#documentId(store);
    this.#replica = await NotesReplica.open({ store, key, documentId, status: this.#options.status, now: this.#options.now });
    this.#options.status.unlockedNow();
    await this.sync();
    return this.#replica;
  }

  /** The server's answer when it gives one (cached), else the id cached on this device. */
  async #documentId(store: NotesStore): Promise<string> {
    try {
      const { documentId } = await this.#options.server.document();
      await store.saveDocumentId(documentId);
      return documentId;
    } catch {
      const cached = await store.loadDocumentId();
      if (!cached) throw new NotesCryptoError('not_set_up', 'Your notes have not been opened on this device yet. Connect to the internet once to open them.');
      return cached;
    }
  }
}

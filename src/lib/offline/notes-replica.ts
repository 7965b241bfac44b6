/**
 * The unlocked notes on this device: a Y.Doc loaded from the encrypted local store, every local edit encrypted and
 * committed to IndexedDB (pending until the server has it), and sync with the server through the NotesServer
 * contract (push pending, pull new entries, compact on the server and locally now and then).
 *
 * Closing (sign-out, lock) waits for local saves, then drops the decrypted document and the key from memory.
 */
import * as Y from 'yjs';
import { NotesCryptoError } from '$lib/core/notes/crypto';
import { bytesToBase64 } from '$lib/core/notes/encoding';
import {
  applySealedEntries,
  buildSnapshotRequest,
  encryptUpdate,
  fromWire,
  onLocalUpdate,
  encryptSnapshot
} from '$lib/core/notes/updates';
import { pushBatches, type NotesServer } from '$lib/core/notes/sync-contract';
import type { NotesStore } from './notes-store';

/** What the replica reports; NotesStatus (notes-status.svelte.ts) implements it for the page. */
export interface ReplicaStatusSink {
  /** Local saves in flight (encrypting or writing to IndexedDB). */
  savingChanged(inFlight: number): void;
  /** Saved on this device but not yet on the server. */
  pendingChanged(count: number): void;
  synced(at: number): void;
  failed(message: string): void;
}

export interface NotesReplicaOptions {
  store: NotesStore;
  key: CryptoKey;
  documentId: string;
  status?: ReplicaStatusSink;
  now?: () => number;
  /** Upload an encrypted snapshot once this many updates sit on the server after the last one. */
  serverCompactAfter?: number;
  /** Replace synced local entries with one snapshot once there are this many entries. */
  localCompactAfter?: number;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  compactedOnServer: boolean;
  compactedLocally: boolean;
}

const silent: ReplicaStatusSink = { savingChanged() {}, pendingChanged() {}, synced() {}, failed() {} };

export class NotesReplica {
  #doc: Y.Doc | null;
  #key: CryptoKey | null;
  readonly #store: NotesStore;
  readonly #documentId: string;
  readonly #status: ReplicaStatusSink;
  readonly #now: () => number;
  readonly #serverCompactAfter: number;
  readonly #localCompactAfter: number;
  readonly #stopListening: () => void;
  #saves: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #syncing: Promise<SyncReport> | null = null;

  private constructor(doc: Y.Doc, options: NotesReplicaOptions) {
    this.#doc = doc;
    this.#key = options.key;
    this.#store = options.store;
    this.#documentId = options.documentId;
    this.#status = options.status ?? silent;
    this.#now = options.now ?? Date.now;
    this.#serverCompactAfter = options.serverCompactAfter ?? 200;
    this.#localCompactAfter = options.localCompactAfter ?? 500;
    this.#stopListening = onLocalUpdate(doc, (update) => this.#save(update));
  }

  /** Decrypts this device's copy into a new Y.Doc. Throws NotesCryptoError if any stored entry is not authentic. */
  static async open(options: NotesReplicaOptions): Promise<NotesReplica> {
    const doc = new Y.Doc();
    const stored = await options.store.entries();
    await applySealedEntries(doc, options.key, options.documentId, stored);
    const replica = new NotesReplica(doc, options);
    replica.#status.pendingChanged(await options.store.countPending());
    return replica;
  }

  /** The decrypted notes document; throws once closed. */
  get doc(): Y.Doc {
    if (!this.#doc) throw new NotesCryptoError('locked');
    return this.#doc;
  }

  get isOpen(): boolean {
    return this.#doc !== null;
  }

  /** Resolves once every edit made so far is committed to IndexedDB. */
  flush(): Promise<void> {
    return this.#saves;
  }

  #save(update: Uint8Array): void {
    const key = this.#key;
    if (!key) return;
    this.#inFlight++;
    this.#status.savingChanged(this.#inFlight);
    this.#saves = this.#saves.then(async () => {
      try {
        await this.#store.addLocalUpdate(await encryptUpdate(key, this.#documentId, update));
        this.#status.pendingChanged(await this.#store.countPending());
      } catch (error) {
        this.#status.failed(`Could not save on this device: ${(error as Error).message}`);
      } finally {
        this.#inFlight--;
        this.#status.savingChanged(this.#inFlight);
      }
    });
  }

  /** One round with the server; concurrent calls share the round in progress. */
  sync(server: NotesServer): Promise<SyncReport> {
    this.#syncing ??= this.#syncRound(server).finally(() => {
      this.#syncing = null;
    });
    return this.#syncing;
  }

  async #syncRound(server: NotesServer): Promise<SyncReport> {
    try {
      await this.flush();
      const pushed = await this.#push(server);
      const pulled = await this.#pull(server);
      const compactedOnServer = await this.#compactOnServer(server);
      const compactedLocally = (await this.#store.countEntries()) >= this.#localCompactAfter && (await this.compactLocally()) > 0;
      this.#status.pendingChanged(await this.#store.countPending());
      this.#status.synced(this.#now());
      return { pushed, pulled, compactedOnServer, compactedLocally };
    } catch (error) {
      this.#status.failed((error as Error).message);
      throw error;
    }
  }

  async #push(server: NotesServer): Promise<number> {
    const pending = await this.#store.pendingEntries();
    for (const batch of pushBatches(pending)) {
      const { ids } = await server.push({ ciphertexts: batch.map((entry) => bytesToBase64(entry.envelope)) });
      await this.#store.markPushed(
        batch.map((entry) => entry.localId),
        ids
      );
    }
    return pending.length;
  }

  async #pull(server: NotesServer): Promise<number> {
    const answer = await server.pull(await this.#store.pulledThrough());
    const entries = answer.entries.map((entry) => ({ id: entry.id, ...fromWire(entry) }));
    await applySealedEntries(this.doc, this.#requireKey(), this.#documentId, entries);
    await this.#store.addPulledEntries(entries, answer.latestId);
    return entries.length;
  }

  /** The server cannot compact what it cannot read: upload the encrypted state covering all pulled updates. */
  async #compactOnServer(server: NotesServer): Promise<boolean> {
    if ((await this.#store.serverUpdatesSinceSnapshot()) < this.#serverCompactAfter) return false;
    const coversUpdateId = await this.#store.pulledThrough();
    const request = await buildSnapshotRequest(this.#requireKey(), this.#documentId, this.doc, coversUpdateId);
    try {
      await server.snapshot(request);
    } catch (error) {
      // Another device compacted first: its snapshot will do. Anything else (offline, busy): try next round.
      if ((error as { code?: unknown }).code === 'conflict') await this.#store.resetServerUpdatesSinceSnapshot();
      return false;
    }
    await this.#store.resetServerUpdatesSinceSnapshot();
    return true;
  }

  /** Replaces the synced entries stored on this device with one encrypted snapshot. Returns how many went. */
  async compactLocally(): Promise<number> {
    await this.flush();
    const upTo = await this.#store.lastLocalId();
    const snapshot = await encryptSnapshot(this.#requireKey(), this.#documentId, this.doc);
    return this.#store.replaceSyncedEntries(upTo, snapshot);
  }

  /**
   * Sign-out or lock: waits for local saves (nothing typed is lost), then drops the decrypted document and the
   * key from memory. The encrypted copy on the device stays unless the person also forgets this device.
   */
  async close(): Promise<void> {
    this.#stopListening();
    await this.flush();
    this.#doc?.destroy();
    this.#doc = null;
    this.#key = null;
  }

  /**
   * The unlocked notes key, for code that keeps other secrets under it (group notes seal the facilitator's private
   * key with it: src/lib/core/group-notes/keys.ts). Throws once closed.
   */
  get key(): CryptoKey {
    return this.#requireKey();
  }

  #requireKey(): CryptoKey {
    if (!this.#key) throw new NotesCryptoError('locked');
    return this.#key;
  }
}

/**
 * A room: one Yjs document in memory and the peers connected to it. It knows nothing of WebSockets, storage or
 * Redis: peers are anything with send/close, and persistence, publication and failure handling are hooks.
 *
 * An accepted update is applied once, made durable through `hooks.persist`, and only then sent to the other peers
 * (never back to its sender).
 * A peer's first sync (sync step 2) waits for every earlier update to be durable, so no one ever sees a change
 * that a crash could still lose.
 * On worksheets an update that writes an entry in someone else's name is refused (4400) before it is applied.
 * Presence is bound to the signed-in person (server/relay/awareness-binding.ts): what is forwarded is the awareness
 * as the relay re-encodes it from the bound states, never the client's own frame.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Access } from '../../src/lib/core/documents/rights';
import { CLOSE, READ_ONLY_REASON, type CloseCode } from '../../src/lib/core/protocol';
import {
  awarenessFrame,
  MalformedFrame,
  permissionDeniedFrame,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
  writeGrantedFrame,
  type Frame
} from './frames';
import { bindAwarenessUpdate, decodeAwarenessUpdate, type AwarenessEntry } from './awareness-binding';
import { forgedAuthors } from '../../src/lib/core/worksheet/authorship';
import { STORAGE_ORIGIN } from './doc-state';
import { checkUpdate, type UpdateCheck, type UpdateLimits } from './validate-update';

export interface Peer {
  send(bytes: Uint8Array): void;
  close(close: CloseCode): void;
  /** Who is behind the peer (relay connections always say): presence is bound to them. */
  readonly identity?: { userId: string; loginId: string; displayName: string };
}

export interface RoomHooks {
  /** Resolves once `update` is durable. */
  persist(update: Uint8Array): Promise<void>;
  /** After an update from a local peer is durable, or an awareness change from a local peer (Redis fan-out). */
  publish?(kind: 'update' | 'awareness', bytes: Uint8Array): void;
  /** The in-memory document can no longer be trusted (an apply threw, or a write was lost): reload it. */
  onBroken(reason: string): void;
  /** A peer finished its first sync. */
  onSynced?(peer: Peer): void;
  onDroppedWrite?(peer: Peer): void;
  onSent?(bytes: number): void;
}

export interface RoomLimits extends UpdateLimits {
  maxAwarenessBytes: number;
  /** Awareness client ids one peer may speak for (a browser tab has one; be generous for reconnect overlap). */
  maxAwarenessClientsPerPeer: number;
  /** Bytes of structs waiting for missing dependencies; more means a client sends updates out of order on purpose. */
  maxPendingBytes: number;
  /**
   * Worksheets: reads who wrote each entry, so that an update writing an entry in someone else's name is refused
   * (src/lib/core/worksheet/authorship.ts). Compared on a throwaway copy, before the update touches the document.
   */
  attribution?: (doc: Y.Doc) => Map<string, unknown>;
}

interface PeerState {
  access: Access;
  awarenessIds: Set<number>;
  synced: boolean;
}

/** Transaction origin of updates that arrived from another process (already durable there). */
export const REMOTE_ORIGIN = Symbol('remote');

/** A document's whole state as one update, with its state vector. */
export interface EncodedState {
  update: Uint8Array;
  stateVector: Uint8Array;
}

export class Room {
  private readonly ydoc = new Y.Doc({ gc: true });
  /**
   * The stored state not yet applied to `ydoc`. A document opened from a compacted snapshot is built only when
   * something needs it (a write, a peer that already holds part of it): until then a first sync is answered with
   * the stored bytes, so opening a large board costs one database read instead of a Yjs apply (bench/README.md).
   */
  private unapplied: Uint8Array | undefined;
  /** The full state, encoded once while the document does not change: every newcomer with nothing asks for it. */
  private encoded: EncodedState | undefined;
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  private readonly peers = new Map<Peer, PeerState>();
  private readonly awarenessOwner = new Map<number, Peer>();
  /** Which sign-in an awareness client id belongs to, for as long as the document is in memory (never handed on). */
  private readonly awarenessLogin = new Map<number, string>();
  /** Settles when every update accepted so far is durable. */
  private durable: Promise<void> = Promise.resolve();
  private broken = false;
  /** Rows in the update log after the snapshot (drives compaction). */
  tailLength = 0;

  constructor(
    readonly docName: string,
    readonly documentId: string,
    private readonly hooks: RoomHooks,
    private readonly limits: RoomLimits
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessChange);
  }

  /** Fills the document from storage (before any peer joins). */
  load(fill: (doc: Y.Doc) => void): void {
    fill(this.ydoc);
  }

  /** Takes a stored state whose state vector is known, applying it only when first needed (before any peer joins). */
  loadEncoded(state: EncodedState): void {
    this.unapplied = state.update;
    this.encoded = state;
  }

  /** The live document (built from the stored state first, if that was deferred). */
  get doc(): Y.Doc {
    if (this.unapplied) {
      const update = this.unapplied;
      this.unapplied = undefined;
      Y.applyUpdate(this.ydoc, update, STORAGE_ORIGIN);
    }
    return this.ydoc;
  }

  /** Whether the document is built in memory yet (tests and diagnostics). */
  get isApplied(): boolean {
    return this.unapplied === undefined;
  }

  get size(): number {
    return this.peers.size;
  }

  /** Starts the sync: the relay's state vector, current presence, and the read-only notice if it applies. */
  add(peer: Peer, access: Access): void {
    this.peers.set(peer, { access, awarenessIds: new Set(), synced: false });
    this.sendTo(peer, syncStep1Frame(this.encoded?.stateVector ?? Y.encodeStateVector(this.doc)));
    if (this.awareness.getStates().size > 0) {
      this.sendTo(peer, awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
    }
    if (access === 'read') this.sendTo(peer, permissionDeniedFrame(READ_ONLY_REASON));
  }

  remove(peer: Peer): void {
    const state = this.peers.get(peer);
    if (!state) return;
    this.peers.delete(peer);
    for (const id of state.awarenessIds) this.awarenessOwner.delete(id);
    const gone = [...state.awarenessIds].filter((id) => this.awareness.getStates().has(id));
    if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, peer);
  }

  accessOf(peer: Peer): Access | undefined {
    return this.peers.get(peer)?.access;
  }

  /** Applies a rights change at once: cut off, downgrade to read-only in place, or ask to reconnect for more. */
  setAccess(peer: Peer, access: Access): void {
    const state = this.peers.get(peer);
    if (!state || state.access === access) return;
    if (access === 'none') {
      this.remove(peer);
      peer.close(CLOSE.revoked);
    } else if (access === 'read') {
      state.access = 'read';
      this.sendTo(peer, permissionDeniedFrame(READ_ONLY_REASON));
    } else {
      // Upgraded in place (no reconnect): told it may write, then asked for what it has that we do not (its
      // sync step 2 is accepted now), which brings back anything dropped while it only read.
      state.access = 'write';
      this.sendTo(peer, writeGrantedFrame());
      this.sendTo(peer, syncStep1Frame(this.encoded?.stateVector ?? Y.encodeStateVector(this.doc)));
    }
  }

  /** Handles one decoded frame. Throws MalformedFrame for input that must close the connection. */
  async receive(peer: Peer, frame: Frame): Promise<void> {
    const state = this.peers.get(peer);
    if (!state || this.broken) return;
    switch (frame.type) {
      case 'sync-step1':
        return this.answerSyncStep1(peer, state, frame.stateVector);
      case 'sync-step2':
      case 'update':
        if (state.access !== 'write') {
          this.hooks.onDroppedWrite?.(peer);
          return;
        }
        return this.acceptUpdate(peer, frame.update, frame.type === 'update' ? frame.raw : undefined);
      case 'awareness':
        return this.acceptAwareness(peer, state, frame.update);
      case 'query-awareness':
        this.sendTo(peer, awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return;
      case 'auth':
        return;
    }
  }

  /** An update another process accepted and stored: apply and forward to local peers. */
  applyRemoteUpdate(update: Uint8Array): void {
    let effective: Uint8Array | undefined;
    try {
      effective = this.applyCapturing(update, REMOTE_ORIGIN);
    } catch {
      return; // validated and stored where it was accepted; the room was marked broken and reloads
    }
    if (effective) this.broadcast(updateFrame(effective));
  }

  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** Closes every peer (eviction, shutdown, broken document) and frees the document. */
  closeAll(close: CloseCode): void {
    for (const peer of [...this.peers.keys()]) {
      this.remove(peer);
      peer.close(close);
    }
  }

  /** Resolves once every accepted update is durable. */
  whenDurable(): Promise<void> {
    return this.durable;
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessChange);
    this.awareness.destroy();
    this.unapplied = undefined;
    this.encoded = undefined;
    this.ydoc.destroy();
  }

  private async answerSyncStep1(peer: Peer, state: PeerState, stateVector: Uint8Array): Promise<void> {
    let diff: Uint8Array;
    try {
      const holds = Y.decodeStateVector(stateVector);
      // Wait until everything accepted so far is durable: the new peer must not see what a crash could lose.
      await this.durable;
      diff = holds.size === 0 ? this.encodedState().update : Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch {
      throw new MalformedFrame('unreadable state vector');
    }
    if (!this.peers.has(peer)) return;
    this.sendTo(peer, syncStep2Frame(diff));
    if (!state.synced) {
      state.synced = true;
      this.hooks.onSynced?.(peer);
    }
  }

  private acceptUpdate(peer: Peer, update: Uint8Array, raw?: Uint8Array): void {
    const check = checkUpdate(update, this.limits);
    if (!check.ok) throw new MalformedFrame(check.reason);
    // Nothing to apply (every client answers the relay's sync step 1 this way when it holds nothing new): no need
    // to build a document still answered from stored bytes.
    if (check.empty) return;
    // Worksheets: an update writing an entry in someone else's name is refused before anything applies, stores or
    // forwards it (the sender is closed with 4400).
    if (peer.identity && this.limits.attribution) this.refuseForgedAuthors(update, peer.identity.userId, this.limits.attribution);
    const accepted = this.applyOnce(update, peer, check);
    if (!accepted) return;
    const persisted = this.hooks.persist(accepted.update);
    this.durable = persisted.catch(() => {});
    this.tailLength++;
    persisted.then(
      () => {
        // Never back to the sender: it has the change already.
        this.broadcast(accepted.exact && raw ? raw : updateFrame(accepted.update), peer);
        this.hooks.publish?.('update', accepted.update);
      },
      (error: Error) => this.markBroken(`update could not be stored: ${error.message}`)
    );
  }

  /**
   * Applies an accepted (decoded and bounded) update to the document, once. When it adds exactly its own structs
   * (each client's structs follow on where the document ends, no gaps, nothing waiting) the client's bytes are what
   * is stored and forwarded: no re-encoding. Otherwise the change is captured as Yjs encodes it (duplicates left out).
   * If Yjs throws halfway (a crafted update that decodes fine can), the in-memory document is no longer
   * trusted: the room is dropped and reloads from storage, which never saw the update, and the sender is closed (4400).
   */
  private applyOnce(update: Uint8Array, origin: unknown, check: Extract<UpdateCheck, { ok: true }>): { update: Uint8Array; exact: boolean } | undefined {
    const doc = this.doc;
    const store = doc.store;
    let fresh = check.deletes > 0;
    let followsOn = check.contiguous && store.pendingStructs === null && store.pendingDs === null;
    for (const [client, range] of check.ranges) {
      const known = Y.getState(store, client);
      if (known < range.to) fresh = true;
      if (known !== range.from) followsOn = false;
    }
    if (!fresh) return undefined; // a duplicate: every struct is known and it deletes nothing
    if (followsOn) {
      this.encoded = undefined;
      this.apply(doc, update, origin);
      this.checkPending(store);
      return { update, exact: store.pendingStructs === null && store.pendingDs === null };
    }
    const effective = this.applyCapturing(update, origin);
    return effective && { update: effective, exact: false };
  }

  /**
   * Worksheets only (rooms with `limits.attribution`): compares who wrote each entry before and after `update` on a
   * throwaway copy of the document (with whatever waits on dependencies, so a forged entry cannot sneak in across two
   * updates), and throws MalformedFrame (4400) if it adds or changes an entry in someone else's name. The live
   * document is never touched by a refused update, so nothing is applied, stored or forwarded. Worksheets are small;
   * boards, the hot path, pay nothing.
   */
  private refuseForgedAuthors(update: Uint8Array, writerId: string, attribution: (doc: Y.Doc) => Map<string, unknown>): void {
    const doc = this.doc;
    const probe = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
      if (doc.store.pendingStructs) Y.applyUpdate(probe, doc.store.pendingStructs.update);
      if (doc.store.pendingDs) Y.applyUpdate(probe, doc.store.pendingDs);
      const before = attribution(probe);
      try {
        Y.applyUpdate(probe, update);
      } catch {
        throw new MalformedFrame('update could not be applied');
      }
      if (forgedAuthors(before, attribution(probe), writerId).length > 0) {
        throw new MalformedFrame('an entry written in someone else’s name');
      }
    } finally {
      probe.destroy();
    }
  }

  /** Applies an update and returns what it changed (undefined if nothing: duplicates, or waiting on dependencies). */
  private applyCapturing(update: Uint8Array, origin: unknown): Uint8Array | undefined {
    const changes: Uint8Array[] = [];
    const capture = (change: Uint8Array) => changes.push(change);
    const doc = this.doc;
    this.encoded = undefined;
    doc.on('update', capture);
    try {
      this.apply(doc, update, origin);
    } finally {
      doc.off('update', capture);
    }
    this.checkPending(doc.store);
    if (changes.length === 0) return undefined;
    return changes.length === 1 ? changes[0] : Y.mergeUpdates(changes);
  }

  private apply(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
    try {
      Y.applyUpdate(doc, update, origin);
    } catch (error) {
      this.markBroken(`apply failed: ${(error as Error).message}`);
      throw new MalformedFrame('update could not be applied');
    }
  }

  /** Structs waiting for missing dependencies beyond the limit: a client sending out of order on purpose. */
  private checkPending(store: Y.Doc['store']): void {
    const pending = store.pendingStructs;
    if (pending && pending.update.byteLength > this.limits.maxPendingBytes) {
      this.markBroken('updates out of order');
      throw new MalformedFrame('updates out of order');
    }
  }

  /** The whole state, encoded at most once per change of the document. */
  private encodedState(): EncodedState {
    this.encoded ??= { update: Y.encodeStateAsUpdate(this.doc), stateVector: Y.encodeStateVector(this.doc) };
    return this.encoded;
  }

  private acceptAwareness(peer: Peer, state: PeerState, update: Uint8Array): void {
    if (update.byteLength > this.limits.maxAwarenessBytes) throw new MalformedFrame('awareness update too large');
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      throw new MalformedFrame('unreadable awareness update');
    }
    const person = peer.identity;
    for (const { clientId } of entries) {
      const owner = this.awarenessOwner.get(clientId);
      if (owner && owner !== peer) return; // speaks for someone else's presence: ignored
      // A client id another sign-in used in this document stays theirs, even after they left.
      const login = this.awarenessLogin.get(clientId);
      if (person && login !== undefined && login !== person.loginId) return;
      if (!owner) {
        if (state.awarenessIds.size >= this.limits.maxAwarenessClientsPerPeer) return;
        this.awarenessOwner.set(clientId, peer);
        state.awarenessIds.add(clientId);
        if (person) this.awarenessLogin.set(clientId, person.loginId);
      }
    }
    try {
      const bound = person ? bindAwarenessUpdate(entries, person) : update;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, bound, peer);
    } catch {
      throw new MalformedFrame('unreadable awareness update');
    }
  }

  private onAwarenessChange = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown
  ) => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const bytes = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.broadcast(awarenessFrame(bytes));
    if (origin !== REMOTE_ORIGIN && origin !== null && origin !== undefined) this.hooks.publish?.('awareness', bytes);
  };

  private markBroken(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.hooks.onBroken(reason);
  }

  private broadcast(bytes: Uint8Array, except?: Peer): void {
    for (const peer of this.peers.keys()) if (peer !== except) this.sendTo(peer, bytes);
  }

  private sendTo(peer: Peer, bytes: Uint8Array): void {
    peer.send(bytes);
    this.hooks.onSent?.(bytes.byteLength);
  }
}

/**
 * The relay: documents in memory (loaded on first connection as snapshot + tail, evicted after the last one
 * leaves), connections and their rights, the group-committed update log, compaction, and the optional bus that
 * makes several processes one relay. Transport-agnostic: server/relay/websocket.ts feeds it sockets.
 */
import * as Y from 'yjs';
import { parseDocName } from '../../src/lib/core/documents/names';
import type { Access } from '../../src/lib/core/documents/rights';
import { CLOSE, closeName, type CloseCode } from '../../src/lib/core/protocol';
import type { DomainEvents, EventBus } from '../events';
import type { Logger } from '../log';
import type { Store } from '../storage/store';
import { currentAccess, type Identity } from './access';
import type { ChannelRegistry } from '../channels/registry';
import type { RelayBus } from './bus';
import { Connection, type Transport } from './connection';
import { applyStored, foldState, isCompacted } from './doc-state';
import type { RelayMetrics } from './metrics';
import type { RelayOptions } from './options';
import { entryAuthors } from '../../src/lib/core/worksheet/authorship';
import { Room } from './room';
import { sharedReads } from './shared-reads';
import { UpdateLog } from './update-log';
import { UpgradeCache } from './upgrade-cache';

/** Lookups in flight at once during the periodic re-check of every connection. */
const BACKGROUND_RECHECKS_AT_ONCE = 4;

export interface RelayDeps {
  store: Store;
  logger: Logger;
  events: EventBus;
  now: () => Date;
  options: RelayOptions;
  metrics: RelayMetrics;
  bus?: RelayBus;
  /** Where every open channel is known (server/channels): sign-in ends and role changes reach relay sockets through it. */
  channels?: ChannelRegistry;
}

interface RoomSlot {
  docName: string;
  documentId: string;
  ready: Promise<Room>;
  room?: Room;
  /** Bus messages that arrived while the document loaded (applied after the load; Yjs makes repeats harmless). */
  early: Array<{ kind: 'update' | 'awareness'; bytes: Uint8Array }>;
  evictTimer?: NodeJS.Timeout;
  compacting?: Promise<void>;
}

/** Domain events that change someone's rights, forwarded between processes by the bus. */
type RightsEvent =
  | { name: 'member.removed'; payload: DomainEvents['member.removed'] }
  | { name: 'member.role_changed'; payload: DomainEvents['member.role_changed'] }
  | { name: 'login.ended'; payload: DomainEvents['login.ended'] }
  | { name: 'session.access_revoked'; payload: DomainEvents['session.access_revoked'] }
  | { name: 'document.changed'; payload: DomainEvents['document.changed'] };

export class Relay {
  readonly log: UpdateLog;
  /** Reads for upgrade decisions, cached for at most 1 s and dropped on the events that change rights. */
  readonly upgrades: UpgradeCache;
  private readonly slots = new Map<string, RoomSlot>();
  private readonly connections = new Set<Connection>();
  private readonly perLogin = new Map<string, number>();
  private readonly unregisterChannel = new Map<Connection, () => void>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly recheckTimer: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly deps: RelayDeps) {
    const { store, logger, metrics } = deps;
    this.log = new UpdateLog(store.documents, logger, {
      onBatch: (seconds, size) => {
        metrics.persistSeconds.observe(seconds);
        metrics.persistBatchSize.observe(size);
      },
      onRetry: () => metrics.persistRetries.inc()
    }, { now: deps.now, minIntervalMs: deps.options.commitIntervalMs });
    this.upgrades = new UpgradeCache(store);
    const local = (event: RightsEvent) => {
      this.onRightsEvent(event);
      deps.bus?.publishEvent(event);
    };
    this.unsubscribe.push(
      deps.events.on('member.removed', (payload) => local({ name: 'member.removed', payload })),
      deps.events.on('member.role_changed', (payload) => local({ name: 'member.role_changed', payload })),
      deps.events.on('login.ended', (payload) => local({ name: 'login.ended', payload })),
      deps.events.on('session.access_revoked', (payload) => local({ name: 'session.access_revoked', payload })),
      deps.events.on('document.changed', (payload) => local({ name: 'document.changed', payload }))
    );
    deps.bus?.onEvent((event) => this.onRightsEvent(event as RightsEvent));
    this.recheckTimer = setInterval(() => void this.recheck(() => true, BACKGROUND_RECHECKS_AT_ONCE), deps.options.recheckEveryMs);
    this.recheckTimer.unref?.();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get documentCount(): number {
    return this.slots.size;
  }

  /** Whether a document is in memory or loading (tests and diagnostics). */
  hasDocument(docName: string): boolean {
    return this.slots.has(docName);
  }

  /** The loaded room of a document, if it is in memory (tests and diagnostics). */
  roomOf(docName: string): Room | undefined {
    return this.slots.get(docName)?.room;
  }

  /** Counts a refused connection; the transport closes it before any document byte. */
  refuse(transport: Transport, close: CloseCode): void {
    this.deps.metrics.refused.inc({ reason: closeName(close.code) ?? String(close.code) });
    transport.close(close.code, close.reason);
  }

  /**
   * Starts loading a document whose upgrade is still being decided (the sign-in is valid; the membership and rights
   * are being read), so that the storage read runs beside those lookups. Nothing is sent: a room sends only to the
   * connections `open` adds. Call the returned function with the decision: a refused upgrade's document is let go as
   * soon as it has loaded, an admitted one's after the usual eviction delay if its socket never opens.
   */
  preload(target: Pick<Identity, 'docName' | 'documentId'>): (admitted: boolean) => void {
    if (this.closing) return () => {};
    const ready = this.roomFor(target);
    const slot = this.slots.get(target.docName)!;
    ready.catch(() => undefined); // reported to the connection that uses it, if any
    return (admitted) => {
      ready.then(
        (room) => {
          if (room.size === 0) this.scheduleEviction(slot, admitted ? this.deps.options.evictAfterMs : 0);
        },
        () => undefined
      );
    };
  }

  /** Admits an authorised connection and starts loading its document. */
  open(transport: Transport, identity: Identity, access: Exclude<Access, 'none'>): Connection | undefined {
    if (this.closing) {
      this.refuse(transport, CLOSE.goingAway);
      return undefined;
    }
    const open = this.perLogin.get(identity.loginId) ?? 0;
    if (open >= this.deps.options.maxDocumentsPerLogin) {
      this.refuse(transport, CLOSE.tooManyDocuments);
      return undefined;
    }
    const { metrics, logger, options } = this.deps;
    const connection = new Connection(transport, identity, access, options, {
      onClosed: (conn, close) => this.detach(conn, close),
      onBytesIn: (bytes) => (metrics.bytesInUncounted += bytes),
      onBytesOut: (bytes) => (metrics.bytesOutUncounted += bytes),
      onError: (error) => logger.error('relay connection failed', { error, docName: identity.docName })
    });
    this.connections.add(connection);
    this.perLogin.set(identity.loginId, open + 1);
    const unregister = this.deps.channels?.add(
      {
        kind: 'relay',
        loginId: identity.loginId,
        userId: identity.userId,
        groupId: identity.groupId,
        end: () => connection.setAccess('none'),
        recheck: () => void this.recheck((c) => c === connection)
      },
      { expiresAt: identity.loginExpiresAt, lastSeenAt: identity.loginSeenAt }
    );
    if (unregister) this.unregisterChannel.set(connection, unregister);
    metrics.connections.set(this.connections.size);
    this.roomFor(identity).then(
      (room) => connection.attach(room),
      (error) => {
        logger.error('document could not be loaded', { error, docName: identity.docName });
        connection.close(CLOSE.unavailable);
      }
    );
    return connection;
  }

  /**
   * Re-decides the rights of every connection matching `which`, and applies each result at once. The round reads
   * each row once however many connections share it; `atOnce` paces the background round, so that the updates
   * waiting to be stored are not queued behind thousands of lookups.
   */
  async recheck(which: (connection: Connection) => boolean, atOnce = Infinity): Promise<void> {
    const targets = [...this.connections].filter(which);
    const store = sharedReads(this.deps.store);
    const now = this.deps.now();
    const recheckOne = async (connection: Connection) => {
      let access: Access;
      try {
        access = await currentAccess(store, connection.identity, now);
      } catch (error) {
        this.deps.logger.warn('rights re-check failed; keeping current rights until the next one', { error });
        return;
      }
      if (!connection.isClosed) connection.setAccess(access);
    };
    let next = 0;
    const worker = async () => {
      while (next < targets.length) await recheckOne(targets[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(atOnce, targets.length) }, worker));
  }

  /** Waits until every accepted update is durable. */
  flush(): Promise<void> {
    return this.log.flush();
  }

  /** Waits until every accepted update is durable and every compaction under way (by tail length) has finished. */
  async settled(): Promise<void> {
    await this.log.flush();
    // The persist hook that starts a compaction runs just after its append resolves: let it run first.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...this.slots.values()].map((slot) => slot.compacting));
  }

  /** Shutdown: close every connection (clients reconnect elsewhere), store the backlog, compact, unsubscribe. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.recheckTimer);
    for (const off of this.unsubscribe) off();
    this.upgrades.clear();
    for (const connection of [...this.connections]) connection.close(CLOSE.goingAway);
    await this.log.flush();
    await Promise.all([...this.slots.values()].map((slot) => this.evict(slot)));
    await this.log.close();
    await this.deps.bus?.close();
  }

  /** Compacts a document's log now (also used by tests and on eviction). */
  async compact(documentId: string): Promise<{ replaced: number }> {
    await this.log.flush();
    const result = await this.deps.store.documents.compact(documentId, foldState);
    if (result.replaced > 0) this.deps.metrics.compactions.inc();
    for (const slot of this.slots.values()) {
      if (slot.documentId === documentId && slot.room) slot.room.tailLength = Math.max(0, slot.room.tailLength - result.replaced);
    }
    return result;
  }

  private onRightsEvent(event: RightsEvent): void {
    this.forgetCachedRights(event);
    switch (event.name) {
      case 'login.ended':
        // Nothing to look up: that sign-in is over.
        for (const c of [...this.connections]) if (c.identity.loginId === event.payload.loginId) c.setAccess('none');
        return;
      case 'member.removed':
      case 'member.role_changed': {
        const { groupId, userId } = event.payload;
        void this.recheck((c) => c.identity.groupId === groupId && c.identity.userId === userId);
        return;
      }
      case 'document.changed':
        void this.recheck((c) => c.identity.documentId === event.payload.documentId);
        return;
      case 'session.access_revoked': {
        // Sent back to the waiting room or removed from the session: every document of the group closes at once
        // (their private notes excepted); the session state document stays refused until they are let in again.
        const { groupId, userId } = event.payload;
        for (const c of [...this.connections]) {
          if (c.identity.groupId === groupId && c.identity.userId === userId && parseDocName(c.identity.docName)?.kind !== 'notes') c.setAccess('none');
        }
        return;
      }
    }
  }

  private forgetCachedRights(event: RightsEvent): void {
    switch (event.name) {
      case 'login.ended':
        return this.upgrades.loginEnded(event.payload.loginId);
      case 'member.removed':
      case 'member.role_changed':
        return this.upgrades.membershipChanged(event.payload.groupId, event.payload.userId);
      case 'document.changed':
        return this.upgrades.documentChanged(event.payload.documentId);
    }
  }

  private detach(connection: Connection, close: CloseCode | undefined): void {
    if (!this.connections.delete(connection)) return;
    this.unregisterChannel.get(connection)?.();
    this.unregisterChannel.delete(connection);
    const { loginId, docName } = connection.identity;
    const left = (this.perLogin.get(loginId) ?? 1) - 1;
    if (left > 0) this.perLogin.set(loginId, left);
    else this.perLogin.delete(loginId);
    if (close && close.code !== CLOSE.goingAway.code) {
      this.deps.metrics.refused.inc({ reason: closeName(close.code) ?? String(close.code) });
    }
    this.deps.metrics.connections.set(this.connections.size);
    const slot = this.slots.get(docName);
    if (slot?.room && slot.room.size === 0) this.scheduleEviction(slot);
  }

  private roomFor(identity: Pick<Identity, 'docName' | 'documentId'>): Promise<Room> {
    const existing = this.slots.get(identity.docName);
    if (existing) {
      clearTimeout(existing.evictTimer);
      existing.evictTimer = undefined;
      return existing.ready;
    }
    const slot: RoomSlot = { docName: identity.docName, documentId: identity.documentId, early: [], ready: undefined! };
    this.slots.set(slot.docName, slot);
    this.deps.metrics.documents.set(this.slots.size);
    slot.ready = this.load(slot);
    slot.ready.catch(() => {
      if (this.slots.get(slot.docName) === slot) this.slots.delete(slot.docName);
      this.deps.bus?.unsubscribe(slot.docName);
      this.deps.metrics.documents.set(this.slots.size);
    });
    return slot.ready;
  }

  private async load(slot: RoomSlot): Promise<Room> {
    const { store, bus, options } = this.deps;
    // Subscribe before loading: an update stored elsewhere after our read arrives on the bus.
    await bus?.subscribe(slot.docName, (kind, bytes) => {
      if (slot.room) {
        if (kind === 'update') slot.room.applyRemoteUpdate(bytes);
        else slot.room.applyRemoteAwareness(bytes);
      } else {
        slot.early.push({ kind, bytes });
      }
    });
    await this.log.flush();
    const stored = await store.documents.load(slot.documentId);
    const room = new Room(slot.docName, slot.documentId, this.roomHooks(slot), {
      maxStructsPerUpdate: options.maxStructsPerUpdate,
      maxDeleteRangesPerUpdate: options.maxDeleteRangesPerUpdate,
      maxAwarenessBytes: options.maxAwarenessBytes,
      maxAwarenessClientsPerPeer: 8,
      maxPendingBytes: options.maxFrameBytes,
      ...(parseDocName(slot.docName)?.kind === 'worksheet' ? { attribution: entryAuthors } : {})
    });
    // A compacted document (every document the relay evicted) is answered from its stored bytes until it is
    // written to; with a tail, it is built now.
    if (isCompacted(stored)) {
      room.loadEncoded({ update: stored.snapshot.state, stateVector: stored.snapshot.stateVector });
    } else {
      room.load((doc) => applyStored(doc, stored));
    }
    room.tailLength = stored.updates.length;
    for (const message of slot.early.splice(0)) {
      if (message.kind === 'update') room.applyRemoteUpdate(message.bytes);
      else room.applyRemoteAwareness(message.bytes);
    }
    slot.room = room;
    return room;
  }

  private roomHooks(slot: RoomSlot) {
    const { metrics, logger, options, bus } = this.deps;
    return {
      persist: async (update: Uint8Array) => {
        await this.log.append(slot.documentId, update);
        metrics.updates.inc();
        if (slot.room && slot.room.tailLength >= options.compactAfterUpdates) this.compactInBackground(slot);
      },
      publish: (kind: 'update' | 'awareness', bytes: Uint8Array) => bus?.publish(slot.docName, kind, bytes),
      onBroken: (reason: string) => {
        logger.warn('document reloaded from storage', { docName: slot.docName, reason });
        // Everyone reconnects and reloads the durable state, which never held the offending update.
        if (this.slots.get(slot.docName) === slot) this.slots.delete(slot.docName);
        this.deps.metrics.documents.set(this.slots.size);
        setImmediate(() => {
          slot.room?.closeAll(CLOSE.unavailable);
          void this.teardown(slot);
        });
      },
      onSynced: (peer: unknown) => (peer as Connection).synced(),
      onDroppedWrite: () => metrics.droppedWrites.inc()
    };
  }

  private compactInBackground(slot: RoomSlot): void {
    if (slot.compacting) return;
    slot.compacting = this.compact(slot.documentId)
      .then(() => undefined)
      .catch((error) => this.deps.logger.warn('compaction failed; will retry later', { error, docName: slot.docName }))
      .finally(() => {
        slot.compacting = undefined;
      });
  }

  private scheduleEviction(slot: RoomSlot, afterMs = this.deps.options.evictAfterMs): void {
    clearTimeout(slot.evictTimer);
    slot.evictTimer = setTimeout(() => {
      if (slot.room && slot.room.size === 0 && this.slots.get(slot.docName) === slot) void this.evict(slot);
    }, afterMs);
    slot.evictTimer.unref?.();
  }

  private async evict(slot: RoomSlot): Promise<void> {
    clearTimeout(slot.evictTimer);
    if (this.slots.get(slot.docName) === slot) this.slots.delete(slot.docName);
    this.deps.metrics.documents.set(this.slots.size);
    await this.teardown(slot);
    const tail = slot.room?.tailLength ?? 0;
    if (tail > 0) {
      await slot.compacting;
      await this.compact(slot.documentId).catch((error) => this.deps.logger.warn('compaction on eviction failed', { error }));
    }
  }

  private async teardown(slot: RoomSlot): Promise<void> {
    this.deps.bus?.unsubscribe(slot.docName);
    const room = await slot.ready.catch(() => undefined);
    if (!room) return;
    await room.whenDurable();
    room.destroy();
  }

  /**
   * A change made by the server itself, for documents no client may write (the live session state): it is stored in
   * the update log first, then applied and sent to every connection here and, through the bus, in other processes.
   * Loads the document if nobody has it open. Resolves once the change is durable.
   */
  async writeAsServer(docName: string, change: (doc: Y.Doc) => void): Promise<void> {
    const record = await this.deps.store.documents.byDocName(docName);
    if (!record) throw new Error(`no document named ${docName}`);
    const room = await this.roomFor({ docName, documentId: record.id });
    const draft = new Y.Doc({ gc: true });
    Y.applyUpdate(draft, Y.encodeStateAsUpdate(room.doc));
    const changes: Uint8Array[] = [];
    draft.on('update', (update: Uint8Array) => changes.push(update));
    change(draft);
    draft.destroy();
    if (changes.length > 0) {
      const update = changes.length === 1 ? changes[0] : Y.mergeUpdates(changes);
      await this.log.append(record.id, update);
      this.deps.metrics.updates.inc();
      room.tailLength++;
      room.applyRemoteUpdate(update);
      this.deps.bus?.publish(docName, 'update', update);
    }
    const slot = this.slots.get(docName);
    if (slot?.room === room) {
      if (room.tailLength >= this.deps.options.compactAfterUpdates) this.compactInBackground(slot);
      if (room.size === 0) this.scheduleEviction(slot);
    }
  }
}

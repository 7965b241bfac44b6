/**
 * Opens y-websocket providers for the app's documents and exposes each connection's state as Svelte state.
 * One CollabDocument per open document; `CollabConnections` shares them between components (reference-counted),
 * so two components showing the same board use one socket.
 *
 *   const board = collab.open(board.docName);   // in a component
 *   board.doc.getMap('shapes') ...; board.status; board.readOnly
 *   onDestroy(() => collab.release(board.docName));
 */
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { AUTH_MESSAGE, CLOSE, MESSAGE_TYPE } from '../core/protocol';
import { collabBaseUrl, describeSyncState, initialSyncState, nextSyncState, type SyncEvent, type SyncState } from './connection-state';

export interface CollabOptions {
  /** Defaults to the page's origin. */
  origin?: string;
  /** For tests and Node: a WebSocket class (e.g. the `ws` package). */
  WebSocketPolyfill?: typeof WebSocket;
}

export class CollabDocument {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  #state = $state<SyncState>(initialSyncState);
  #cleanup: Array<() => void> = [];

  constructor(
    readonly docName: string,
    options: CollabOptions = {}
  ) {
    const origin = options.origin ?? globalThis.location?.origin ?? 'http://localhost';
    this.provider = new WebsocketProvider(collabBaseUrl(origin), docName, this.doc, {
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      maxBackoffTime: 5_000
    });
    // The stock provider only logs permission-denied; we show it, and follow the relay's write-granted (unlocked).
    this.provider.messageHandlers[MESSAGE_TYPE.auth] = (_encoder, decoder) => {
      const kind = decoding.readVarUint(decoder);
      const reason = decoding.readVarString(decoder);
      this.#apply(kind === AUTH_MESSAGE.writeGranted ? { type: 'write-granted' } : { type: 'permission-denied', reason });
    };
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connecting') this.#apply({ type: 'connecting' });
    };
    const onSync = (synced: boolean) => {
      if (synced) this.#apply({ type: 'synced' });
    };
    const onClose = (event: CloseEvent | null) => {
      if (event) this.#apply({ type: 'closed', code: event.code, reason: event.reason });
      // A relay that asks a synced connection to reconnect when its rights change (4100): do so at once
      // rather than after the provider's backoff (200 ms and more). The provider drops its socket just after this
      // event, hence the microtask; a connection that never synced keeps the backoff, so no reconnect loop.
      if (event?.code === CLOSE.rightsChanged.code && this.provider.wsUnsuccessfulReconnects === 0) {
        queueMicrotask(() => this.provider.connect());
      }
    };
    this.provider.on('status', onStatus);
    this.provider.on('sync', onSync);
    this.provider.on('connection-close', onClose);
    this.#cleanup.push(
      () => this.provider.off('status', onStatus),
      () => this.provider.off('sync', onSync),
      () => this.provider.off('connection-close', onClose)
    );
    if (typeof window !== 'undefined') {
      const offline = () => this.#apply({ type: 'browser-offline' });
      window.addEventListener('offline', offline);
      this.#cleanup.push(() => window.removeEventListener('offline', offline));
    }
  }

  get state(): SyncState {
    return this.#state;
  }
  get status() {
    return this.#state.status;
  }
  get readOnly() {
    return this.#state.readOnly;
  }
  /** The relay upgraded this connection to writing since it last said read-only (see SyncState.granted). */
  get granted() {
    return this.#state.granted;
  }
  get refusal() {
    return this.#state.refusal;
  }
  get description(): string {
    return describeSyncState(this.#state);
  }
  get awareness() {
    return this.provider.awareness;
  }

  /** Tries again after a refusal (e.g. after signing in again). */
  retry(): void {
    this.provider.connect();
  }

  destroy(): void {
    for (const off of this.#cleanup) off();
    this.provider.destroy();
    this.doc.destroy();
  }

  #apply(event: SyncEvent): void {
    this.#state = nextSyncState(this.#state, event);
  }
}

/** The app's open documents, shared between components. */
export class CollabConnections {
  #open = new Map<string, { document: CollabDocument; users: number }>();

  constructor(private readonly options: CollabOptions = {}) {}

  open(docName: string): CollabDocument {
    const entry = this.#open.get(docName);
    if (entry) {
      entry.users++;
      return entry.document;
    }
    const document = new CollabDocument(docName, this.options);
    this.#open.set(docName, { document, users: 1 });
    return document;
  }

  release(docName: string): void {
    const entry = this.#open.get(docName);
    if (!entry) return;
    if (--entry.users > 0) return;
    this.#open.delete(docName);
    entry.document.destroy();
  }

  closeAll(): void {
    for (const { document } of this.#open.values()) document.destroy();
    this.#open.clear();
  }
}

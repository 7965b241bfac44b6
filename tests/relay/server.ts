/**
 * Test helpers for the relay: the app built as server/main.ts builds it (composeServer + a catch-all),
 * served on port 0 over a fresh database; stock y-websocket providers and raw sockets with a person's cookie.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { loadConfig } from '../../server/config';
import type { DbHandle } from '../../server/db/client';
import { composeServer, type ComposedServer } from '../../server/compose';
import type { EventBus } from '../../server/events';
import { createLogger } from '../../server/log';
import type { MountedRelay } from '../../server/relay/mount';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import type { Store } from '../../server/storage/store';
import { openTestDb, TestClient } from '../helpers/test-app';

export interface RelayServer {
  /** The composed app (its route list is what the authorization matrix walks). */
  app: ComposedServer['app'];
  deps: ComposedServer['deps'];
  origin: string;
  wsOrigin: string;
  store: Store;
  events: EventBus;
  db: DbHandle & { drop?: () => Promise<void> };
  collab: MountedRelay;
  logLines: string[];
  client(): TestClient;
  /** Stops the server; the database stays open when `keepDb` (a "restart" starts another server on it). */
  close(options?: { keepDb?: boolean }): Promise<void>;
}

export async function startRelayServer(
  options: { env?: Record<string, string>; db?: DbHandle & { drop?: () => Promise<void> } } = {}
): Promise<RelayServer> {
  const env = { LOGIN_RATE_PER_IP: '1000', LOGIN_RATE_PER_ACCOUNT: '1000', SIGNUP_RATE_PER_IP: '1000', NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false', ...options.env };
  const config = loadConfig(env);
  const db = options.db ?? (await openTestDb());
  const store = createDrizzleStore(db);
  const logLines: string[] = [];
  const logger = createLogger('warn', {}, (line) => logLines.push(line));
  const composed = await composeServer({ config, store, logger });
  const { app, collab } = composed;
  const events = composed.deps.events;
  app.all('*', (c) => c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  collab.injectWebSocket(server);
  const { port } = server.address() as AddressInfo;
  return {
    app,
    deps: composed.deps,
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    store,
    events,
    db,
    collab,
    logLines,
    client: () => new TestClient(app),
    async close({ keepDb = false } = {}) {
      await composed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!keepDb) await (db.drop ?? db.close)();
    }
  };
}

/** A `ws` WebSocket class that sends `cookie` on the upgrade, as a browser would. */
export function cookieWebSocket(cookie: string | undefined) {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  };
}

export interface TestProvider {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: Array<{ code: number; reason: string }>;
  permissionDenied: string[];
  /** Write grants on the open connection (AUTH_MESSAGE.writeGranted: a board unlocked). */
  writeGranted: number;
  destroy(): void;
}

/** The stock y-websocket provider, unmodified, with the ws package as its WebSocket. */
export function openProvider(server: { wsOrigin: string }, docName: string, cookie: string | undefined, doc = new Y.Doc()): TestProvider {
  const provider = new WebsocketProvider(`${server.wsOrigin}/collab`, docName, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300
  });
  const closes: TestProvider['closes'] = [];
  const permissionDenied: string[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  // The stock provider only logs permission-denied auth messages; record them instead.
  const result: TestProvider = { doc, provider, closes, permissionDenied, writeGranted: 0, destroy: () => { provider.destroy(); doc.destroy(); } };
  provider.messageHandlers[2] = (_encoder, decoder) => {
    const kind = decoding.readVarUint(decoder);
    const reason = decoding.readVarString(decoder);
    if (kind === 1) result.writeGranted++;
    else permissionDenied.push(reason);
  };
  return result;
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

export const synced = (p: TestProvider, what = 'sync') => waitFor(() => p.provider.synced, what);

/** A raw socket to send hand-made frames; resolves `closed` with the close code and reason. */
export function rawSocket(server: { wsOrigin: string }, docName: string, cookie: string | undefined) {
  const ws = new (cookieWebSocket(cookie))(`${server.wsOrigin}/collab/${docName}`);
  const received: Uint8Array[] = [];
  ws.binaryType = 'arraybuffer';
  ws.on('message', (data: ArrayBuffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  );
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  return { ws, received, closed, opened };
}

/** What the relay gave a socket: the access it opened with, or the close code and reason it refused with. */
export type RelayOutcome = 'read' | 'write' | { code: number; reason: string };

/**
 * Opens a relay socket and tells how the relay answered, without any timing guess: a refused socket is closed before
 * any document byte; an accepted one gets sync step 1, then (read access only) a permission-denied frame, both sent
 * before the relay handles anything the client sent. So the client sends its own sync step 1 and waits for the
 * answer (sync step 2): every frame sent on opening has arrived by then.
 */
export async function relayOutcome(server: { wsOrigin: string }, docName: string, cookie: string | undefined, timeoutMs = 20_000): Promise<RelayOutcome> {
  const socket = rawSocket(server, docName, cookie);
  const first = new Uint8Array([0, 0, 1, 0]); // sync (0), step 1 (0), a one-byte state vector: no clients (0)
  socket.ws.on('open', () => socket.ws.send(first));
  const answered = new Promise<void>((resolve) =>
    socket.ws.on('message', (data: ArrayBuffer) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] === 0 && bytes[1] === 1) resolve();
    })
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    socket.closed,
    answered.then(() => (socket.received.some((bytes) => bytes[0] === 2) ? ('read' as const) : ('write' as const))),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer on ${docName} in ${timeoutMs} ms`)), timeoutMs)))
  ]).finally(() => clearTimeout(timer));
  socket.ws.terminate();
  return outcome;
}

/** A facilitator, a participant and a board in their group. */
export async function boardFixture(server: RelayServer) {
  const facilitator = server.client();
  const facilitatorUser = await facilitator.signup('Fran');
  const group = (await facilitator.post('/api/groups', { name: 'Tuesday group', kind: 'cbt' })).body.group;
  const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
  const participant = server.client();
  const participantUser = await participant.signup('Pat');
  await participant.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  const board = (await facilitator.post(`/api/groups/${group.id}/boards`, { title: 'Thought record' })).body.board;
  return { facilitator, facilitatorUser, participant, participantUser, group, board };
}

/**
 * Test helpers for signalling: the app as server/main.ts builds it (createApp, the relay's one WebSocket upgrader,
 * signalling on it) on port 0 over a fresh database, and raw `ws` sockets that record what the server says.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import WebSocket from 'ws';
import type { App } from '../../server/app';
import { composeServer } from '../../server/compose';
import { loadConfig } from '../../server/config';
import type { EventBus } from '../../server/events';
import type { AppDeps } from '../../server/http/context';
import { createLogger } from '../../server/log';
import type { MediaAdmission } from '../../server/signalling/admission';
import type { SignallingBus } from '../../server/signalling/bus';
import type { HubOptions } from '../../server/signalling/hub';
import type { MountedSignalling } from '../../server/signalling/mount';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import type { Store } from '../../server/storage/store';
import { openTestDb, TestClient } from '../helpers/test-app';

export interface SignallingServer {
  origin: string;
  wsOrigin: string;
  deps: AppDeps;
  store: Store;
  events: EventBus;
  signalling: MountedSignalling;
  logLines: string[];
  client(): TestClient;
  close(): Promise<void>;
}

export async function startSignallingServer(
  options: {
    env?: Record<string, string>;
    admission?: MediaAdmission;
    hubOptions?: Partial<HubOptions>;
    bus?: SignallingBus;
    db?: Awaited<ReturnType<typeof openTestDb>>;
    /** Extra routes (e.g. a test page), added before the final 404. */
    routes?: (app: App) => void;
  } = {}
): Promise<SignallingServer> {
  const env = { LOGIN_RATE_PER_IP: '1000', LOGIN_RATE_PER_ACCOUNT: '1000', SIGNUP_RATE_PER_IP: '1000', NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false', ...options.env };
  const db = options.db ?? (await openTestDb());
  const store = createDrizzleStore(db);
  const logLines: string[] = [];
  const composed = await composeServer({
    config: loadConfig(env),
    store,
    logger: createLogger('debug', {}, (line) => logLines.push(line)),
    ...(options.admission ? { media: { admission: options.admission } } : {}),
    hubOptions: options.hubOptions,
    signallingBus: options.bus
  });
  const { app, deps, signalling } = composed;
  const events = deps.events;
  options.routes?.(app);
  const { server, port } = await listenOnPort0(app, (listening) => composed.injectWebSocket(listening));
  const url = (scheme: string) => `${scheme}://127.0.0.1:${port}`;
  return {
    origin: url('http'),
    wsOrigin: url('ws'),
    deps,
    store,
    events,
    signalling,
    logLines,
    client: () => new TestClient(app),
    async close() {
      await composed.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.db) await db.drop();
    }
  };
}

/** Ends the app with a JSON 404 (as main.ts's page handler would for unknown paths) and listens on a free port. */
async function listenOnPort0(app: App, onListening: (server: Server) => void) {
  app.all('*', (c) => c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  onListening(server);
  return { server, port: (server.address() as AddressInfo).port };
}

/** Admission the test controls, standing in for the live room. */
export function admissionList(): MediaAdmission & { admit(sessionId: string, userId: string): void; withdraw(sessionId: string, userId: string): void } {
  const admitted = new Set<string>();
  return {
    async isAdmitted(sessionId, userId) {
      return admitted.has(`${sessionId}/${userId}`);
    },
    admit: (sessionId, userId) => void admitted.add(`${sessionId}/${userId}`),
    withdraw: (sessionId, userId) => void admitted.delete(`${sessionId}/${userId}`)
  };
}

export interface Received {
  type: string;
  src?: string;
  dst?: string;
  payload?: any;
}

/** A raw signalling socket as the stock client opens it, recording every message and the close. */
export class SignalSocket {
  readonly messages: Received[] = [];
  readonly ws: WebSocket;
  readonly closed: Promise<{ code: number; reason: string; at: number }>;
  readonly opened: Promise<void>;

  constructor(wsOrigin: string, peerId: string, cookie: string | undefined, extraHeaders: Record<string, string> = {}, token = Math.random().toString(36).slice(2)) {
    const url = `${wsOrigin}/peerjs/peerjs?key=peerjs&id=${encodeURIComponent(peerId)}&token=${token}&version=1.5.5`;
    this.ws = new WebSocket(url, { headers: { ...(cookie ? { cookie } : {}), ...extraHeaders } });
    this.ws.on('message', (data) => {
      try {
        this.messages.push(JSON.parse(data.toString()) as Received);
      } catch {
        this.messages.push({ type: '(not json)', payload: data.toString() });
      }
    });
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })));
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (from `from` on) matching, waiting up to `timeoutMs`. */
  async next(match: (message: Received) => boolean, timeoutMs = 3000, from = 0): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(this.messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  ofType(type: string): Received[] {
    return this.messages.filter((message) => message.type === type);
  }

  close(): void {
    this.ws.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

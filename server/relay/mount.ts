/**
 * Mounts the relay on the app: /collab/:docName (WebSocket) and /metrics (behind METRICS_TOKEN), with the session-end
 * versions.
 * server/main.ts calls it before its SvelteKit catch-all, and `injectWebSocket(server)` once listening;
 * tests/relay/server.ts does the same on port 0.
 */
import type { Server } from 'node:http';
import { createNodeWebSocket } from '@hono/node-ws';
import type { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { COLLAB_PATH } from '../../src/lib/core/protocol';
import type { AppDeps, AppEnv } from '../http/context';
import { channelsOf } from '../channels/registry';
import type { RelayBus } from './bus';
import { forwardLiveEvents } from './live-events';
import { RelayMetrics } from './metrics';
import type { RelayOptions } from './options';
import { createRedisBus } from './redis-bus';
import { Relay } from './relay';
import { versionBoardsWhenSessionsEnd } from './session-versions';
import { collabHandler } from './websocket';
import { AppError, notFound } from '../../src/lib/core/errors';
import { timingSafeEqual } from 'node:crypto';

/**
 * /metrics is off without METRICS_TOKEN (404, as if there were none: counts and timings of a therapy service are
 * still its business) and with one answers only `Authorization: Bearer <token>` (401 JSON otherwise).
 */
function checkMetricsToken(token: string | undefined, authorization: string | undefined): void {
  if (!token) throw notFound('Metrics');
  const given = Buffer.from(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
  const wanted = Buffer.from(token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AppError('unauthenticated', 'Send the metrics token as Authorization: Bearer <token>.', undefined, {
      'www-authenticate': 'Bearer realm="metrics"'
    });
  }
}

/**
 * @hono/node-ws reports socket errors (e.g. a frame over maxPayload) as `new ErrorEvent(...)`, which Node 20
 * lacks as a global: without this every such error is logged as a ReferenceError instead of reaching onError.
 */
function ensureErrorEvent(): void {
  if (typeof (globalThis as { ErrorEvent?: unknown }).ErrorEvent === 'function') return;
  class ErrorEventPolyfill extends Event {
    readonly error: unknown;
    readonly message: string;
    constructor(type: string, init: { error?: unknown; message?: string } = {}) {
      super(type);
      this.error = init.error;
      this.message = init.message ?? (init.error instanceof Error ? init.error.message : '');
    }
  }
  (globalThis as { ErrorEvent?: unknown }).ErrorEvent = ErrorEventPolyfill;
}

export interface MountedRelay {
  relay: Relay;
  metrics: RelayMetrics;
  injectWebSocket(server: Server): void;
  /** The one WebSocket upgrader of this server, for other WebSocket routes (signalling); a second would refuse them. */
  upgradeWebSocket: UpgradeWebSocket;
  /** Closes every socket (1001), stores the backlog and compacts; call before store.close(). */
  close(): Promise<void>;
}

export async function mountRelay(
  app: Hono<AppEnv>,
  deps: AppDeps,
  options: RelayOptions = deps.config.relay,
  extra: { processMetrics?: boolean } = {}
): Promise<MountedRelay> {
  ensureErrorEvent();
  const metrics = new RelayMetrics();
  if (extra.processMetrics) metrics.withProcessMetrics();
  const bus: RelayBus | undefined = options.redisUrl ? await createRedisBus(options.redisUrl, deps.logger) : undefined;
  const relay = new Relay({
    store: deps.store,
    logger: deps.logger.child({ part: 'relay' }),
    events: deps.events,
    now: deps.now,
    options,
    metrics,
    bus,
    channels: channelsOf(deps)
  });
  const nodeWs = createNodeWebSocket({ app });
  // ws buffers up to maxPayload per frame and closes larger ones with 1009 as they arrive.
  nodeWs.wss.options.maxPayload = options.maxFrameBytes;

  app.get(`${COLLAB_PATH}/:docName`, collabHandler(relay, nodeWs.upgradeWebSocket), (c) =>
    c.json({ error: { code: 'not_found', message: 'Connect with a WebSocket.' } }, 426)
  );
  app.get('/metrics', async (c) => {
    checkMetricsToken(deps.config.metricsToken, c.req.header('authorization'));
    metrics.connections.set(relay.connectionCount);
    metrics.documents.set(relay.documentCount);
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  const stopLive = bus ? forwardLiveEvents(deps.events, bus) : () => {};
  const stopVersions = versionBoardsWhenSessionsEnd({ store: deps.store, events: deps.events, logger: deps.logger, flush: () => relay.flush() });

  return {
    relay,
    metrics,
    injectWebSocket: (server) => nodeWs.injectWebSocket(server),
    upgradeWebSocket: nodeWs.upgradeWebSocket,
    async close() {
      stopVersions();
      stopLive();
      await relay.close();
      for (const client of nodeWs.wss.clients) client.terminate();
      await new Promise<void>((resolve) => nodeWs.wss.close(() => resolve()));
    }
  };
}

/**
 * The one process: the composed server (server/compose.ts: API, /healthz, relay, signalling) and SvelteKit's
 * adapter-node handler for pages, on one port. Without DATABASE_URL the embedded PostgreSQL starts first;
 * migrations run before the port opens. SIGTERM and SIGINT finish in-flight work, stop PostgreSQL, then exit.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { composeServer } from './compose';
import { loadConfig } from './config';
import { driverPatched } from './db/driver-patch';
import { openDatabase } from './db/open';
import { baseSecurityHeaders } from './http/security';
import { createLogger } from './log';
import { installProcessGuards } from './process-guards';
import { startReminders } from './reminders/start';
import { createDrizzleStore } from './storage/drizzle-store';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

async function loadPages(): Promise<NodeHandler> {
  const url = new URL('./handler.js', import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ url)) as { handler: NodeHandler };
  return mod.handler;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { service: 'group-session-toolkit' });
  installProcessGuards(logger);
  if (!driverPatched()) {
    logger.error('postgres.js is not patched: a lost database connection can end this process', {
      fix: 'install with `npm ci` (not --ignore-scripts), or run `npx patch-package`'
    });
  }
  const started = performance.now();
  // Four pool connections open from the start: an upgrade reads the sign-in and the document at once, then the
  // membership beside the document's load, while the update log may be writing (server/relay/access.ts).
  const handle = await openDatabase(config.database, logger, undefined, 4);
  const store = createDrizzleStore(handle);
  logger.info('database ready', { database: config.database.kind, ms: Math.round(performance.now() - started) });

  const composed = await composeServer({ config, store, logger, processMetrics: true });
  const { app } = composed;
  const pages = await loadPages();
  let stopping = false;
  const https = config.origin?.startsWith('https:') ?? false;

  app.all('*', async (c) => {
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    const incoming = env?.incoming;
    const outgoing = env?.outgoing;
    // WebSocket upgrades run the app without a response object: nothing to hand to SvelteKit.
    if (!incoming || !outgoing) return c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
    for (const [name, value] of Object.entries(baseSecurityHeaders(https))) outgoing.setHeader(name, value);
    await new Promise<void>((resolve) => {
      outgoing.once('finish', resolve);
      outgoing.once('close', resolve);
      pages(incoming, outgoing, () => {
        outgoing.statusCode = 404;
        outgoing.end('Not found');
      });
    });
    return RESPONSE_ALREADY_SENT;
  });

  let reminders: ReturnType<typeof startReminders>;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info('listening', { port: info.port, url: `http://${config.host}:${info.port}`, origin: config.origin ?? null });
    // Links in reminder emails: ORIGIN, or the address this process listens on.
    if (!stopping) reminders = startReminders(composed.deps, config.origin ?? `http://${config.host}:${info.port}`);
  }) as Server;
  composed.injectWebSocket(server);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Collaboration sockets get 1001 (clients reconnect elsewhere); accepted updates are stored before the store closes.
    await reminders?.stop();
    await composed.close();
    await closed;
    clearTimeout(force);
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  createLogger('error').error('failed to start', { error });
  process.exit(1);
});

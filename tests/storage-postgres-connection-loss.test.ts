/**
 * A PostgreSQL connection lost at the worst moment — right after it opens, before the application's first query —
 * must reach the caller as a rejected query and nothing else: no stray rejection the process would die of.
 * A TCP proxy between the driver and PostgreSQL resets a new connection when it sends its first query.
 */
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../server/db/client';
import { openPostgres } from '../server/db/postgres';
import { freshPostgresUrl, TEST_DATABASE_URL } from './helpers/postgres';

/** Forwards to PostgreSQL; when armed, resets the next new connection as soon as it sends a query. */
class ResettingProxy {
  private server = net.createServer((client) => this.accept(client));
  private sockets = new Set<net.Socket>();
  armed = false;
  resets = 0;

  /** A TCP address, or the Unix socket of the run's embedded PostgreSQL. */
  constructor(private target: { host: string; port: number } | { path: string }) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Drops every open connection, as a PostgreSQL restart would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target);
    this.sockets.add(client).add(upstream);
    const resetThis = this.armed;
    this.armed = false;
    let ready = false;
    upstream.on('data', (chunk) => {
      // ReadyForQuery ('Z', length 5) closes the startup exchange: the next thing the client sends is a query.
      if (chunk.length >= 6 && chunk[chunk.length - 6] === 0x5a && chunk.readInt32BE(chunk.length - 5) === 5) ready = true;
      client.write(chunk);
    });
    client.on('data', (chunk) => {
      if (resetThis && ready) {
        this.resets += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  }
}

describe('PostgreSQL connection lost before its first query', () => {
  let drop: () => Promise<void>;
  let proxy: ResettingProxy;
  let handle: DbHandle;
  const stray: unknown[] = [];
  const onStray = (error: unknown) => stray.push(error);

  beforeAll(async () => {
    const fresh = await freshPostgresUrl(TEST_DATABASE_URL, 'gst_loss');
    drop = fresh.drop;
    const url = new URL(fresh.url);
    const socketDir = url.searchParams.get('host');
    url.searchParams.delete('host');
    proxy = new ResettingProxy(
      socketDir ? { path: `${socketDir}/.s.PGSQL.${url.port || 5432}` } : { host: url.hostname, port: Number(url.port || 5432) }
    );
    url.host = `127.0.0.1:${await proxy.listen()}`;
    handle = await createDb({ url: url.toString(), maxConnections: 1 });
    process.on('unhandledRejection', onStray);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onStray);
    await handle?.close();
    await proxy?.close();
    await drop?.();
  });

  it('rejects the query that was in flight, leaves no stray rejection, and the next query succeeds', async () => {
    proxy.dropAll();
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.armed = true;
    await expect(handle.db.execute(sql`select 1 as one`)).rejects.toThrow();
    expect(proxy.resets).toBe(1);
    const rows = (await handle.db.execute(sql`select 1 as one`)) as unknown as Iterable<{ one: number }>;
    expect([...rows]).toEqual([{ one: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stray).toEqual([]);
  });
});

/**
 * postgres.js 3.4.9 sends a small write from a setImmediate. A socket that closes while one waits left the driver
 * throwing where nobody can catch it (a TypeError in nextWrite: the process dies, every room with it), or, with the
 * timer forgotten but not cleared, never flushing again on that connection (porsager/postgres#1208). The project
 * patches the driver (patches/postgres+3.4.9.patch, applied by `npm ci`); these tests fail without it.
 */
describe('PostgreSQL connection closed while a write waits', () => {
  let drop: () => Promise<void>;
  let url: string;
  const stray: unknown[] = [];
  const onStray = (error: unknown) => stray.push(error);

  beforeAll(async () => {
    const fresh = await freshPostgresUrl(TEST_DATABASE_URL, 'gst_write');
    drop = fresh.drop;
    url = fresh.url;
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
  });

  afterAll(async () => {
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
    await drop?.();
  });

  /** A one-connection client whose sockets the test can reach. */
  function clientWithSockets() {
    const sockets: net.Socket[] = [];
    const client = openPostgres(url, {
      max: 1,
      connect_timeout: 5,
      socket: (options: { host: string[]; port: number[]; path?: string }) => {
        const socket = options.path ? net.connect(options.path) : net.connect(options.port[0], options.host[0]);
        sockets.push(socket);
        return socket;
      }
    } as Parameters<typeof openPostgres>[1]);
    return { client, sockets };
  }

  it('a reserved connection whose backend is gone rejects its next query instead of crashing the process', async () => {
    const { client } = clientWithSockets();
    const admin = openPostgres(url, { max: 1 });
    try {
      // postgres.js 3.4.9 hands out a reserved connection only once one is open.
      await client`select 1`;
      const reserved = await client.reserve();
      const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await admin`select pg_terminate_backend(${pid})`;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(reserved`select 1 as one`).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stray).toEqual([]);
      reserved.release();
    } finally {
      await admin.end();
      await client.end({ timeout: 1 });
    }
  });

  it('a query sent as its socket closes is rejected, and the reconnected connection still sends', async () => {
    const { client, sockets } = clientWithSockets();
    try {
      expect(await client`select 1 as one`).toEqual([{ one: 1 }]);
      // Sent from an immediate with the socket destroyed in the same turn: the query's bytes wait for the next turn's
      // setImmediate, and the socket's close (this turn's close phase) reaches the driver first, which clears the timer
      // before it ever ran.
      const settled = new Promise<string>((resolve) => {
        setImmediate(() => {
          client`select 2 as two`.then(() => resolve('answered'), () => resolve('rejected'));
          sockets[0].destroy();
        });
      });
      expect(await settled).toBe('rejected');
      // Without the patch the reconnected connection's first write (its startup message) waited for that dead timer:
      // the query below timed out after connect_timeout.
      const started = Date.now();
      expect(await client`select 3 as three`).toEqual([{ three: 3 }]);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(sockets.length).toBe(2);
      expect(stray).toEqual([]);
    } finally {
      await client.end({ timeout: 1 });
    }
  });
});

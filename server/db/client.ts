/**
 * createDb: one drizzle database over PGlite (embedded, a data folder) or PostgreSQL (DATABASE_URL).
 * Both run the same migrations from drizzle/ and the same queries.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A parameterised statement sent straight to the driver; rows come back as plain objects. */
export type RawQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface DbHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /**
   * For the relay's hot path only (the update log's append): drizzle's query builder costs more than PGlite's
   * own insert. Everything else goes through `db`.
   */
  query: RawQuery;
  close(): Promise<void>;
}

export type DbTarget =
  | { driver: 'postgres'; url: string; maxConnections?: number }
  /** dataDir undefined: an in-memory PGlite (tests). */
  | { driver: 'pglite'; dataDir?: string };

/** Migrations live beside package.json whether this runs from server/ (tsx, vitest) or build/ (bundled). */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, here.endsWith(path.join('server', 'db')) ? '../../drizzle' : '../drizzle');
}

export async function createDb(target: DbTarget): Promise<DbHandle> {
  if (target.driver === 'postgres') {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    // fetch_types off: postgres.js fetches array types on every new connection from a promise nobody awaits, so a
    // connection lost during that query (a restart, pg_terminate_backend) became an unhandled rejection. The schema
    // has no array columns, so nothing needs those parsers.
    const client = postgres(target.url, { max: target.maxConnections ?? 10, fetch_types: false, onnotice: () => {} });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: migrationsFolder() });
    return {
      db: db as unknown as Database,
      driver: 'postgres',
      query: async (text, params) => [...(await client.unsafe(text, params as never[]))],
      close: () => client.end({ timeout: 5 })
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    query: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    close: () => client.close()
  };
}

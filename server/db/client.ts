/**
 * createDb: one drizzle database over PostgreSQL through postgres.js (the embedded server of server/db/embedded/, or
 * DATABASE_URL's). Migrations from drizzle/ run before it is handed out.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { openPostgres, type Sql } from './postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Database;
  /** The postgres.js client under `db`: the relay's hot path (the update log's append) sends its statement directly. */
  sql: Sql;
  close(): Promise<void>;
}

/** A parameterised SQL statement and its rows: for the few hand-written statements (the job table's claims). */
export type RawQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export function rawQuery(sql: Sql): RawQuery {
  return async (text, params) => [...(await sql.unsafe(text, params as never[]))];
}

export interface DbTarget {
  url: string;
  maxConnections?: number;
  /**
   * Pool connections to open before the handle is handed out (default 1, the migrations'). postgres.js opens one per
   * query that finds none idle, and each costs a backend start and a SCRAM sign-in (several ms, tens on a loaded
   * machine): the app opens a few at start so that the first people to connect after a restart do not pay for them
   * (bench/README.md, cold load). No data is read.
   */
  openConnections?: number;
}

/** Migrations live beside package.json whether this runs from server/ (tsx, vitest) or build/ (bundled). */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, here.endsWith(path.join('server', 'db')) ? '../../drizzle' : '../drizzle');
}

export async function createDb(target: DbTarget): Promise<DbHandle> {
  const sql = openPostgres(target.url, { max: target.maxConnections ?? 10 });
  const db = drizzle(sql, { schema });
  try {
    await migrate(db, { migrationsFolder: migrationsFolder() });
    const opening = Math.min(target.openConnections ?? 1, target.maxConnections ?? 10);
    // Queries sent at once go to different connections while the pool has room: this opens `opening` of them.
    if (opening > 1) await Promise.all(Array.from({ length: opening }, () => sql`select 1`));
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
  return { db: db as unknown as Database, sql, close: () => sql.end({ timeout: 5 }) };
}

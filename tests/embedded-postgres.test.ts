/**
 * The embedded default (server/db/embedded/): a real PostgreSQL in DATA_DIR, private, durable, one app per DATA_DIR,
 * and a clean start after an app that was killed.
 */
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hydrateSymlinks } from '../server/db/embedded/binaries';
import { isAlive } from '../server/db/embedded/processes';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded/server';
import { openPostgres } from '../server/db/postgres';
import { createLogger } from '../server/log';

const logger = createLogger('silent');
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gst-embedded-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function settings(url: string, names: string[]): Promise<Record<string, string>> {
  const sql = openPostgres(url, { max: 1 });
  try {
    const rows = await sql<{ name: string; setting: string }[]>`select name, setting from pg_settings where name in ${sql(names)}`;
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await sql.end();
  }
}

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let server: EmbeddedPostgres;

  beforeAll(async () => {
    dataDir = folder();
    server = await startEmbeddedPostgres({ dataDir, logger });
  });
  afterAll(() => server?.stop());

  it('initialises a cluster in DATA_DIR/postgres, durable, autovacuumed, on a Unix socket only', async () => {
    expect(readFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), 'utf8').trim()).toBe('17');
    const found = await settings(server.url, ['fsync', 'synchronous_commit', 'autovacuum', 'listen_addresses', 'data_checksums', 'unix_socket_permissions']);
    expect(found).toEqual({
      fsync: 'on',
      synchronous_commit: 'on',
      autovacuum: 'on',
      listen_addresses: '',
      data_checksums: 'on',
      unix_socket_permissions: '0700'
    });
    expect(new URL(server.url).searchParams.get('host')).toBe(path.join(dataDir, 'postgres-socket'));
  });

  it('keeps a generated password in DATA_DIR/postgres.password, readable by the owner only, and requires it', async () => {
    const file = path.join(dataDir, 'postgres.password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(server.url).toContain(encodeURIComponent(password));
    const wrong = new URL(server.url);
    wrong.password = 'not-the-password';
    const sql = openPostgres(wrong.toString(), { max: 1 });
    await expect(sql`select 1`).rejects.toThrow(/password authentication failed/);
    await sql.end();
  });

  it('refuses a second app process on the same DATA_DIR with a clear message', async () => {
    // The lock names this very process, which is alive: as a second process would see it.
    writeFileSync(path.join(dataDir, 'app.pid'), `${process.ppid}\n`);
    await expect(startEmbeddedPostgres({ dataDir, logger })).rejects.toThrow(/Another app process \(pid \d+\) is running on DATA_DIR/);
    writeFileSync(path.join(dataDir, 'app.pid'), `${process.pid}\n`);
  });

  it('after the app was killed: takes over its stale lock, stops the PostgreSQL it left running, and keeps the data', async () => {
    const sql = openPostgres(server.url, { max: 1 });
    await sql`create table kept (value text)`;
    await sql`insert into kept values ('committed before the kill')`;
    await sql.end();
    // What kill -9 leaves: a lock naming a dead pid, and the old PostgreSQL still running.
    writeFileSync(path.join(dataDir, 'app.pid'), '999999\n');
    const leftover = server.pid;
    const restarted = await startEmbeddedPostgres({ dataDir, logger });
    try {
      expect(isAlive(leftover)).toBe(false);
      expect(restarted.pid).not.toBe(leftover);
      const again = openPostgres(restarted.url, { max: 1 });
      expect(await again`select value from kept`).toEqual([{ value: 'committed before the kill' }]);
      await again.end();
    } finally {
      await restarted.stop();
    }
    expect(isAlive(restarted.pid)).toBe(false);
    server = restarted; // stop() again in afterAll is a no-op
  });

  it('refuses a DATA_DIR that holds a PGlite database from an earlier version, touching nothing', async () => {
    const old = folder();
    writeFileSync(path.join(old, 'PG_VERSION'), '17\n');
    await expect(startEmbeddedPostgres({ dataDir: old, logger })).rejects.toThrow(/holds a PGlite database/);
    expect(readFileSync(path.join(old, 'PG_VERSION'), 'utf8')).toBe('17\n');
  });
});

describe('hydrateSymlinks (the binaries package\'s postinstall, when npm skipped it)', () => {
  it('makes the listed links relative to their folder, and leaves existing files alone', () => {
    const root = folder();
    mkdirSync(path.join(root, 'native', 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'native', 'lib', 'libpq.so.5.17'), 'library');
    writeFileSync(path.join(root, 'native', 'lib', 'libpq.so'), 'a real file');
    writeFileSync(
      path.join(root, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so.5' },
        { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so' }
      ])
    );
    hydrateSymlinks(root);
    hydrateSymlinks(root); // idempotent
    expect(readlinkSync(path.join(root, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.17');
    expect(readFileSync(path.join(root, 'native', 'lib', 'libpq.so.5'), 'utf8')).toBe('library');
    expect(readFileSync(path.join(root, 'native', 'lib', 'libpq.so'), 'utf8')).toBe('a real file');
  });
});

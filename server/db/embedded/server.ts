/**
 * startEmbeddedPostgres: the default database when no DATABASE_URL is given. A real PostgreSQL server from the npm
 * binaries, run by this process in DATA_DIR:
 *
 *   DATA_DIR/app.pid             the running app's pid: a second app process on the same DATA_DIR is refused
 *   DATA_DIR/postgres/           the cluster (initialised on first start; data checksums on)
 *   DATA_DIR/postgres.password   the generated superuser password, mode 0600
 *   DATA_DIR/postgres-socket/    the Unix socket (mode 0700); no TCP port is opened
 *
 * fsync, synchronous commit and autovacuum are on. A PostgreSQL left running by an app that was killed (-9) is found
 * from postmaster.pid and shut down cleanly (fast shutdown: committed work is kept) before ours starts. As root,
 * PostgreSQL (which refuses to run as root) runs as the OS user `postgres`, created if missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../../log';
import { findPostgresBinaries } from './binaries';
import { commandOf, isAlive, lockDataDir } from './processes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  /** The application's database, created on first start. */
  database?: string;
  /** false turns fsync off: for throwaway test servers only, never for the app. */
  durable?: boolean;
  maxConnections?: number;
  /** Test servers are shared by several processes; the app's lock says one app per DATA_DIR. */
  lock?: boolean;
  /** More PostgreSQL settings, after the app's: for benchmarks that compare them (bench/relay/append-cost.ts). */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgres {
  /** postgres.js / libpq URL of the application's database (a Unix socket: `?host=<dir>`). */
  url: string;
  /** The same server's `postgres` database, for creating and dropping databases. */
  adminUrl: string;
  /** The postmaster's pid (a new one after a restart). */
  readonly pid: number;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** PostgreSQL's environment: English messages, and none of the app's (its secrets stay in this process). */
const CHILD_ENV = { LC_ALL: 'C', LC_MESSAGES: 'C' };
/** sun_path holds 104 bytes on macOS (108 on Linux): longer socket paths fall back to a private loopback port. */
const MAX_SOCKET_DIR = 90;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const pgData = path.join(dataDir, 'postgres');
  const socketDir = path.join(dataDir, 'postgres-socket');
  const log = options.logger.child({ component: 'embedded-postgres' });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  refuseOldPglite(dataDir);
  const unlock = options.lock === false ? () => {} : lockDataDir(path.join(dataDir, 'app.pid'), dataDir);
  try {
    const binaries = findPostgresBinaries();
    const owner = runAsUser();
    const password = readOrCreatePassword(path.join(dataDir, 'postgres.password'));
    // As root, `postgres` must pass through DATA_DIR (search only: it cannot list it or read the password file).
    if (owner) chmodSync(dataDir, statSync(dataDir).mode | 0o001);
    for (const dir of [pgData, socketDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (owner) chownSync(dir, owner.uid, owner.gid);
    }
    await stopLeftover(pgData, log);
    if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
      await initialise(binaries.initdb, pgData, socketDir, password, owner, log);
    }
    const useSocket = socketDir.length <= MAX_SOCKET_DIR;
    const port = useSocket ? 5432 : await freeLoopbackPort();
    const settings: Record<string, string> = {
      listen_addresses: useSocket ? '' : '127.0.0.1',
      port: String(port),
      unix_socket_directories: useSocket ? socketDir : '',
      unix_socket_permissions: '0700',
      fsync: options.durable === false ? 'off' : 'on',
      synchronous_commit: 'on',
      full_page_writes: 'on',
      autovacuum: 'on',
      max_connections: String(options.maxConnections ?? 40),
      // Small on purpose: a practice's data fits, and the whole default must idle in ~250 MB (bench/README.md).
      shared_buffers: '32MB',
      huge_pages: 'off',
      log_checkpoints: 'off',
      // Never a statement's text in the log: it is health data's neighbour.
      log_min_error_statement: 'panic',
      timezone: 'UTC',
      ...options.settings
    };
    const args = ['-D', pgData, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])];
    const launch = async (): Promise<ChildProcess> => {
      const child = spawn(binaries.postgres, args, {
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        env: CHILD_ENV,
        // Its own process group: Ctrl-C in a terminal reaches the app, which stops PostgreSQL after its last write.
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe']
      });
      const output = forwardLog(child, log);
      await waitUntilReady(child, pgData, output);
      return child;
    };
    let child = await launch();
    let stopping = false;
    // PostgreSQL stopped by something else (a crash, an administrator's pg_ctl): start it again. The pool reconnects
    // and the relay retries its pending writes, so a restart mid-session loses nothing (tests/e2e/embedded-durability).
    const supervise = (current: ChildProcess) =>
      current.once('exit', (code, signal) => {
        if (stopping) return;
        log.error('the embedded PostgreSQL stopped unexpectedly; starting it again', { code, signal });
        const retry = (delayMs: number) =>
          setTimeout(() => {
            if (stopping) return;
            launch().then(
              (next) => {
                child = next;
                supervise(next);
                log.info('embedded PostgreSQL running again', { pid: next.pid });
              },
              (error) => {
                log.error('restarting the embedded PostgreSQL failed; trying again', { error });
                retry(Math.min(delayMs * 2, 10_000));
              }
            );
          }, delayMs).unref();
        retry(200);
      });
    supervise(child);
    // If this process dies without stop() (an uncaught error), PostgreSQL still gets its fast shutdown.
    const onExit = () => child.kill('SIGINT');
    process.once('exit', onExit);

    const host = useSocket ? `localhost:${port}` : `127.0.0.1:${port}`;
    const query = useSocket ? `?host=${encodeURIComponent(socketDir)}` : '';
    const urlOf = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${host}/${database}${query}`;
    const database = options.database ?? 'app';
    await createDatabaseIfMissing(urlOf('postgres'), database);
    log.info('embedded PostgreSQL ready', { dataDir: pgData, pid: child.pid, socket: useSocket ? socketDir : null, port: useSocket ? null : port });

    let stopped: Promise<void> | undefined;
    return {
      url: urlOf(database),
      adminUrl: urlOf('postgres'),
      get pid() {
        return child.pid!;
      },
      stop: () =>
        (stopped ??= (async () => {
          stopping = true;
          process.off('exit', onExit);
          await stopChild(child);
          unlock();
          log.info('embedded PostgreSQL stopped');
        })())
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Versions before the embedded PostgreSQL kept a PGlite cluster at DATA_DIR's top level. */
function refuseOldPglite(dataDir: string): void {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `${dataDir} holds a PGlite database from an earlier version of this app. Move it aside (the app now keeps a ` +
        'PostgreSQL cluster in DATA_DIR/postgres), or point DATA_DIR at an empty folder. See docs/deployment.md.'
    );
  }
}

/** PostgreSQL refuses to run as root: as root, run it as `postgres`, creating that system user when it is missing. */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }))
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', SUPERUSER], { stdio: 'ignore' });
    } catch {
      /* the group exists */
    }
    execFileSync('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    return ids();
  }
}

function readOrCreatePassword(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/** The PostgreSQL of an app that was killed keeps running: stop it (fast shutdown keeps every commit), then start ours. */
async function stopLeftover(pgData: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!isAlive(pid) || !commandOf(pid).includes('postgres')) return; // stale: PostgreSQL itself replaces the file
  log.warn('stopping a PostgreSQL left running on this DATA_DIR', { pid });
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`The PostgreSQL left running (pid ${pid}) did not stop within 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function initialise(initdb: string, pgData: string, privateDir: string, password: string, owner: { uid: number; gid: number } | undefined, log: Logger) {
  if (readdirSync(pgData).length > 0) {
    throw new Error(`${pgData} is not empty but holds no PostgreSQL cluster (PG_VERSION is missing): move it aside and start again.`);
  }
  // In a folder only PostgreSQL's user can open, and gone when initdb ends.
  const pwFile = path.join(privateDir, `.initdb-password-${process.pid}`);
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (owner) chownSync(pwFile, owner.uid, owner.gid);
  try {
    log.info('initialising the embedded PostgreSQL', { dataDir: pgData });
    const child = spawn(
      initdb,
      [`--pgdata=${pgData}`, `--username=${SUPERUSER}`, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8',
        '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C', '--data-checksums'],
      { ...(owner ? { uid: owner.uid, gid: owner.gid } : {}), env: CHILD_ENV, stdio: ['ignore', 'ignore', 'pipe'] }
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) {
      rmSync(pgData, { recursive: true, force: true });
      mkdirSync(pgData, { mode: 0o700 });
      if (owner) chownSync(pgData, owner.uid, owner.gid);
      const hint = owner ? ' As root it runs as the user `postgres`, which must be able to reach DATA_DIR (every parent folder searchable).' : '';
      throw new Error(`initdb failed (exit ${code}): ${stderr.trim()}${hint}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
}

function forwardLog(child: ChildProcess, log: Logger): { tail: string[] } {
  const output = { tail: [] as string[] };
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      output.tail = [...output.tail.slice(-19), line];
      // Routine LOG lines (start, shutdown) and a statement's ERROR (the app reports those itself) are debug.
      if (/\b(WARNING|FATAL|PANIC):/.test(line)) log.warn('postgres', { line });
      else log.debug('postgres', { line });
    }
  });
  return output;
}

/** Ready when postmaster.pid's status line says so (PostgreSQL ≥ 10), whatever the language of its messages. */
async function waitUntilReady(child: ChildProcess, pgData: string, output: { tail: string[] }): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exit ${code ?? signal}`));
  child.once('error', (error) => (exited = error.message));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`PostgreSQL did not start (${exited}): ${output.tail.join(' | ')}`);
    try {
      const lines = readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n');
      if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return;
    } catch {
      /* not written yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(`PostgreSQL did not become ready within 60 s: ${output.tail.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const { openPostgres } = await import('../postgres');
  const sql = openPostgres(adminUrl, { max: 1 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Fast shutdown (SIGINT): open transactions roll back, every commit is kept. Immediate (SIGQUIT) after 30 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
  await exited;
  clearTimeout(timer);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

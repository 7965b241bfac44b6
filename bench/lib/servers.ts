/**
 * The servers under test, each in its own child process on 127.0.0.1 and a free port so that its CPU and RSS
 * can be read alone: our server (build/server.js, its embedded PostgreSQL in a temp DATA_DIR or a fresh database in a given server)
 * and the two in-memory references (@y/websocket-server and @hocuspocus/server, from bench/servers/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RoomTarget } from './yclient';
import { freshPostgresUrl } from '../../tests/helpers/postgres';

export interface ServerUnderTest {
  name: string;
  pid: number;
  /** Creates (ours) or names (references) `count` rooms and returns where clients connect to them. */
  rooms(count: number): Promise<RoomTarget[]>;
  /** Other processes working for this server (its PostgreSQL backends), counted in its CPU. */
  helperPids?(): number[];
  /** Prometheus text from /metrics when the server has it. */
  metrics(): Promise<string | undefined>;
  /** Stops the process gracefully (SIGTERM, then SIGKILL after 60 s) and removes its data. */
  stop(): Promise<void>;
  output: string[];
}

interface Child {
  process: ChildProcess;
  port: number;
  output: string[];
  stop(): Promise<void>;
}

const REPO = path.resolve(import.meta.dirname, '../..');
const STOP_DEADLINE_MS = 60_000;
/** Lines kept from a child's output, for error messages. */
const OUTPUT_LINES = 200;

/** Children still running: killed if this process exits early (an error, Ctrl-C) so no server outlives a run. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Starts `node <entry>` and waits for its JSON line {"msg":"listening","port":N}. */
async function startChild(entry: string, env: Record<string, string>, onStop?: () => Promise<void>, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output.join('\n')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (output.length > OUTPUT_LINES) output.shift();
        try {
          const parsed = JSON.parse(line);
          if (parsed.msg === 'listening') {
            clearTimeout(timer);
            resolve(parsed.port);
          }
        } catch {
          /* not JSON */
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    process: child,
    port,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // Our server stores its backlog and compacts on SIGTERM: give it time before forcing.
        const force = setTimeout(() => {
          process.stderr.write(`[bench] warning: ${entry} still running ${STOP_DEADLINE_MS / 1000} s after SIGTERM: killed\n`);
          child.kill('SIGKILL');
        }, STOP_DEADLINE_MS);
        await exited;
        clearTimeout(force);
      }
      await onStop?.();
    }
  };
}

const noMetrics = async () => undefined;

/** A reference relay from bench/servers/, in memory; rooms are just names there. */
async function startReference(name: string, entry: string, room: (port: number, docName: string) => RoomTarget, nodeArgs: string[] = []): Promise<ServerUnderTest> {
  const child = await startChild(path.join(REPO, 'bench/servers', entry), {}, undefined, nodeArgs);
  return {
    name,
    pid: child.process.pid!,
    output: child.output,
    stop: child.stop,
    metrics: async () => undefined,
    rooms: async (count) => Array.from({ length: count }, (_, i) => room(child.port, `room-${i}`))
  };
}

export const startYWebsocketServer = (nodeArgs: string[] = []) =>
  startReference(
    '@y/websocket-server',
    'y-websocket.mjs',
    (port, docName) => ({ url: `ws://127.0.0.1:${port}/${docName}`, docName, dialect: 'y-websocket' }),
    nodeArgs
  );

export const startHocuspocusServer = () =>
  startReference('@hocuspocus/server', 'hocuspocus.mjs', (port, docName) => ({
    url: `ws://127.0.0.1:${port}`,
    docName,
    dialect: 'hocuspocus'
  }));

/** The newest .ts file under server/ and src/lib/core/, to warn when build/server.js is older than its sources. */
function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const { mtimeMs } = statSync(full);
        if (mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
      }
    }
  };
  walk(path.join(REPO, 'server'));
  walk(path.join(REPO, 'src/lib/core'));
  return newest;
}

/** Problems with build/server.js as a benchmark target, or undefined when it is there and newer than its sources. */
export function ourBuildProblem(): string | undefined {
  const entry = path.join(REPO, 'build/server.js');
  if (!existsSync(entry)) return 'build/server.js is missing: run `npm run build` (or pass --build)';
  const newest = newestSource();
  if (statSync(entry).mtimeMs < newest.mtimeMs) {
    return `build/server.js is older than ${path.relative(REPO, newest.file)}: run \`npm run build\` (or pass --build)`;
  }
  return undefined;
}

/** Processes whose command line mentions `text` (PostgreSQL names the database in each backend's title). */
export function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

/** The embedded PostgreSQL of a DATA_DIR: its postmaster (from postmaster.pid) and every process it started. */
export function embeddedPostgresPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number.parseInt(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** A fresh PostgreSQL database beside adminUrl's, dropped by the returned function. */
export const freshDatabase = (adminUrl: string) => freshPostgresUrl(adminUrl, 'gst_bench');

/** Signs up a facilitator, creates a group, and keeps the session cookie for the API and the WebSocket upgrades. */
export class OurApi {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + route, {
      method,
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const session = response.headers.getSetCookie().find((line) => line.startsWith('gst_session='));
    if (session) this.cookie = session.split(';')[0];
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async signUpFacilitator(): Promise<void> {
    const email = `bench.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.org`;
    await this.request('POST', '/api/auth/signup', { email, password: 'benchmark password', displayName: 'Bench' });
    // Sign-up signs nobody in (the same answer for taken emails): sign in next.
    await this.request('POST', '/api/auth/login', { email, password: 'benchmark password' });
  }

  async createGroup(): Promise<string> {
    const { group } = await this.request<{ group: { id: string } }>('POST', '/api/groups', { name: 'Benchmark group', kind: 'cbt' });
    return group.id;
  }

  async createBoard(groupId: string, title: string): Promise<string> {
    const { board } = await this.request<{ board: { docName: string } }>('POST', `/api/groups/${groupId}/boards`, { title });
    return board.docName;
  }
}

export interface OurServerOptions {
  /** Admin URL of a PostgreSQL server: the run gets a fresh database there, dropped on stop. */
  postgresAdminUrl?: string;
  /** Reuse this database (kept on stop): for restarts on the same data. */
  databaseUrl?: string;
  /** Reuse this DATA_DIR (the embedded PostgreSQL's; kept on stop). Default: a fresh temp folder, removed on stop. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Flags for node itself, e.g. --cpu-prof (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Another build of our server (e.g. an earlier commit's, bundled beside build/server.js), for before/after runs. */
  entry?: string;
  /** Its name in the tables (default "ours (embedded PostgreSQL)" or "ours (PostgreSQL)"). */
  name?: string;
}

/**
 * Limits lifted for benchmarks, printed with the figures: one facilitator's sign-in opens every client socket
 * (the relay caps open documents per sign-in at 20), and the rate ramp goes past the per-connection message limit.
 */
export const BENCH_RELAY_ENV = {
  RELAY_MAX_DOCUMENTS_PER_LOGIN: '100000',
  RELAY_MESSAGES_PER_SECOND: '100000',
  RELAY_MESSAGE_BURST: '100000'
};

/** /metrics answers only with a token (METRICS_TOKEN); the bench's servers get this one. */
const BENCH_METRICS_TOKEN = 'bench-metrics-token-not-a-secret';

/** Where a client connects to one of our documents. */
export function ourRoomTarget(port: number, docName: string, cookie: string): RoomTarget {
  return {
    url: `ws://127.0.0.1:${port}/collab/${encodeURIComponent(docName)}`,
    docName,
    dialect: 'y-websocket',
    headers: { cookie, origin: `http://127.0.0.1:${port}` }
  };
}

export type OurServer = ServerUnderTest & { api: OurApi; groupId: string; port: number };

/** Our one-process server from build/server.js, with a signed-in facilitator (`api`) and a group. */
export async function startOurServer(options: OurServerOptions = {}): Promise<OurServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gst-bench-'));
  const database = options.postgresAdminUrl && !options.databaseUrl ? await freshDatabase(options.postgresAdminUrl) : undefined;
  const databaseUrl = options.databaseUrl ?? database?.url;
  const cleanUp = async () => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  let child: Child;
  try {
    child = await startChild(
      options.entry ? path.resolve(options.entry) : path.join(REPO, 'build/server.js'),
      {
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        SIGNUP_RATE_PER_IP: '1000',
        METRICS_TOKEN: BENCH_METRICS_TOKEN,
        ...BENCH_RELAY_ENV,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...options.env
      },
      cleanUp,
      options.nodeArgs
    );
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${child.port}`;
  const api = new OurApi(baseUrl);
  try {
    await api.signUpFacilitator();
  } catch (error) {
    await child.stop();
    throw error;
  }
  const groupId = await api.createGroup();
  return {
    name: options.name ?? (databaseUrl ? 'ours (PostgreSQL)' : 'ours (embedded PostgreSQL)'),
    pid: child.process.pid!,
    output: child.output,
    stop: child.stop,
    api,
    groupId,
    port: child.port,
    helperPids: () => (databaseUrl ? pidsMentioning(new URL(databaseUrl).pathname.slice(1)) : embeddedPostgresPids(dataDir)),
    async metrics() {
      const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } }).catch(() => undefined);
      return response?.ok ? response.text() : undefined;
    },
    async rooms(count) {
      const rooms: RoomTarget[] = [];
      for (let i = 0; i < count; i++) rooms.push(ourRoomTarget(child.port, await api.createBoard(groupId, `Bench board ${i}`), api.cookie));
      return rooms;
    }
  };
}

/**
 * The relay benchmark's options from the command line (see run.ts for the list): the load, the servers to compare
 * (--servers, --before builds), and --profile's CPU profile folders.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listFlag, numberFlag, parseArgs } from '../lib/args';
import { startHocuspocusServer, startOurServer, startYWebsocketServer, type ServerUnderTest } from '../lib/servers';

export const flags = parseArgs(process.argv.slice(2));
const quick = flags.has('quick');
/** --workload therapy: 30 rooms x 10 people, cursors at 20 Hz from everyone, two people drawing (see client-worker.ts). */
const therapy = flags.get('workload') === 'therapy';
export const config = {
  workload: therapy ? ('therapy' as const) : ('default' as const),
  rooms: numberFlag(flags, 'rooms', therapy ? 30 : quick ? 10 : 100),
  clientsPerRoom: numberFlag(flags, 'clients', quick ? 5 : 10),
  rate: numberFlag(flags, 'rate', 1),
  durationMs: numberFlag(flags, 'duration', quick ? 10 : 30) * 1000,
  warmupMs: numberFlag(flags, 'warmup', quick ? 2 : 3) * 1000,
  stepMs: numberFlag(flags, 'step-duration', quick ? 5 : 10) * 1000,
  drainMs: numberFlag(flags, 'drain', 3) * 1000,
  rates: listFlag(flags, 'rates', ['2', '4', '8', '16', '32', '64', '128', '256']).map(Number),
  workers: numberFlag(flags, 'workers', 2),
  concurrency: numberFlag(flags, 'concurrency', 25),
  p99LimitMs: numberFlag(flags, 'p99-limit', 100),
  ramp: !flags.has('no-ramp') && !therapy,
  rounds: numberFlag(flags, 'rounds', 1),
  /** --nice N: run the servers and client workers at nice -N (root), to shield them from other work. */
  nice: flags.has('nice') ? numberFlag(flags, 'nice', 10) : 0,
  postgresAdminUrl:
    typeof flags.get('postgres') === 'string'
      ? (flags.get('postgres') as string)
      : (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
};
/**
 * --before FILE[,FILE...]: other builds of our server, each optionally with environment overrides after a `?`
 * (`build/server.js?RELAY_COMMIT_INTERVAL_MS=0&X=1`): the same build with another setting is a before/after too.
 */
export const beforeBuilds = listFlag(flags, 'before', []).map((spec, index, all) => {
  const [file, query] = spec.split('?', 2);
  const env = Object.fromEntries(new URLSearchParams(query ?? ''));
  return { key: all.length === 1 ? 'ours-before' : `ours-before-${index + 1}`, file, env, name: `ours before (${path.basename(file)}${query ? `?${query}` : ''})` };
});
export const serverNames = listFlag(flags, 'servers', ['y-websocket', ...(therapy ? [] : ['hocuspocus']), 'ours', ...(flags.has('postgres') ? ['ours-postgres'] : [])])
  .filter((name) => !name.startsWith('ours-before'))
  .concat(beforeBuilds.map((b) => b.key));
export const REFERENCES = new Set(['@y/websocket-server', '@hocuspocus/server']);

/** The reference of issue 14: @y/websocket-server, in memory. */
export const Y_WEBSOCKET = '@y/websocket-server';

export const factories: Record<string, () => Promise<ServerUnderTest>> = {
  'y-websocket': () => startYWebsocketServer(profileArgs('y-websocket')),
  hocuspocus: startHocuspocusServer,
  ours: () => startOurServer({ nodeArgs: profileArgs('ours') }),
  'ours-postgres': () => startOurServer({ postgresAdminUrl: config.postgresAdminUrl, nodeArgs: profileArgs('ours-postgres') }),
  /** --before: other builds of our server (an earlier commit's, or another setting), beside build/server.js in the same rounds. */
  ...Object.fromEntries(
    beforeBuilds.map((b) => [b.key, () => startOurServer({ entry: b.file, env: b.env, name: b.name, nodeArgs: profileArgs(b.key) })])
  )
};

/** --profile: our server and @y/websocket-server run with `node --cpu-prof`; the hottest functions are printed at the end. */
export const profileDirs = new Map<string, string>();
export function profileArgs(name: string): string[] {
  if (!flags.has('profile')) return [];
  const dir = profileDirs.get(name) ?? mkdtempSync(path.join(tmpdir(), `gst-bench-profile-${name}-`));
  profileDirs.set(name, dir);
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

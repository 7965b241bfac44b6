/**
 * Relay benchmark: rooms x clients, each client sending a small Yjs update `rate` times per second, against our
 * server and the two in-memory references, one after the other in the same run, each in its own process.
 * Prints propagation latency p50/p95/p99, updates delivered per second, server CPU and RSS side by side with
 * ratios against the best reference; then raises the rate until p99 passes 100 ms and prints the sustainable rates.
 *
 *   npx tsx bench/relay/run.ts [--quick] [--postgres] [--rooms 100] [--clients 10] [--duration 30] [--warmup 3]
 *     [--rates 2,4,8,...,256] [--step-duration 10] [--workers 2] [--no-ramp] [--build]
 *     [--servers y-websocket,hocuspocus,ours,ours-postgres] [--nice 10] [--rounds 3] [--profile]
 *     [--before build/server-main.js]   (adds "ours before": another build of our server, in the same rounds)
 *
 * Everything listens on 127.0.0.1 and every phase has a deadline, so a run ends by itself.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { listFlag, numberFlag, parseArgs } from '../lib/args';
import { hottestFunctions, newestProfile, sharesByPackage } from '../lib/cpu-profile';
import { findHistogram, histogramDelta, histogramQuantile } from '../lib/prometheus';
import { MiB, prioritise, pssBytes, watchPhase, watchProcess } from '../lib/proc';
import {
  BENCH_RELAY_ENV,
  ourBuildProblem,
  startHocuspocusServer,
  startOurServer,
  startYWebsocketServer,
  type ServerUnderTest
} from '../lib/servers';
import { fixed, ratio, summarize, table, type LatencySummary } from '../lib/stats';
import { monotonicMs, type RoomTarget } from '../lib/yclient';
import type { ConnectedReport, RunCommand, RunReport, WorkerCommand, WorkerReport } from './worker-protocol';

const flags = parseArgs(process.argv.slice(2));
const quick = flags.has('quick');
/** --workload therapy: 30 rooms x 10 people, cursors at 20 Hz from everyone, two people drawing (see client-worker.ts). */
const therapy = flags.get('workload') === 'therapy';
const config = {
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
const serverNames = listFlag(flags, 'servers', ['y-websocket', ...(therapy ? [] : ['hocuspocus']), 'ours', ...(flags.has('postgres') ? ['ours-postgres'] : [])]).concat(
  flags.has('before') && !listFlag(flags, 'servers', []).includes('ours-before') ? ['ours-before'] : []
);
const REFERENCES = new Set(['@y/websocket-server', '@hocuspocus/server']);
/** Fewer than this share of the expected deliveries (or any dropped socket) fails a step, whatever the latency. */
const MIN_DELIVERY = 0.999;
/** Below this share of the offered send rate, the client workers (not the server) are the bottleneck. */
const MIN_SEND_SHARE = 0.9;
/** After an overloaded phase, time for the server to work off its backlog before the next one. */
const DRAIN_PAUSE_MS = 10_000;
/** Our relay's group-commit latency histogram on /metrics (seconds). */
const PERSIST_HISTOGRAM = 'relay_persist_seconds';
/** Updates per group-commit write, on the same /metrics. */
const BATCH_HISTOGRAM = 'relay_persist_batch_size';

const factories: Record<string, () => Promise<ServerUnderTest>> = {
  'y-websocket': () => startYWebsocketServer(profileArgs('y-websocket')),
  hocuspocus: startHocuspocusServer,
  ours: () => startOurServer({ nodeArgs: profileArgs('ours') }),
  'ours-postgres': () => startOurServer({ postgresAdminUrl: config.postgresAdminUrl, nodeArgs: profileArgs('ours-postgres') }),
  /** --before FILE: another build of our server (an earlier commit's), run beside build/server.js in the same rounds. */
  'ours-before': () =>
    startOurServer({ entry: String(flags.get('before')), name: `ours before (${path.basename(String(flags.get('before')))})`, nodeArgs: profileArgs('ours-before') })
};

/** --profile: our server and @y/websocket-server run with `node --cpu-prof`; the hottest functions are printed at the end. */
const profileDirs = new Map<string, string>();
function profileArgs(name: string): string[] {
  if (!flags.has('profile')) return [];
  const dir = profileDirs.get(name) ?? mkdtempSync(path.join(tmpdir(), `gst-bench-profile-${name}-`));
  profileDirs.set(name, dir);
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

function printProfiles(results: ServerResult[]): void {
  for (const [name, dir] of profileDirs) {
    const file = newestProfile(dir);
    if (!file) {
      console.log(`
${name}: no CPU profile was written`);
      continue;
    }
    console.log(`
${name}: hottest functions by self time over its last run (${file}):`);
    console.log(table(['function', 'self ms', 'share'], hottestFunctions(file).map((f) => [f.name, fixed(f.selfMs, 0), `${fixed(100 * f.share, 1)} %`])));
    const result = results.find(
      (r) =>
        !r.skipped &&
        (name === 'y-websocket'
          ? r.name === Y_WEBSOCKET
          : !REFERENCES.has(r.name) &&
            (name === 'ours-before') === r.name.startsWith('ours before') &&
            (name === 'ours-postgres') === r.name.includes('(PostgreSQL)'))
    );
    if (!result) continue;
    const { windowFromMs, windowToMs, nodeCpuUsPerMessage } = result.main;
    const shares = sharesByPackage(file, windowFromMs, windowToMs);
    console.log(`\n${name}: where the Node process's CPU went during the measured window (self time by package; a native call such as writev counts for its JS caller), and per message in (${fixed(nodeCpuUsPerMessage, 0)} us of Node CPU each):`);
    console.log(table(['code', 'ms', 'share', 'us per message'], shares.slice(0, 14).map((s) => [s.bucket, fixed(s.ms, 0), `${fixed(100 * s.share, 1)} %`, fixed(s.share * nodeCpuUsPerMessage, 1)])));
  }
}

interface PhaseResult {
  rate: number;
  /** Length of the measured window. */
  seconds: number;
  latency: LatencySummary;
  sent: number;
  /** sent / what `rate` x clients x duration asks for: below MIN_SEND_SHARE the clients could not keep up. */
  sendShare: number;
  expected: number;
  delivered: number;
  deliveredPerSecond: number;
  dropped: string[];
  cpuPercent: number;
  /** Our Node process alone (cpuPercent adds its PostgreSQL processes). */
  nodeCpuPercent: number;
  /** Messages the clients sent in the window (updates, plus cursors in the therapy workload). */
  messagesIn: number;
  /** CPU time per message in: the server with its PostgreSQL processes, and its Node process alone (µs). */
  cpuUsPerMessage: number;
  nodeCpuUsPerMessage: number;
  /** PSS of the server and its PostgreSQL processes at the end of the phase. */
  pssMiB: number;
  /** The measured window on CLOCK_MONOTONIC (ms), to cut the CPU profile to it. */
  windowFromMs: number;
  windowToMs: number;
  /** Therapy workload: cursor (awareness) latencies. */
  awareness?: LatencySummary;
  peakRssMiB: number;
  /** CPU % of the client workers, and of everything else on the machine (other people's work: noise). */
  loadCpuPercent: number;
  otherCpuPercent: number;
  /** Our server's own persist latency (from /metrics) over the phase, when it exposes one. */
  persistP50Ms?: number;
  persistP99Ms?: number;
  /** Group-commit writes per second and updates per write over the phase. */
  writesPerSecond?: number;
  updatesPerWrite?: number;
}

interface ServerResult {
  name: string;
  connectMs: number;
  connectFailures: string[];
  idleRssMiB: number;
  /** PSS (server + its PostgreSQL processes) before any client connected, and with every client connected, idle. */
  freshPssMiB: number;
  connectedPssMiB: number;
  main: PhaseResult;
  steps: PhaseResult[];
  sustainableRate?: number;
  skipped?: string;
  /** p99 of the main phase in every round (--rounds): the table shows the least disturbed round. */
  roundsP99: number[];
}

const clientBound = (phase: PhaseResult) => phase.sendShare < MIN_SEND_SHARE;
const passes = (phase: PhaseResult) =>
  !clientBound(phase) &&
  phase.latency.p99 <= config.p99LimitMs && phase.delivered >= phase.expected * MIN_DELIVERY && phase.dropped.length === 0;

/** A client worker process and a typed request/answer over its IPC channel. */
class Worker {
  private readonly child: ChildProcess;
  private pending?: { resolve(report: WorkerReport): void; reject(error: Error): void };

  constructor() {
    this.child = fork(path.join(import.meta.dirname, 'client-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    this.child.on('message', (report: WorkerReport) => {
      const pending = this.pending;
      this.pending = undefined;
      if (report.type === 'error') pending?.reject(new Error(report.message));
      else pending?.resolve(report);
    });
    this.child.on('exit', (code) => this.pending?.reject(new Error(`client worker exited with ${code}`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<T extends WorkerReport>(command: WorkerCommand, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client worker: no answer to ${command.type} in ${timeoutMs} ms`)), timeoutMs);
      this.pending = {
        resolve: (report) => {
          clearTimeout(timer);
          resolve(report as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        }
      };
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ type: 'close' }, 10_000).catch(() => this.child.kill('SIGKILL'));
    await Promise.race([exited, sleep(5_000).then(() => this.child.kill('SIGKILL'))]);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runPhase(server: ServerUnderTest, workers: Worker[], rate: number, durationMs: number): Promise<PhaseResult> {
  const command: RunCommand = { type: 'run', rate, warmupMs: config.warmupMs, durationMs, drainMs: config.drainMs, workload: config.workload };
  const answers = Promise.all(workers.map((worker) => worker.request<RunReport>(command, config.warmupMs + durationMs + config.drainMs + 60_000)));
  await sleep(config.warmupMs);
  const metricsBefore = await server.metrics();
  const helpers = server.helperPids?.() ?? [];
  const windowFromMs = monotonicMs();
  const watcher = watchPhase(server.pid, workers.map((worker) => worker.pid), helpers);
  await sleep(durationMs);
  const usage = watcher.stop();
  const windowToMs = monotonicMs();
  const pssMiB = pssBytes([server.pid, ...helpers]) / MiB;
  const metricsAfter = await server.metrics();
  const reports = await answers;
  const persist = metricsAfter ? findHistogram(metricsAfter, PERSIST_HISTOGRAM) : undefined;
  const persistDelta = persist ? histogramDelta(persist, metricsBefore ? findHistogram(metricsBefore, PERSIST_HISTOGRAM) : undefined) : undefined;
  const batches = metricsAfter ? findHistogram(metricsAfter, BATCH_HISTOGRAM) : undefined;
  const batchDelta = batches ? histogramDelta(batches, metricsBefore ? findHistogram(metricsBefore, BATCH_HISTOGRAM) : undefined) : undefined;
  const toMs = (seconds: number) => seconds * 1000;
  const delivered = reports.reduce((sum, report) => sum + report.delivered, 0);
  const sent = reports.reduce((sum, report) => sum + report.sent, 0);
  const clients = config.rooms * config.clientsPerRoom;
  const awarenessSent = reports.reduce((sum, report) => sum + (report.awarenessSent ?? 0), 0);
  const messagesIn = sent + awarenessSent;
  return {
    rate,
    windowFromMs,
    windowToMs,
    nodeCpuPercent: usage.nodeCpuPercent,
    messagesIn,
    cpuUsPerMessage: (1000 * usage.serverCpuMs) / Math.max(1, messagesIn),
    nodeCpuUsPerMessage: (1000 * usage.nodeCpuMs) / Math.max(1, messagesIn),
    pssMiB,
    awareness: config.workload === 'therapy' ? summarize(reports.flatMap((report) => report.awarenessLatencies ?? [])) : undefined,
    seconds: durationMs / 1000,
    latency: summarize(reports.flatMap((report) => report.latencies)),
    sent,
    sendShare: config.workload === 'therapy' ? 1 : sent / (rate * clients * (durationMs / 1000)),
    expected: reports.reduce((sum, report) => sum + report.expected, 0),
    delivered,
    deliveredPerSecond: delivered / (durationMs / 1000),
    dropped: reports.flatMap((report) => report.dropped),
    cpuPercent: usage.cpuPercent,
    loadCpuPercent: usage.loadCpuPercent,
    otherCpuPercent: usage.otherCpuPercent,
    peakRssMiB: usage.peakRssBytes / MiB,
    persistP50Ms: persistDelta ? toMs(histogramQuantile(persistDelta, 0.5)) : undefined,
    persistP99Ms: persistDelta ? toMs(histogramQuantile(persistDelta, 0.99)) : undefined,
    writesPerSecond: batchDelta ? batchDelta.count / (durationMs / 1000) : undefined,
    updatesPerWrite: batchDelta && batchDelta.count > 0 ? batchDelta.sum / batchDelta.count : undefined
  };
}

async function benchServer(name: string, ramp: boolean): Promise<ServerResult> {
  const server = await factories[name]();
  const workers: Worker[] = [];
  try {
    const rooms = await server.rooms(config.rooms);
    await sleep(2000);
    const freshPssMiB = pssBytes([server.pid, ...(server.helperPids?.() ?? [])]) / MiB;
    for (let i = 0; i < Math.min(config.workers, rooms.length); i++) workers.push(new Worker());
    if (config.nice && !prioritise([server.pid, process.pid, ...workers.map((worker) => worker.pid)], config.nice)) {
      log('warning: --nice needs root; running at normal priority');
    }
    // Whole rooms per worker: each worker knows how many deliveries its rooms' sends should produce.
    const shares: RoomTarget[][] = workers.map(() => []);
    rooms.forEach((room, i) => shares[i % workers.length].push(room));
    const started = performance.now();
    let firstClientIndex = 0;
    const connected = await Promise.all(
      workers.map((worker, i) => {
        const command: WorkerCommand = {
          type: 'connect',
          rooms: shares[i],
          clientsPerRoom: config.clientsPerRoom,
          firstClientIndex,
          concurrency: config.concurrency
        };
        firstClientIndex += shares[i].length * config.clientsPerRoom;
        return worker.request<ConnectedReport>(command, 180_000);
      })
    );
    const connectMs = Math.round(performance.now() - started);
    const connectFailures = connected.flatMap((report) => report.failures);
    log(`${server.name}: ${connected.reduce((sum, r) => sum + r.clients, 0) - connectFailures.length} clients synced in ${connectMs} ms` + (connectFailures.length ? `, ${connectFailures.length} failed (first: ${connectFailures[0]})` : ''));
    await sleep(1000);
    const idleRssMiB = watchProcess(server.pid).stop().lastRssBytes / MiB;
    const connectedPssMiB = pssBytes([server.pid, ...(server.helperPids?.() ?? [])]) / MiB;

    const main = await runPhase(server, workers, config.rate, config.durationMs);
    log(`${server.name}: rate ${config.rate}/s p50 ${fixed(main.latency.p50)} p99 ${fixed(main.latency.p99)} ms, CPU ${fixed(main.cpuPercent, 0)} %`);
    const steps: PhaseResult[] = [main];
    if (ramp) {
      // Up from the main rate while it holds; down (halving, after a pause to drain the backlog) when it does not.
      const upward = passes(main);
      const rates = upward ? config.rates.filter((r) => r > config.rate) : [config.rate / 2, config.rate / 4, config.rate / 8];
      for (const rate of rates) {
        if (!upward) await sleep(DRAIN_PAUSE_MS);
        const step = await runPhase(server, workers, rate, config.stepMs);
        steps.push(step);
        log(`${server.name}: rate ${rate}/s p50 ${fixed(step.latency.p50)} p99 ${fixed(step.latency.p99)} ms, delivered ${fixed((100 * step.delivered) / Math.max(1, step.expected), 2)} %, CPU ${fixed(step.cpuPercent, 0)} %`);
        if (passes(step) !== upward) break;
      }
    }
    const passing = steps.filter(passes).map((step) => step.rate);
    const sustainable = passing.length ? Math.max(...passing) : undefined;
    return { name: server.name, connectMs, connectFailures, idleRssMiB, freshPssMiB, connectedPssMiB, main, steps, sustainableRate: sustainable, roundsP99: [main.latency.p99] };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
    await server.stop();
  }
}

/** The round with the lowest p99 stands for the server (noise only ever adds latency); the ramp is the last round's. */
function pickLeastDisturbed(rounds: ServerResult[]): ServerResult {
  const ran = rounds.filter((round) => !round.skipped);
  if (ran.length === 0) return rounds[0];
  const best = ran.reduce((a, b) => (b.main.latency.p99 < a.main.latency.p99 ? b : a));
  const last = ran[ran.length - 1];
  return { ...best, steps: last.steps, sustainableRate: last.sustainableRate, roundsP99: ran.map((round) => round.main.latency.p99) };
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function bestReference(results: ServerResult[], pick: (result: ServerResult) => number, higherIsBetter = false): number {
  const values = results.filter((result) => REFERENCES.has(result.name) && !result.skipped).map(pick);
  if (values.length === 0) return Number.NaN;
  return higherIsBetter ? Math.max(...values) : Math.min(...values);
}

function printMainTable(results: ServerResult[]): void {
  const ran = results.filter((result) => !result.skipped);
  const best = {
    p50: bestReference(ran, (r) => r.main.latency.p50),
    p95: bestReference(ran, (r) => r.main.latency.p95),
    p99: bestReference(ran, (r) => r.main.latency.p99),
    rate: bestReference(ran, (r) => r.main.deliveredPerSecond, true),
    cpu: bestReference(ran, (r) => r.main.cpuPercent),
    rss: bestReference(ran, (r) => r.main.peakRssMiB)
  };
  const cell = (value: number, bestValue: number, digits = 1) => `${fixed(value, digits)} ${ratio(value, bestValue)}`;
  console.log(
    table(
      ['server', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'updates/s', 'delivered', 'CPU %', 'RSS MiB', 'idle RSS', 'clients CPU %', 'other CPU %', 'p99 by round'],
      ran.map((r) => [
        r.name,
        cell(r.main.latency.p50, best.p50, 2),
        cell(r.main.latency.p95, best.p95, 2),
        cell(r.main.latency.p99, best.p99, 2),
        fixed(r.main.latency.max, 1),
        cell(r.main.deliveredPerSecond, best.rate, 0),
        `${fixed((100 * r.main.delivered) / Math.max(1, r.main.expected), 2)} %`,
        cell(r.main.cpuPercent, best.cpu, 0),
        cell(r.main.peakRssMiB, best.rss, 0),
        fixed(r.idleRssMiB, 0),
        fixed(r.main.loadCpuPercent, 0),
        fixed(r.main.otherCpuPercent, 0),
        r.roundsP99.map((p99) => fixed(p99, 1)).join(' / ')
      ])
    )
  );
  console.log(
    '(xN.NN: ratio to the best reference on that column; CPU % is of one core (the machine has ' +
      `${availableParallelism()}), PostgreSQL backends included for ours (PostgreSQL); RSS is the peak of the server process during the run; ` +
      '"other CPU %" is everything else on the machine: noise.)'
  );
  for (const result of results.filter((r) => r.skipped)) console.log(`${result.name}: skipped: ${result.skipped}`);
}

function printRamp(results: ServerResult[]): void {
  const ran = results.filter((result) => !result.skipped);
  const clients = config.rooms * config.clientsPerRoom;
  console.log(
    table(
      ['server', 'rate/client', 'offered/s', 'sent/s', 'p50 ms', 'p99 ms', 'delivered', 'dropped', 'CPU %', 'RSS MiB', 'other CPU %', `p99<=${config.p99LimitMs}`],
      ran.flatMap((r) =>
        r.steps.map((step) => [
          r.name,
          `${step.rate}/s`,
          fixed(step.rate * clients, 0),
          fixed(step.sent / step.seconds, 0),
          fixed(step.latency.p50, 2),
          fixed(step.latency.p99, 2),
          `${fixed((100 * step.delivered) / Math.max(1, step.expected), 2)} %`,
          String(step.dropped.length),
          fixed(step.cpuPercent, 0),
          fixed(step.peakRssMiB, 0),
          fixed(step.otherCpuPercent, 0),
          clientBound(step) ? 'client-bound' : passes(step) ? 'yes' : 'NO'
        ])
      )
    )
  );
  const top = Math.max(config.rate, ...config.rates);
  for (const r of ran) {
    const sustainable = r.sustainableRate;
    const last = r.steps.at(-1)!;
    const limit =
      sustainable === top
        ? ' - the highest rate tried, the server did not reach its limit'
        : clientBound(last)
          ? ` - at least: at ${last.rate}/s the client workers could send only ${fixed(100 * last.sendShare, 0)} % of the offered rate`
          : '';
    const text =
      sustainable === undefined
        ? `below ${Math.min(...r.steps.map((step) => step.rate))} update/s per client`
        : `${sustainable} updates/s per client (${sustainable * clients} updates/s in, ${sustainable * clients * (config.clientsPerRoom - 1)} deliveries/s)${limit}`;
    console.log(`sustainable rate, ${r.name}: ${text}`);
  }
}

function printTargets(results: ServerResult[]): void {
  const ran = results.filter((result) => !result.skipped);
  const ours = ran.filter((r) => !REFERENCES.has(r.name));
  const bestP99 = bestReference(ran, (r) => r.main.latency.p99);
  const bestP50 = bestReference(ran, (r) => r.main.latency.p50);
  const defaultLoad = config.rooms === 100 && config.clientsPerRoom === 10 && config.rate === 1;
  console.log(`targets (issue 3)${defaultLoad ? '' : ' - NOTE: not the default load (100 x 10 at 1 update/s), indicative only'}:`);
  if (ours.length === 0) console.log('  our server was not measured');
  for (const r of ours) {
    const p99 = r.main.latency.p99;
    console.log(`  ${r.name}: p99 ${fixed(p99, 2)} ms <= 25 ms: ${p99 <= 25 ? 'met' : 'NOT met'}; no worse than the best reference (${fixed(bestP99, 2)} ms): ${p99 <= bestP99 ? 'met' : `NOT met (${ratio(p99, bestP99)})`}`);
    const overhead = r.main.latency.p50 - bestP50;
    console.log(
      `  ${r.name}: p50 over the best in-memory reference ${fixed(overhead, 2)} ms (<= 2 ms: ${overhead <= 2 ? 'met' : 'NOT met'}; our server has no in-memory mode, so this is persistence plus every other difference)` +
        (r.main.persistP50Ms !== undefined ? `; its own persist histogram: p50 ${fixed(r.main.persistP50Ms, 2)} ms, p99 ${fixed(r.main.persistP99Ms!, 2)} ms` : '') +
        (r.main.writesPerSecond !== undefined ? `; ${fixed(r.main.writesPerSecond, 0)} writes/s of ${fixed(r.main.updatesPerWrite ?? 0, 1)} updates each` : '')
    );
  }
}

/** The reference of issue 14: @y/websocket-server, in memory. */
const Y_WEBSOCKET = '@y/websocket-server';

/** Issue 14's figures: CPU per message in, memory by PSS, p99, each with its ratio to @y/websocket-server's. */
function printIssue14(results: ServerResult[]): void {
  const ran = results.filter((result) => !result.skipped);
  const reference = ran.find((r) => r.name === Y_WEBSOCKET);
  if (!reference) return console.log('issue 14 figures: @y/websocket-server was not measured');
  const vs = (value: number, of: number, digits = 1) => `${fixed(value, digits)} ${ratio(value, of)}`;
  console.log(`issue 14 figures, ratios to ${Y_WEBSOCKET} in the same run (PSS: /proc/<pid>/smaps_rollup of the server and, for ours, every process of its embedded PostgreSQL):`);
  console.log(
    table(
      ['server', 'CPU us/msg (with PostgreSQL)', 'CPU us/msg (Node alone)', 'p99 ms', 'PSS idle MiB', `PSS ${config.rooms * config.clientsPerRoom} conns MiB`, 'PSS end MiB', 'messages in/s'],
      ran.map((r) => [
        r.name,
        vs(r.main.cpuUsPerMessage, reference.main.cpuUsPerMessage, 0),
        vs(r.main.nodeCpuUsPerMessage, reference.main.nodeCpuUsPerMessage, 0),
        vs(r.main.latency.p99, reference.main.latency.p99, 2),
        vs(r.freshPssMiB, reference.freshPssMiB, 0),
        vs(r.connectedPssMiB, reference.connectedPssMiB, 0),
        fixed(r.main.pssMiB, 0),
        fixed(r.main.messagesIn / r.main.seconds, 0)
      ])
    )
  );
  for (const r of ran.filter((result) => !REFERENCES.has(result.name))) {
    const cpu = r.main.cpuUsPerMessage / reference.main.cpuUsPerMessage;
    const node = r.main.nodeCpuUsPerMessage / reference.main.nodeCpuUsPerMessage;
    const p99 = r.main.latency.p99 / reference.main.latency.p99;
    console.log(
      `  ${r.name}: CPU/msg x${fixed(cpu, 2)} (<= 1.0: ${cpu <= 1 ? 'met' : 'NOT met'}); Node alone x${fixed(node, 2)} (<= 0.7: ${node <= 0.7 ? 'met' : 'NOT met'}); ` +
        `p99 x${fixed(p99, 2)} (<= 1.0: ${p99 <= 1 ? 'met' : 'NOT met'}); idle PSS ${fixed(r.freshPssMiB, 0)} MiB (<= 250: ${r.freshPssMiB <= 250 ? 'met' : 'NOT met'}); ` +
        `with ${config.rooms * config.clientsPerRoom} connections ${fixed(r.connectedPssMiB, 0)} MiB (<= 350 at 1,000: ${r.connectedPssMiB <= 350 ? 'met' : 'NOT met'})`
    );
  }
}

/** The therapy-group workload: strokes and cursors, p50/p99 each, and CPU per message. */
function printTherapy(results: ServerResult[]): void {
  const ran = results.filter((result) => !result.skipped);
  const reference = ran.find((r) => r.name === Y_WEBSOCKET);
  const vs = (value: number, of: number | undefined, digits = 2) => `${fixed(value, digits)}${of === undefined ? '' : ` ${ratio(value, of)}`}`;
  console.log(`therapy-group workload: ${config.rooms} rooms x ${config.clientsPerRoom} people, cursors at 20 Hz from everyone, 2 people per room drawing 60 updates/s for 2 s of every 5 (ratios to ${Y_WEBSOCKET}):`);
  console.log(
    table(
      ['server', 'strokes p50 ms', 'strokes p99 ms', 'cursors p50 ms', 'cursors p99 ms', 'delivered strokes', 'CPU us/msg', 'CPU %', 'clients CPU %', 'other CPU %'],
      ran.map((r) => [
        r.name,
        vs(r.main.latency.p50, reference?.main.latency.p50),
        vs(r.main.latency.p99, reference?.main.latency.p99),
        vs(r.main.awareness?.p50 ?? Number.NaN, reference?.main.awareness?.p50),
        vs(r.main.awareness?.p99 ?? Number.NaN, reference?.main.awareness?.p99),
        `${fixed((100 * r.main.delivered) / Math.max(1, r.main.expected), 2)} %`,
        vs(r.main.cpuUsPerMessage, reference?.main.cpuUsPerMessage, 0),
        fixed(r.main.cpuPercent, 0),
        fixed(r.main.loadCpuPercent, 0),
        fixed(r.main.otherCpuPercent, 0)
      ])
    )
  );
}

async function main(): Promise<void> {
  if (flags.has('build')) execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
  const clients = config.rooms * config.clientsPerRoom;
  console.log(
    `relay benchmark: ${config.rooms} rooms x ${config.clientsPerRoom} clients = ${clients} sockets, ${config.rate} update/s per client for ${config.durationMs / 1000} s after ${config.warmupMs / 1000} s warm-up; ` +
      `${config.workers} client worker processes; ramp ${config.ramp ? `${config.rates.join(', ')} updates/s per client, ${config.stepMs / 1000} s each` : 'off'}; ` +
      `${config.rounds > 1 ? `${config.rounds} interleaved rounds, the least disturbed (lowest p99) shown; ` : ''}` +
      `${config.nice ? `servers and clients at nice -${config.nice}; ` : ''}${new Date().toISOString()}`
  );
  if (serverNames.some((name) => name.startsWith('ours'))) {
    console.log(`our server: build/server.js, LOG_LEVEL=info, ${Object.entries(BENCH_RELAY_ENV).map(([k, v]) => `${k}=${v}`).join(' ')} (one sign-in opens every socket; the ramp goes past the per-connection message limit)`);
  }
  for (const name of serverNames) {
    if (!factories[name]) throw new Error(`unknown server ${name}; known: ${Object.keys(factories).join(', ')}`);
  }
  const buildProblem = serverNames.some((name) => name.startsWith('ours')) ? ourBuildProblem() : undefined;
  if (buildProblem) log(`warning: ${buildProblem}`);
  // Rounds interleave the servers so that noise from other work on the machine falls on all of them alike.
  const rounds = new Map<string, ServerResult[]>(serverNames.map((name) => [name, []]));
  for (let round = 1; round <= config.rounds; round++) {
    for (const name of serverNames) {
      if (config.rounds > 1) log(`round ${round} of ${config.rounds}: ${name}`);
      try {
        rounds.get(name)!.push(await benchServer(name, config.ramp && round === config.rounds));
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0];
        log(`${name}: skipped: ${reason}`);
        rounds.get(name)!.push({ name, skipped: reason } as ServerResult);
      }
    }
  }
  const results = serverNames.map((name) => pickLeastDisturbed(rounds.get(name)!));
  console.log(`\nat ${config.rate} update/s per client (${clients * config.rate} updates/s in):`);
  printMainTable(results);
  if (config.ramp) {
    console.log('\nrate ramp (up from the main rate until a step fails p99 or delivery; down by halves if the main rate failed):');
    printRamp(results);
  }
  console.log('');
  if (config.workload === 'therapy') printTherapy(results);
  else printTargets(results);
  console.log('');
  printIssue14(results);
  printProfiles(results);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

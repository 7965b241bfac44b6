/**
 * The relay benchmark's driver: starts one server, spreads its rooms over the client workers, connects every client,
 * then runs the main phase and the rate ramp, measuring CPU, memory and the server's own persist histograms.
 */
import { findHistogram, histogramDelta, histogramQuantile } from '../lib/prometheus';
import { MiB, prioritise, pssBytes, watchPhase, watchProcess } from '../lib/proc';
import type { ServerUnderTest } from '../lib/servers';
import { fixed, summarize } from '../lib/stats';
import { monotonicMs, type RoomTarget } from '../lib/yclient';
import { config, factories } from './options';
import { passes, type PhaseResult, type ServerResult } from './results';
import { sleep, Worker } from './worker';
import type { ConnectedReport, RunCommand, RunReport, WorkerCommand } from './worker-protocol';

/** After an overloaded phase, time for the server to work off its backlog before the next one. */
const DRAIN_PAUSE_MS = 10_000;
/** Our relay's group-commit latency histogram on /metrics (seconds). */
const PERSIST_HISTOGRAM = 'relay_persist_seconds';
/** Updates per group-commit write, on the same /metrics. */
const BATCH_HISTOGRAM = 'relay_persist_batch_size';

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

export async function benchServer(name: string, ramp: boolean): Promise<ServerResult> {
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

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

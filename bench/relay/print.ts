/** The relay benchmark's printed figures: each server side by side with the references, and the targets they meet. */
import { availableParallelism } from 'node:os';
import { hottestFunctions, newestProfile, sharesByPackage } from '../lib/cpu-profile';
import { fixed, ratio, table } from '../lib/stats';
import { beforeBuilds, config, profileDirs, REFERENCES, Y_WEBSOCKET } from './options';
import { bestReference, clientBound, passes, type ServerResult } from './results';

export function printProfiles(results: ServerResult[]): void {
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
          : name.startsWith('ours-before')
            ? r.name === beforeBuilds.find((b) => b.key === name)?.name
            : !REFERENCES.has(r.name) && !r.name.startsWith('ours before') && (name === 'ours-postgres') === r.name.includes('(PostgreSQL)'))
    );
    if (!result) continue;
    const { windowFromMs, windowToMs, nodeCpuUsPerMessage } = result.main;
    const shares = sharesByPackage(file, windowFromMs, windowToMs);
    console.log(`\n${name}: where the Node process's CPU went during the measured window (self time by package; a native call such as writev counts for its JS caller), and per message in (${fixed(nodeCpuUsPerMessage, 0)} us of Node CPU each):`);
    console.log(table(['code', 'ms', 'share', 'us per message'], shares.slice(0, 14).map((s) => [s.bucket, fixed(s.ms, 0), `${fixed(100 * s.share, 1)} %`, fixed(s.share * nodeCpuUsPerMessage, 1)])));
  }
}

export function printMainTable(results: ServerResult[]): void {
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

export function printRamp(results: ServerResult[]): void {
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

export function printTargets(results: ServerResult[]): void {
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

/** Issue 14's figures: CPU per message in, memory by PSS, p99, each with its ratio to @y/websocket-server's. */
export function printIssue14(results: ServerResult[]): void {
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
export function printTherapy(results: ServerResult[]): void {
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

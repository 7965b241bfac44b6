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
 *     [--before build/server-main.js,build/server.js?RELAY_COMMIT_INTERVAL_MS=0]   (several, each FILE[?ENV=V&ENV=V])
 *
 * Beside it: options.ts (the command line), drive.ts (one server under the load), worker.ts (a client worker process),
 * results.ts (what a phase measured), print.ts (the tables).
 *
 * Everything listens on 127.0.0.1 and every phase has a deadline, so a run ends by itself.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_RELAY_ENV, ourBuildProblem } from '../lib/servers';
import { benchServer, log } from './drive';
import { config, factories, flags, serverNames } from './options';
import { printIssue14, printMainTable, printProfiles, printRamp, printTargets, printTherapy } from './print';
import { pickLeastDisturbed, type ServerResult } from './results';

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

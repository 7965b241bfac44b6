/** What one phase and one server's run measured, when a phase passes, and which round of several stands for a server. */
import type { LatencySummary } from '../lib/stats';
import { config, REFERENCES } from './options';

/** Fewer than this share of the expected deliveries (or any dropped socket) fails a step, whatever the latency. */
const MIN_DELIVERY = 0.999;
/** Below this share of the offered send rate, the client workers (not the server) are the bottleneck. */
const MIN_SEND_SHARE = 0.9;

export interface PhaseResult {
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

export interface ServerResult {
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

export const clientBound = (phase: PhaseResult) => phase.sendShare < MIN_SEND_SHARE;
export const passes = (phase: PhaseResult) =>
  !clientBound(phase) &&
  phase.latency.p99 <= config.p99LimitMs && phase.delivered >= phase.expected * MIN_DELIVERY && phase.dropped.length === 0;

/** The round with the lowest p99 stands for the server (noise only ever adds latency); the ramp is the last round's. */
export function pickLeastDisturbed(rounds: ServerResult[]): ServerResult {
  const ran = rounds.filter((round) => !round.skipped);
  if (ran.length === 0) return rounds[0];
  const best = ran.reduce((a, b) => (b.main.latency.p99 < a.main.latency.p99 ? b : a));
  const last = ran[ran.length - 1];
  return { ...best, steps: last.steps, sustainableRate: last.sustainableRate, roundsP99: ran.map((round) => round.main.latency.p99) };
}

export function bestReference(results: ServerResult[], pick: (result: ServerResult) => number, higherIsBetter = false): number {
  const values = results.filter((result) => REFERENCES.has(result.name) && !result.skipped).map(pick);
  if (values.length === 0) return Number.NaN;
  return higherIsBetter ? Math.max(...values) : Math.min(...values);
}

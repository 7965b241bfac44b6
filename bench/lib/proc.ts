/** CPU time and resident memory of another process, read from /proc (Linux). */
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Clock ticks per second for /proc/<pid>/stat; 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

export interface ProcessSample {
  /** user + system CPU time in milliseconds since the process started. */
  cpuMs: number;
  rssBytes: number;
  at: number;
}

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS, rssBytes: rssKb * 1024, at: performance.now() };
}

/** CPU use between two samples, in percent of one core. */
export function cpuPercent(from: ProcessSample, to: ProcessSample): number {
  return (100 * (to.cpuMs - from.cpuMs)) / (to.at - from.at);
}

/** Samples a process every intervalMs; stop() returns the CPU % over the whole span and the RSS peak and last value. */
export function watchProcess(pid: number, intervalMs = 500) {
  const first = sampleProcess(pid);
  let last = first;
  let peakRss = first.rssBytes;
  const timer = setInterval(() => {
    try {
      last = sampleProcess(pid);
      peakRss = Math.max(peakRss, last.rssBytes);
    } catch {
      /* the process is gone: keep the last sample */
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        last = sampleProcess(pid);
        peakRss = Math.max(peakRss, last.rssBytes);
      } catch {
        /* gone */
      }
      return { cpuPercent: cpuPercent(first, last), peakRssBytes: peakRss, lastRssBytes: last.rssBytes };
    }
  };
}

export const MiB = 1024 * 1024;

/**
 * Proportional set size of a group of processes, from /proc/<pid>/smaps_rollup: a page shared by n processes counts
 * 1/n in each, so PostgreSQL's shared buffers count once for the postmaster and all its backends together.
 */
export function pssBytes(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb * 1024;
}

/** Busy CPU time of the whole machine (all cores, milliseconds), from /proc/stat. */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // idle (3) and iowait (4) are not busy time.
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
}

/**
 * Watches a server, the load generators and the whole machine over a span: the server's CPU % (with its helper
 * processes, e.g. PostgreSQL backends) and RSS peak (its own process),
 * the load generators' CPU %, and the CPU % of everything else on the machine (noise from other work).
 */
export function watchPhase(serverPid: number, loadPids: number[], helperPids: number[] = []) {
  const server = watchProcess(serverPid);
  const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (tryCpu(pid) ?? 0), 0);
  const helpersStart = cpuOf(helperPids);
  const loadStart = cpuOf(loadPids) + ownCpuMs();
  const busyStart = machineBusyMs();
  const started = performance.now();
  return {
    stop() {
      const serverUsage = server.stop();
      const elapsed = performance.now() - started;
      const load = cpuOf(loadPids) + ownCpuMs() - loadStart;
      const busy = machineBusyMs() - busyStart;
      const nodeMs = (serverUsage.cpuPercent * elapsed) / 100;
      const serverMs = nodeMs + cpuOf(helperPids) - helpersStart;
      return {
        ...serverUsage,
        /** CPU ms over the span: the server process alone, and with its helpers. */
        nodeCpuMs: nodeMs,
        serverCpuMs: serverMs,
        nodeCpuPercent: (100 * nodeMs) / elapsed,
        cpuPercent: (100 * serverMs) / elapsed,
        loadCpuPercent: (100 * load) / elapsed,
        otherCpuPercent: Math.max(0, (100 * (busy - load - serverMs)) / elapsed)
      };
    }
  };
}

function tryCpu(pid: number): number | undefined {
  try {
    return sampleProcess(pid).cpuMs;
  } catch {
    return undefined;
  }
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Raises the scheduling priority of the benchmark's own processes (`--nice N` gives them nice -N; needs root),
 * so that other work on a shared machine disturbs the measurement less. Returns false when not permitted.
 */
export function prioritise(pids: number[], niceness: number): boolean {
  try {
    for (const pid of pids) setPriority(pid, -Math.abs(niceness));
    return true;
  } catch {
    return false;
  }
}

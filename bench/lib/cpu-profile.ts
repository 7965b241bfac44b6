/** The hottest functions of a V8 .cpuprofile (written by `node --cpu-prof`), by self time. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface HotFunction {
  name: string;
  selfMs: number;
  share: number;
}

export function hottestFunctions(profileFile: string, count = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const bySite = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '')}:${lineNumber + 1}` : '';
    const site = `${functionName || '(anonymous)'} ${where}`.trim();
    bySite.set(site, (bySite.get(site) ?? 0) + (node.hitCount ?? 0));
  }
  const total = profile.samples.length;
  return [...bySite]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, selfMs: hits * msPerSample, share: hits / Math.max(1, total) }));
}

/** The newest .cpuprofile in a folder, if any. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile')).sort();
  return files.length ? path.join(dir, files[files.length - 1]) : undefined;
}

interface FullProfile {
  nodes: Array<ProfileNode & { children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, our bundled server, Node itself, or V8 (GC, idle). */
function bucketOf(url: string, functionName: string): string | undefined {
  if (!url) return functionName.startsWith('(') ? functionName : undefined; // native: charged to the JS caller
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node (net, streams, timers)';
  if (url.includes('/build/server.js')) return 'our server code (build/server.js)';
  return url.replace(/^file:\/\//, '');
}

/**
 * Self time by where the code lives, over [fromMs, toMs] of CLOCK_MONOTONIC (the clock of `monotonicMs()` and of
 * V8's profile timestamps on Linux). A native function (writev, a Buffer write) is charged to the nearest JS
 * caller's package: a socket write made by ws counts for ws.
 */
export function sharesByPackage(profileFile: string, fromMs = -Infinity, toMs = Infinity): { bucket: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as FullProfile;
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const bucketCache = new Map<number, string>();
  const bucketOfNode = (id: number): string => {
    const cached = bucketCache.get(id);
    if (cached) return cached;
    let current: number | undefined = id;
    let found = '(native, no JS caller)';
    while (current !== undefined) {
      const frame = byId.get(current)!.callFrame;
      const bucket = bucketOf(frame.url, frame.functionName);
      if (bucket) {
        found = bucket;
        break;
      }
      current = parent.get(current);
    }
    bucketCache.set(id, found);
    return found;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const ms = at / 1000;
    if (ms < fromMs || ms > toMs) return;
    const bucket = bucketOfNode(id);
    if (bucket === '(idle)') return;
    totals.set(bucket, (totals.get(bucket) ?? 0) + delta / 1000);
    total += delta / 1000;
  });
  return [...totals].sort((a, b) => b[1] - a[1]).map(([bucket, ms]) => ({ bucket, ms, share: ms / Math.max(1e-9, total) }));
}

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

/**
 * A window into the mesh for the Chromium tests: when the page defines `window.__meshTrace` (the e2e runs do, in an
 * init script: tests/e2e/room-fixtures.ts), the mesh appends what each link does to its `events` (who called whom and
 * why, calls answered or refused, ICE states, streams and their video tracks, frames decoded at each quality sample,
 * calls again for missing video) and puts itself on `mesh`, so that a failed run can say which link stayed dark and
 * why. A page without it records nothing. Browser only.
 */
export interface MeshTraceEvent {
  /** Date.now(): the same clock on every page of a run, so that two ends of a link line up. */
  t: number;
  event: string;
  /** The remote peer of the link. */
  peer: string;
  [detail: string]: unknown;
}

export interface MeshTraceSink {
  events: MeshTraceEvent[];
  mesh?: unknown;
}

const sink = (): MeshTraceSink | undefined => (globalThis as { __meshTrace?: MeshTraceSink }).__meshTrace;

export function traceMesh(mesh: unknown): void {
  const target = sink();
  if (target) target.mesh = mesh;
}

export function traceLink(event: string, peer: string, detail: Record<string, unknown> = {}): void {
  sink()?.events.push({ t: Date.now(), event, peer, ...detail });
}

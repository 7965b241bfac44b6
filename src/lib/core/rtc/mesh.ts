/**
 * Who calls whom in the mesh, and when to call again. Pure: the mesh manager (src/lib/rtc) feeds it the peers the
 * room admits and the connections it holds, and carries out the plan.
 *
 * The rule that prevents glare (both sides offering at once): of two peers, the one with the smaller id calls;
 * the other only answers. Both sides compute the same answer from the two ids alone.
 */

export function isCaller(selfId: string, otherId: string): boolean {
  return selfId < otherId;
}

export type LinkState = 'calling' | 'connected' | 'failed';

export interface MeshPlan {
  /** Peers to call now (we are the caller and hold no live connection to them). */
  call: string[];
  /** Peers that will call us; we wait for their offer. */
  await: string[];
  /** Connections to peers no longer in the room: hang up. */
  hangUp: string[];
}

/**
 * What to do given the peers in the room (`present`, self excluded or not) and our links to them.
 * Failed links are left to the backoff (reconnectDelayMs), not called again here.
 */
export function planMesh(selfId: string, present: Iterable<string>, links: ReadonlyMap<string, LinkState>): MeshPlan {
  const others = new Set([...present].filter((id) => id !== selfId));
  const plan: MeshPlan = { call: [], await: [], hangUp: [] };
  for (const id of [...others].sort()) {
    if (links.has(id)) continue;
    (isCaller(selfId, id) ? plan.call : plan.await).push(id);
  }
  for (const id of [...links.keys()].sort()) if (!others.has(id)) plan.hangUp.push(id);
  return plan;
}

export const RECONNECT_BASE_MS = 500;
export const RECONNECT_MAX_MS = 15_000;

/**
 * Delay before calling again after the `attempt`-th failure (0-based): doubling from 0.5 s to at most 15 s, with up
 * to 30% less at random so that a whole group recovering from one network blip does not call in lockstep.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - 0.3 * random()));
}

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

/**
 * A call arrives from a peer we already hold a link to. When both of us called at once (glare), the caller's own call
 * wins and the other one is refused; the other side, receiving the caller's call, drops its own and answers. That holds
 * for a retry too (after a failed connection the link says "reconnecting", not "calling"): refusing only first calls
 * let a retry and the other side's call cross, each side dropping the call the other one answered, and the link stayed
 * dark. Any other call (the other side calling again because our picture never reached it) replaces our connection.
 */
export function refusesIncomingCall(link: { selfIsCaller: boolean; ownCallPending: boolean }): boolean {
  return link.selfIsCaller && link.ownCallPending;
}

/** How long a first call may go without connecting before the caller drops it and calls again. */
export const CONNECT_TIMEOUT_MS = 20_000;
/** Each call again on the link waits longer, up to this many times CONNECT_TIMEOUT_MS. */
export const CONNECT_TIMEOUT_MAX_FACTOR = 3;

/**
 * A call can wait for ever: its offer or answer lost on the way (the other side hung up on it, the server let it
 * expire), ICE stays "new" and reports nothing, and neither side would call again. The caller calls again after
 * CONNECT_TIMEOUT_MS without a connection (the other side only answers, so no glare); after `attempts` calls that
 * did not connect it waits longer (20, 40, then 60 s), so that on a machine too loaded to connect in 20 s calls that
 * would have connected are not dropped over and over.
 */
export function shouldCallAgainUnconnected(link: { selfIsCaller: boolean; pendingForMs: number | undefined; attempts?: number }): boolean {
  const factor = Math.min(CONNECT_TIMEOUT_MAX_FACTOR, 1 + Math.max(0, link.attempts ?? 0));
  return link.selfIsCaller && link.pendingForMs !== undefined && link.pendingForMs >= CONNECT_TIMEOUT_MS * factor;
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

/** How long a connected link may carry no decoded video from a peer whose camera is on before we call them again. */
export const NO_VIDEO_RECALL_AFTER_MS = 8_000;
/** Calls again for missing video per link, at most (then the tile says "connecting" and the person can reload). */
export const NO_VIDEO_RECALL_LIMIT = 3;

export interface VideoWatch {
  /** Time since ICE connected on the current connection. */
  connectedForMs: number;
  /** Frames decoded on it so far (undefined: no inbound video yet). */
  framesDecoded: number | undefined;
  /** They announced their camera on and we did not ask for sound only. */
  expectVideo: boolean;
  /** Calls again already made for missing video on this link. */
  recalls: number;
}

/**
 * A connection can come up with its video never flowing (a track replaced before negotiation finished, a lost
 * answer's transceiver on a loaded machine): ICE says connected, the tile stays dark. Seen in a six-person room under
 * load. The cure is a fresh call; this says when: camera on, connected a while, not one frame decoded.
 */
export function shouldRecallForMissingVideo(watch: VideoWatch): boolean {
  return (
    watch.expectVideo &&
    (watch.framesDecoded ?? 0) === 0 &&
    watch.connectedForMs >= NO_VIDEO_RECALL_AFTER_MS &&
    watch.recalls < NO_VIDEO_RECALL_LIMIT
  );
}

/** What the mesh manager does when the server says its media rights changed (GRANT, src/lib/core/protocol.ts). */
export interface GrantChange {
  facilitating: boolean;
  /** Screen sharing is a facilitator's: a withdrawn grant stops a share in progress. */
  stopScreenShare: boolean;
  /** Shown to the person, in the server's words. */
  notice: string;
}

/** Null when nothing changes (the grant the client already holds). Media connections stay up either way. */
export function followGrant(
  current: { facilitating: boolean; sharingScreen: boolean },
  grant: { facilitating: boolean; msg: string }
): GrantChange | null {
  if (current.facilitating === grant.facilitating) return null;
  return { facilitating: grant.facilitating, stopScreenShare: !grant.facilitating && current.sharingScreen, notice: grant.msg };
}

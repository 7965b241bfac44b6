/**
 * The hub's view of the room's parts (the group, a side room, a breakout pair: server/room-parts): which part each
 * peer is in, the peers other processes hold in each session, and, when parts change, who must meet (JOIN) and who
 * must hang up (LEAVE). It sends nothing itself: the hub sends what repartition returns, in its order.
 */
import type { ServerMessage } from '../../src/lib/core/protocol';
import type { PeerGrant } from './grants';
import type { PartsLookup } from '../room-parts';

/** A peer connected to this process, with the part it was last told it is in (who it got JOIN for). */
export interface PlacedPeer {
  grant: PeerGrant;
  part: string;
}

/** A peer of the session held by another process, and the part it was last placed in here. */
interface RemotePeer {
  userId: string;
  part: string;
}

export class PeerPartition {
  /**
   * Per session, the peers other processes hold (from their join and present notices and the JOINs they send), so a
   * change of parts tells this process's peers to meet or hang up on them too (each process tells its own peers).
   */
  private readonly remote = new Map<string, Map<string, RemotePeer>>();

  /** Without parts everyone in a session is in one part. */
  constructor(private readonly parts?: PartsLookup) {}

  partOf(grant: PeerGrant): string {
    return this.partOfUser(grant.sessionId, grant.userId);
  }

  partOfUser(sessionId: string, userId: string): string {
    return this.parts?.partOf(sessionId, userId) ?? 'main';
  }

  samePart(a: PeerGrant, b: PeerGrant): boolean {
    return this.partOf(a) === this.partOf(b);
  }

  /** A peer another process holds (the caller checks it is not one of its own). */
  learnRemote(sessionId: string, peerId: string, userId: string): void {
    if (!userId) return;
    let peers = this.remote.get(sessionId);
    if (!peers) this.remote.set(sessionId, (peers = new Map()));
    if (!peers.has(peerId)) peers.set(peerId, { userId, part: this.partOfUser(sessionId, userId) });
  }

  forgetRemote(sessionId: string, peerId: string): void {
    this.remote.get(sessionId)?.delete(peerId);
  }

  /** No peer of the session is left here: what other processes hold there no longer matters to this one. */
  forgetSession(sessionId: string): void {
    this.remote.delete(sessionId);
  }

  /**
   * The session's parts changed: JOIN for every two peers now together that were apart, then LEAVE for every two now
   * apart that were together (both sides hang up). A side room's own link, together before and after, is untouched.
   * Updates each peer's `part`; returns the messages to send, in order, to this process's peers.
   */
  repartition<P extends PlacedPeer>(sessionId: string, here: P[]): Array<[P, ServerMessage]> {
    const sends: Array<[P, ServerMessage]> = [];
    const before = new Map(here.map((peer) => [peer, peer.part]));
    for (const peer of here) peer.part = this.partOf(peer.grant);
    const leaves: Array<[P, P]> = [];
    for (const [i, a] of here.entries()) {
      for (const b of here.slice(i + 1)) {
        const was = before.get(a) === before.get(b);
        const is = a.part === b.part;
        if (is && !was) {
          sends.push([a, { type: 'JOIN', src: b.grant.peerId, payload: { userId: b.grant.userId } }]);
          sends.push([b, { type: 'JOIN', src: a.grant.peerId, payload: { userId: a.grant.userId } }]);
        } else if (was && !is) leaves.push([a, b]);
      }
    }
    // Peers held elsewhere: this process tells its own peers; the other process tells its own.
    const remoteLeaves: Array<[P, string]> = [];
    for (const [peerId, other] of this.remote.get(sessionId) ?? []) {
      const was = other.part;
      other.part = this.partOfUser(sessionId, other.userId);
      for (const a of here) {
        const together = a.part === other.part;
        const wasTogether = before.get(a) === was;
        if (together && !wasTogether) sends.push([a, { type: 'JOIN', src: peerId, payload: { userId: other.userId } }]);
        else if (wasTogether && !together) remoteLeaves.push([a, peerId]);
      }
    }
    for (const [a, b] of leaves) {
      sends.push([a, { type: 'LEAVE', src: b.grant.peerId, dst: a.grant.peerId }]);
      sends.push([b, { type: 'LEAVE', src: a.grant.peerId, dst: b.grant.peerId }]);
    }
    for (const [a, peerId] of remoteLeaves) sends.push([a, { type: 'LEAVE', src: peerId, dst: a.grant.peerId }]);
    return sends;
  }
}

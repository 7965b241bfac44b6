/**
 * Messages waiting for a peer that is not connected (yet): PeerJS lets an OFFER reach a peer that opens its socket a
 * moment later. Each waits the hub's expireMs; at most maxPerPeer wait for one peer. The hub delivers, re-checks
 * rights on delivery, and tells senders EXPIRE; this only keeps the queues.
 */
import type { ServerMessage } from '../../src/lib/core/protocol';
import type { PeerGrant } from './grants';

export interface Waiting {
  from: PeerGrant;
  message: ServerMessage;
  expiresAt: number;
}

export class WaitingMessages {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(private readonly limits: { maxPerPeer: number; expireMs: number }) {}

  /** Queues one message for `dst`; false when its queue is full and the message is dropped (the sender gets EXPIRE). */
  add(from: PeerGrant, dst: string, message: ServerMessage, now: number): boolean {
    const queue = this.queues.get(dst) ?? [];
    if (queue.length >= this.limits.maxPerPeer) return false;
    queue.push({ from, message, expiresAt: now + this.limits.expireMs });
    this.queues.set(dst, queue);
    return true;
  }

  has(peerId: string): boolean {
    return this.queues.has(peerId);
  }

  /** Everything waiting for the peer, in order, removed from the queue. */
  take(peerId: string): Waiting[] | undefined {
    const queue = this.queues.get(peerId);
    this.queues.delete(peerId);
    return queue;
  }

  /** Drops the messages that waited too long; returns each sender once per destination, to be told EXPIRE. */
  sweep(now: number): Array<{ from: PeerGrant; dst: string }> {
    const expired: Array<{ from: PeerGrant; dst: string }> = [];
    for (const [dst, queue] of this.queues) {
      const keep = queue.filter((item) => item.expiresAt > now);
      const expiredSenders = new Set(queue.filter((item) => item.expiresAt <= now).map((item) => item.from.peerId));
      for (const item of queue) {
        if (item.expiresAt <= now && expiredSenders.delete(item.from.peerId)) expired.push({ from: item.from, dst });
      }
      if (keep.length) this.queues.set(dst, keep);
      else this.queues.delete(dst);
    }
    return expired;
  }

  clear(): void {
    this.queues.clear();
  }
}

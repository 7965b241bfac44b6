/**
 * Peer ids are issued by our API (POST /api/sessions/:id/media/peer) to an admitted member of a live session, bound
 * to the sign-in that asked. The signalling socket opens only with an id issued to its own sign-in.
 */
import { randomBytes } from 'node:crypto';
import type { RevokeTarget } from './bus';

export interface PeerGrant {
  peerId: string;
  sessionId: string;
  groupId: string;
  userId: string;
  loginId: string;
  /** Facilitator or co-facilitator: may ask everyone to mute and mute one person for the group. */
  facilitating: boolean;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Where grants live: this process's memory, or Redis when several processes act as one (redis-bus.ts). */
export interface GrantStore {
  save(grant: PeerGrant): Promise<void>;
  get(peerId: string): Promise<PeerGrant | undefined>;
}

/** `p` and 32 hex digits: 128 random bits, matching isPeerId and the stock client's id rule. */
export function newPeerId(): string {
  return `p${randomBytes(16).toString('hex')}`;
}

/** How long an issued id may be used to (re)connect: a long session, with margin. */
export const GRANT_TTL_MS = 12 * 3_600_000;

export class MemoryGrantStore implements GrantStore {
  private readonly grants = new Map<string, PeerGrant>();

  constructor(private readonly now: () => number = Date.now) {}

  async save(grant: PeerGrant): Promise<void> {
    const now = this.now();
    for (const [id, old] of this.grants) if (old.expiresAt <= now) this.grants.delete(id);
    this.grants.set(grant.peerId, grant);
  }

  async get(peerId: string): Promise<PeerGrant | undefined> {
    const grant = this.grants.get(peerId);
    return grant && grant.expiresAt > this.now() ? grant : undefined;
  }
}

/** Whether a revocation or a role change is for this grant: every field the target gives must match. */
export function grantMatches(grant: PeerGrant, target: RevokeTarget): boolean {
  return (
    (target.sessionId === undefined || target.sessionId === grant.sessionId) &&
    (target.groupId === undefined || target.groupId === grant.groupId) &&
    (target.userId === undefined || target.userId === grant.userId) &&
    (target.loginId === undefined || target.loginId === grant.loginId)
  );
}

/**
 * The grants a hub met, by peer id. Grants are immutable once issued (a role change replaces one), so each is looked
 * up in the store once per process.
 */
export class KnownGrants {
  private readonly grants = new Map<string, PeerGrant>();

  constructor(private readonly store: GrantStore) {}

  remember(grant: PeerGrant): void {
    this.grants.set(grant.peerId, grant);
  }

  async get(peerId: string): Promise<PeerGrant | undefined> {
    const known = this.grants.get(peerId);
    if (known) return known;
    const grant = await this.store.get(peerId);
    if (grant) this.grants.set(peerId, grant);
    return grant;
  }
}

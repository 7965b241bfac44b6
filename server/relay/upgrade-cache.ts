/**
 * A short-lived read cache for WebSocket upgrades: the sign-in, the document row and the membership that
 * decideUpgrade() reads. A group opening its boards, or a client reconnecting, asks the same three questions many
 * times a second; each is a database round trip.
 *
 * Rights still change at once: the relay drops entries on the domain events that change them (sign-in ended,
 * membership removed or changed, document changed), in this process and, through the bus, in the others. Without
 * an event, an entry lives at most `ttlMs` (1 s). Only found rows are kept: a new document, membership or sign-in
 * is seen at once. Re-checks of open connections (currentAccess) never use this cache.
 */
import type { DocumentRecord } from '../storage/documents';
import type { LoginRecord, MembershipRecord, Store, UserRecord } from '../storage/store';

type LoginWithUser = LoginRecord & { user: UserRecord };

class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly clock: () => number
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    const now = this.clock();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    // Insertion order is expiry order (one TTL): drop what has expired, and the oldest beyond the bound.
    for (const [oldKey, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldKey);
    }
  }

  deleteWhere(matches: (key: string, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export class UpgradeCache {
  private readonly logins: ExpiringMap<LoginWithUser>;
  private readonly documents: ExpiringMap<DocumentRecord>;
  private readonly members: ExpiringMap<MembershipRecord>;
  /** A Store whose three upgrade reads go through the cache; everything else is the real store. */
  readonly store: Store;

  constructor(store: Store, ttlMs = 1_000, maxEntries = 10_000, clock: () => number = () => performance.now()) {
    this.logins = new ExpiringMap(ttlMs, maxEntries, clock);
    this.documents = new ExpiringMap(ttlMs, maxEntries, clock);
    this.members = new ExpiringMap(ttlMs, maxEntries, clock);
    const logins: Store['logins'] = Object.create(store.logins);
    logins.get = (id) => readThrough(this.logins, id, () => store.logins.get(id));
    logins.touch = async (id, at) => {
      await store.logins.touch(id, at);
      const cached = this.logins.get(id);
      if (cached) this.logins.set(id, { ...cached, lastSeenAt: at });
    };
    logins.delete = async (id) => {
      this.logins.deleteWhere((key) => key === id);
      await store.logins.delete(id);
    };
    const documents: Store['documents'] = Object.create(store.documents);
    documents.byDocName = (docName) => readThrough(this.documents, docName, () => store.documents.byDocName(docName));
    const members: Store['members'] = Object.create(store.members);
    members.get = (groupId, userId) => readThrough(this.members, memberKey(groupId, userId), () => store.members.get(groupId, userId));
    this.store = Object.assign(Object.create(store) as Store, { logins, documents, members });
  }

  loginEnded(loginId: string): void {
    this.logins.deleteWhere((key) => key === loginId);
  }

  membershipChanged(groupId: string, userId: string): void {
    this.members.deleteWhere((key) => key === memberKey(groupId, userId));
  }

  documentChanged(documentId: string): void {
    this.documents.deleteWhere((_key, doc) => doc.id === documentId);
  }

  clear(): void {
    this.logins.clear();
    this.documents.clear();
    this.members.clear();
  }
}

/** The cached row, or the store's answer (kept only when found). */
async function readThrough<V>(cache: ExpiringMap<V>, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
  const cached = cache.get(key);
  if (cached) return cached;
  const found = await read();
  if (found) cache.set(key, found);
  return found;
}

const memberKey = (groupId: string, userId: string) => `${groupId}\u0000${userId}`;

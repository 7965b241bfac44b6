import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../storage/documents';
import type { Store } from '../storage/store';
import { UpgradeCache } from './upgrade-cache';

function fakeStore() {
  const reads = { logins: 0, documents: 0, members: 0 };
  const docs = new Map<string, DocumentRecord>([['board:a', { id: 'd1', docName: 'board:a' } as DocumentRecord]]);
  const store = {
    logins: {
      get: async (id: string) => (reads.logins++, id === 'l1' ? { id, userId: 'u1', lastSeenAt: new Date(0) } : undefined),
      touch: async () => {},
      delete: async () => {}
    },
    documents: { byDocName: async (name: string) => (reads.documents++, docs.get(name)) },
    members: { get: async (groupId: string, userId: string) => (reads.members++, userId === 'u1' ? { groupId, userId, role: 'participant' } : undefined) },
    groups: { get: async () => 'real groups' }
  } as unknown as Store;
  return { store, reads, docs };
}

describe('UpgradeCache', () => {
  it('answers repeated upgrade reads from memory and leaves the rest of the store alone', async () => {
    const { store, reads } = fakeStore();
    const cache = new UpgradeCache(store, 1_000, 100, () => 0);
    for (let i = 0; i < 3; i++) {
      await cache.store.logins.get('l1');
      await cache.store.documents.byDocName('board:a');
      await cache.store.members.get('g1', 'u1');
    }
    expect(reads).toEqual({ logins: 1, documents: 1, members: 1 });
    expect(await cache.store.groups.get('g1')).toBe('real groups');
  });

  it('never keeps a miss: a new sign-in, document or membership is seen at once', async () => {
    const { store, reads, docs } = fakeStore();
    const cache = new UpgradeCache(store, 1_000, 100, () => 0);
    expect(await cache.store.documents.byDocName('board:b')).toBeUndefined();
    docs.set('board:b', { id: 'd2', docName: 'board:b' } as DocumentRecord);
    expect((await cache.store.documents.byDocName('board:b'))?.id).toBe('d2');
    await cache.store.members.get('g1', 'u2');
    await cache.store.members.get('g1', 'u2');
    expect(reads.members).toBe(2);
  });

  it('forgets on the events that change rights, and after its time to live', async () => {
    const { store, reads } = fakeStore();
    let now = 0;
    const cache = new UpgradeCache(store, 1_000, 100, () => now);
    const readAll = async () => {
      await cache.store.logins.get('l1');
      await cache.store.documents.byDocName('board:a');
      await cache.store.members.get('g1', 'u1');
    };
    await readAll();
    cache.loginEnded('l1');
    cache.documentChanged('d1');
    cache.membershipChanged('g1', 'u1');
    await readAll();
    expect(reads).toEqual({ logins: 2, documents: 2, members: 2 });
    now = 999;
    await readAll();
    expect(reads).toEqual({ logins: 2, documents: 2, members: 2 });
    now = 1_000;
    await readAll();
    expect(reads).toEqual({ logins: 3, documents: 3, members: 3 });
  });

  it('keeps the touched lastSeenAt, so a cached sign-in is not touched again on every upgrade', async () => {
    const { store } = fakeStore();
    const cache = new UpgradeCache(store, 1_000, 100, () => 0);
    await cache.store.logins.get('l1');
    await cache.store.logins.touch('l1', new Date(5_000));
    expect((await cache.store.logins.get('l1'))?.lastSeenAt).toEqual(new Date(5_000));
  });
});

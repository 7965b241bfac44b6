/** The document store's "edited since" bookkeeping, which decides which boards get a version when a session ends. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStore } from '../server/storage/drizzle-store';
import { LAST_EDITED_RESOLUTION_MS } from '../server/storage/drizzle-documents';
import type { Store } from '../server/storage/store';
import { openTestDb } from './helpers/test-app';
import { boardDocName } from '../src/lib/core/documents/names';

let close: () => Promise<void>;
let store: Store;
beforeAll(async () => {
  const handle = await openTestDb();
  close = handle.drop;
  store = createDrizzleStore(handle);
});
afterAll(() => close());

async function board(groupId: string, createdBy: string) {
  const id = randomUUID();
  return store.documents.create({ id, docName: boardDocName(id), kind: 'board', groupId, ownerId: null, title: 'Board', createdBy });
}

describe('edited since', () => {
  it('finds a board edited just before and again during a session, though lastEditedAt is written once a minute', async () => {
    const user = (await store.users.create({ id: randomUUID(), email: `${randomUUID()}@example.org`, displayName: 'F', passwordHash: 'x' }))!;
    const group = await store.groups.create({ id: randomUUID(), name: 'G', kind: 'cbt', description: '', maxSize: 10, agreement: 'A', createdBy: user.id });
    const edited = await board(group.id, user.id);
    const untouched = await board(group.id, user.id);
    const t0 = new Date('2026-11-26T18:00:00Z');
    await store.documents.appendUpdates([{ documentId: edited.id, update: new Uint8Array([0, 0]) }], t0);
    const sessionStart = new Date(t0.getTime() + 20_000);
    // Edited again inside the resolution window: the stamp stays at t0.
    await store.documents.appendUpdates([{ documentId: edited.id, update: new Uint8Array([0, 0]) }], new Date(t0.getTime() + 30_000));
    expect((await store.documents.get(edited.id))!.lastEditedAt!.getTime()).toBe(t0.getTime());
    const found = await store.documents.editedSince(group.id, 'board', sessionStart);
    expect(found.map((d) => d.id)).toEqual([edited.id]);
    expect(found.map((d) => d.id)).not.toContain(untouched.id);
    // Past the resolution the stamp moves on.
    const later = new Date(t0.getTime() + LAST_EDITED_RESOLUTION_MS + 1);
    await store.documents.appendUpdates([{ documentId: edited.id, update: new Uint8Array([0, 0]) }], later);
    expect((await store.documents.get(edited.id))!.lastEditedAt!.getTime()).toBe(later.getTime());
  });
});

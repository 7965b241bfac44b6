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

describe('cold load', () => {
  it('loads a document of every size again and again without leaving its pool connection stuck (COPY of 16-64 KiB)', async () => {
    const user = (await store.users.create({ id: randomUUID(), email: `${randomUUID()}@example.org`, displayName: 'F', passwordHash: 'x' }))!;
    const group = await store.groups.create({ id: randomUUID(), name: 'G', kind: 'cbt', description: '', maxSize: 10, agreement: 'A', createdBy: user.id });
    // 16 KiB is a Node stream's high-water mark: a COPY that arrives whole in one read (up to ~64 KiB) once paused the
    // pool connection's socket for good (postgres.js pauses it when a push is refused; an ended stream never resumes
    // it), so that connection's next query never answered. The pool has 4 connections: 12 loads reach every one.
    for (const kib of [1, 20, 40, 60, 90, 300]) {
      const doc = await board(group.id, user.id);
      const update = new Uint8Array(kib * 1024).map((_, i) => i % 251);
      await store.documents.appendUpdates([{ documentId: doc.id, update }], new Date());
      for (let round = 0; round < 12; round++) {
        const loaded = await Promise.race([
          store.documents.load(doc.id),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`load of ${kib} KiB, round ${round}: no answer in 5 s`)), 5000))
        ]);
        expect(loaded.updates.map((u) => u.update.byteLength)).toEqual([kib * 1024]);
        expect(Buffer.from(loaded.updates[0]!.update).equals(Buffer.from(update))).toBe(true);
      }
    }
  }, 60_000);
});

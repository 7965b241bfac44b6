/** NotesStorage over drizzle-orm and PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, lte, max, sql } from 'drizzle-orm';
import { notesDocName } from '../../src/lib/core/documents/names';
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { NotesDocumentRecord, NotesStorage } from './notes';

const NOTES_TITLE = 'Private notes';
const EMPTY = new Uint8Array(0);

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export function createDrizzleNotesStorage(db: Database): NotesStorage {
  async function findDocument(userId: string): Promise<NotesDocumentRecord | undefined> {
    const [row] = await db
      .select({ id: t.documents.id, docName: t.documents.docName })
      .from(t.documents)
      .where(and(eq(t.documents.ownerId, userId), eq(t.documents.kind, 'notes')));
    return row;
  }

  async function writeKeyring(tx: Tx, userId: string, keyring: NotesKeyring, expectedRevision: number, at: Date) {
    const value = keyring as unknown as Record<string, unknown>;
    if (expectedRevision === 0) {
      const inserted = await tx
        .insert(t.notesKeyrings)
        .values({ userId, keyring: value, revision: 1, updatedAt: at })
        .onConflictDoNothing()
        .returning({ revision: t.notesKeyrings.revision });
      return inserted[0]?.revision;
    }
    const updated = await tx
      .update(t.notesKeyrings)
      .set({ keyring: value, revision: sql`${t.notesKeyrings.revision} + 1`, updatedAt: at })
      .where(and(eq(t.notesKeyrings.userId, userId), eq(t.notesKeyrings.revision, expectedRevision)))
      .returning({ revision: t.notesKeyrings.revision });
    return updated[0]?.revision;
  }

  /** The highest id this document gave out: its newest update row, or what the snapshot covers. */
  async function latestId(tx: Tx, documentId: string, snapshotCovers: number): Promise<number> {
    const [row] = await tx
      .select({ latest: max(t.documentUpdates.id) })
      .from(t.documentUpdates)
      .where(eq(t.documentUpdates.documentId, documentId));
    return Math.max(Number(row?.latest ?? 0), snapshotCovers);
  }

  return {
    findDocument,

    async documentFor(userId) {
      const existing = await findDocument(userId);
      if (existing) return existing;
      const id = randomUUID();
      // The partial unique index (one notes document per owner) settles two devices asking at once.
      await db
        .insert(t.documents)
        .values({ id, docName: notesDocName(id), kind: 'notes', groupId: null, ownerId: userId, title: NOTES_TITLE, createdBy: userId })
        .onConflictDoNothing();
      const created = await findDocument(userId);
      if (!created) throw new Error('notes document was not created');
      return created;
    },

    async keyring(userId) {
      const [row] = await db
        .select({ keyring: t.notesKeyrings.keyring, revision: t.notesKeyrings.revision })
        .from(t.notesKeyrings)
        .where(eq(t.notesKeyrings.userId, userId));
      return row ? { keyring: row.keyring as unknown as NotesKeyring, revision: row.revision } : { keyring: null, revision: 0 };
    },

    async putKeyring(userId, keyring, expectedRevision, at) {
      const revision = await db.transaction((tx) => writeKeyring(tx, userId, keyring, expectedRevision, at));
      return revision === undefined ? { ok: false, reason: 'stale_revision' } : { ok: true, stored: { keyring, revision } };
    },

    async changePassword(userId, passwordHash, keyringChange, at) {
      const stale = Symbol('stale');
      try {
        await db.transaction(async (tx) => {
          if (keyringChange) {
            const revision = await writeKeyring(tx, userId, keyringChange.keyring, keyringChange.expectedRevision, at);
            if (revision === undefined) throw stale;
          }
          await tx.update(t.users).set({ passwordHash, updatedAt: at }).where(eq(t.users.id, userId));
        });
      } catch (error) {
        if (error === stale) return { ok: false, reason: 'stale_revision' };
        throw error;
      }
      return { ok: true };
    },

    async append(documentId, ciphertexts, at) {
      if (ciphertexts.length === 0) return [];
      const rows = await db
        .insert(t.documentUpdates)
        .values(ciphertexts.map((update) => ({ documentId, update, createdAt: at })))
        .returning({ id: t.documentUpdates.id });
      return rows.map((row) => row.id).sort((a, b) => a - b);
    },

    async entriesAfter(documentId, after) {
      // Updates first, then the snapshot: a snapshot committing in between only replaces rows already read, so
      // the answer is still complete (the rows it covers are skipped below when the snapshot is sent).
      const updates = await db
        .select({ id: t.documentUpdates.id, ciphertext: t.documentUpdates.update })
        .from(t.documentUpdates)
        .where(and(eq(t.documentUpdates.documentId, documentId), gt(t.documentUpdates.id, after)))
        .orderBy(asc(t.documentUpdates.id));
      const [snapshotRow] = await db
        .select({ ciphertext: t.documentSnapshots.state, coversUpdateId: t.documentSnapshots.coversUpdateId })
        .from(t.documentSnapshots)
        .where(eq(t.documentSnapshots.documentId, documentId));
      const covers = snapshotRow?.coversUpdateId ?? 0;
      const snapshot = snapshotRow && after < covers ? snapshotRow : null;
      const from = Math.max(after, covers);
      const newest = updates.length > 0 ? updates[updates.length - 1].id : 0;
      return {
        snapshot,
        updates: updates.filter((update) => update.id > from),
        // Every update after `after` was read, so the newest of them is the newest the document has.
        latestId: Math.max(after, newest, covers)
      };
    },

    async replaceSnapshot(documentId, ciphertext, coversUpdateId) {
      return db.transaction(async (tx) => {
        // The document row lock serialises snapshots of one document (two devices compacting at once).
        await tx.select({ id: t.documents.id }).from(t.documents).where(eq(t.documents.id, documentId)).for('update');
        const [current] = await tx
          .select({ coversUpdateId: t.documentSnapshots.coversUpdateId })
          .from(t.documentSnapshots)
          .where(eq(t.documentSnapshots.documentId, documentId));
        const covered = current?.coversUpdateId ?? 0;
        if (coversUpdateId > (await latestId(tx, documentId, covered))) return { ok: false, reason: 'covers_unknown_updates' } as const;
        if (current && coversUpdateId <= covered) return { ok: false, reason: 'not_newer' } as const;
        // The server cannot compute a state vector from ciphertext: it stays empty for notes.
        await tx
          .insert(t.documentSnapshots)
          .values({ documentId, state: ciphertext, stateVector: EMPTY, coversUpdateId })
          .onConflictDoUpdate({
            target: t.documentSnapshots.documentId,
            set: { state: ciphertext, stateVector: EMPTY, coversUpdateId, createdAt: sql`now()` }
          });
        const removed = await tx
          .delete(t.documentUpdates)
          .where(and(eq(t.documentUpdates.documentId, documentId), lte(t.documentUpdates.id, coversUpdateId)))
          .returning({ id: t.documentUpdates.id });
        return { ok: true, removedUpdates: removed.length } as const;
      });
    }
  };
}

/** GroupNotesStorage over drizzle-orm and postgres.js. */
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { FacilitatorKeyRecord, WrappedGroupKey } from '../../src/lib/core/group-notes/keys';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { AddendumRecord, GroupNoteRecord, GroupNotesStorage, NoteWrite, Signature } from './group-notes';

type NoteRow = typeof t.groupNotes.$inferSelect;
type AddendumRow = typeof t.groupNoteAddenda.$inferSelect;

function toNote(row: NoteRow): GroupNoteRecord {
  const { signedBy, signerName, signedAt, contentHash, ciphertextHash, ...rest } = row;
  const signature =
    signedBy && signedAt && signerName !== null && contentHash && ciphertextHash
      ? { signedBy, signerName, signedAt, contentHash, ciphertextHash }
      : null;
  return { ...rest, signature };
}

function toAddendum(row: AddendumRow): AddendumRecord {
  const { id, noteId, ciphertext, ...signature } = row;
  return { id, noteId, ciphertext, signature };
}

export function createDrizzleGroupNotesStorage(db: Database): GroupNotesStorage {
  /** Why a conditional update matched nothing. */
  async function refusal(id: string): Promise<NoteWrite> {
    const [row] = await db.select({ signedAt: t.groupNotes.signedAt }).from(t.groupNotes).where(eq(t.groupNotes.id, id));
    if (!row) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: row.signedAt ? 'signed' : 'stale_revision' };
  }

  const draft = (id: string, expectedRevision: number) =>
    and(eq(t.groupNotes.id, id), isNull(t.groupNotes.signedAt), eq(t.groupNotes.revision, expectedRevision));

  return {
    async facilitatorKey(userId) {
      const [row] = await db
        .select({ publicKey: t.facilitatorKeys.publicKey, wrappedPrivateKey: t.facilitatorKeys.wrappedPrivateKey })
        .from(t.facilitatorKeys)
        .where(eq(t.facilitatorKeys.userId, userId));
      return row;
    },

    async putFacilitatorKey(userId, record: FacilitatorKeyRecord) {
      const rows = await db.insert(t.facilitatorKeys).values({ userId, ...record }).onConflictDoNothing().returning();
      return rows.length === 1;
    },

    async publicKeys(userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: t.facilitatorKeys.userId, publicKey: t.facilitatorKeys.publicKey })
        .from(t.facilitatorKeys)
        .where(inArray(t.facilitatorKeys.userId, userIds));
      return new Map(rows.map((r) => [r.userId, r.publicKey]));
    },

    async groupKey(groupId, userId) {
      const [row] = await db
        .select({ wrappedKey: t.groupNoteKeys.wrappedKey })
        .from(t.groupNoteKeys)
        .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.userId, userId)));
      return row?.wrappedKey as unknown as WrappedGroupKey | undefined;
    },

    async groupKeyHolders(groupId) {
      const rows = await db.select({ userId: t.groupNoteKeys.userId }).from(t.groupNoteKeys).where(eq(t.groupNoteKeys.groupId, groupId));
      return rows.map((r) => r.userId);
    },

    async putGroupKey(groupId, userId, wrapped, wrappedBy, at) {
      const rows = await db
        .insert(t.groupNoteKeys)
        .values({ groupId, userId, wrappedKey: wrapped as unknown as Record<string, unknown>, wrappedBy, createdAt: at })
        .onConflictDoNothing()
        .returning();
      return rows.length === 1;
    },

    async createGroupKey(groupId, userId, wrapped, at) {
      return db.transaction(async (tx) => {
        // The group row lock serialises two facilitators making the first key at once.
        await tx.select({ id: t.groups.id }).from(t.groups).where(eq(t.groups.id, groupId)).for('update');
        const [existing] = await tx.select({ n: count() }).from(t.groupNoteKeys).where(eq(t.groupNoteKeys.groupId, groupId));
        if (Number(existing?.n ?? 0) > 0) return false;
        await tx
          .insert(t.groupNoteKeys)
          .values({ groupId, userId, wrappedKey: wrapped as unknown as Record<string, unknown>, wrappedBy: userId, createdAt: at });
        return true;
      });
    },

    async createNote(note, at) {
      const rows = await db
        .insert(t.groupNotes)
        .values({ ...note, revision: 1, createdAt: at, updatedAt: at })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? toNote(rows[0]) : undefined;
    },

    async note(id) {
      const [row] = await db.select().from(t.groupNotes).where(eq(t.groupNotes.id, id));
      return row ? toNote(row) : undefined;
    },

    async notesForGroup(groupId) {
      const rows = await db.select().from(t.groupNotes).where(eq(t.groupNotes.groupId, groupId)).orderBy(asc(t.groupNotes.createdAt));
      if (rows.length === 0) return [];
      const counts = await db
        .select({ noteId: t.groupNoteAddenda.noteId, n: count() })
        .from(t.groupNoteAddenda)
        .where(inArray(t.groupNoteAddenda.noteId, rows.map((r) => r.id)))
        .groupBy(t.groupNoteAddenda.noteId);
      const byNote = new Map(counts.map((c) => [c.noteId, Number(c.n)]));
      return rows.map((row) => ({ ...toNote(row), addendaCount: byNote.get(row.id) ?? 0 }));
    },

    async updateNote(id, ciphertext, expectedRevision, at) {
      const [row] = await db
        .update(t.groupNotes)
        .set({ ciphertext, revision: expectedRevision + 1, updatedAt: at })
        .where(draft(id, expectedRevision))
        .returning();
      return row ? { ok: true, note: toNote(row) } : refusal(id);
    },

    async signNote(id, ciphertext, expectedRevision, signature: Signature) {
      const [row] = await db
        .update(t.groupNotes)
        .set({ ciphertext, revision: expectedRevision + 1, updatedAt: signature.signedAt, ...signature })
        .where(draft(id, expectedRevision))
        .returning();
      return row ? { ok: true, note: toNote(row) } : refusal(id);
    },

    async addAddendum(addendum) {
      const rows = await db
        .insert(t.groupNoteAddenda)
        .values({ id: addendum.id, noteId: addendum.noteId, ciphertext: addendum.ciphertext, ...addendum.signature })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? toAddendum(rows[0]) : undefined;
    },

    async addenda(noteId) {
      const rows = await db
        .select()
        .from(t.groupNoteAddenda)
        .where(eq(t.groupNoteAddenda.noteId, noteId))
        .orderBy(asc(t.groupNoteAddenda.signedAt), asc(t.groupNoteAddenda.id));
      return rows.map(toAddendum);
    }
  };
}

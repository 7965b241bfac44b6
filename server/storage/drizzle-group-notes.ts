/** GroupNotesStorage over drizzle-orm and postgres.js. */
import { and, asc, count, eq, inArray, isNull, max } from 'drizzle-orm';
import type { FacilitatorKeyRecord, WrappedGroupKey } from '../../src/lib/core/group-notes/keys';
import type { SigningKeyRecord } from '../../src/lib/core/group-notes/signing';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { AddendumRecord, GroupNoteRecord, GroupNotesStorage, KeyState, NoteWrite, Signature } from './group-notes';

type NoteRow = typeof t.groupNotes.$inferSelect;
type AddendumRow = typeof t.groupNoteAddenda.$inferSelect;

function toNote(row: NoteRow): GroupNoteRecord {
  const { signedBy, signerName, signedAt, contentHash, ciphertextHash, signature: signed, signingKeyId, ...rest } = row;
  const signature =
    signedBy && signedAt && signerName !== null && contentHash && ciphertextHash
      ? { signedBy, signerName, signedAt, contentHash, ciphertextHash, signature: signed, signingKeyId }
      : null;
  return { ...rest, signature };
}

function toAddendum(row: AddendumRow): AddendumRecord {
  const { id, noteId, ciphertext, keyVersion, ...signature } = row;
  return { id, noteId, ciphertext, keyVersion, signature };
}

export function createDrizzleGroupNotesStorage(db: Database): GroupNotesStorage {
  /** Why a conditional update matched nothing. */
  async function refusal(id: string): Promise<NoteWrite> {
    const [row] = await db.select({ signedAt: t.groupNotes.signedAt }).from(t.groupNotes).where(eq(t.groupNotes.id, id));
    if (!row) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: row.signedAt ? 'signed' : 'stale_revision' };
  }

  async function keyState(groupId: string): Promise<KeyState> {
    const [row] = await db
      .select({ currentVersion: t.groupNoteKeyState.currentVersion, rotationDueSince: t.groupNoteKeyState.rotationDueSince })
      .from(t.groupNoteKeyState)
      .where(eq(t.groupNoteKeyState.groupId, groupId));
    return row ?? { currentVersion: 1, rotationDueSince: null };
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

    async signingKeyOf(userId) {
      const [row] = await db
        .select({ keyId: t.facilitatorSigningKeys.keyId, publicKey: t.facilitatorSigningKeys.publicKey, wrappedPrivateKey: t.facilitatorSigningKeys.wrappedPrivateKey })
        .from(t.facilitatorSigningKeys)
        .where(eq(t.facilitatorSigningKeys.userId, userId));
      return row;
    },

    async putSigningKey(userId, record: SigningKeyRecord) {
      const rows = await db.insert(t.facilitatorSigningKeys).values({ userId, ...record }).onConflictDoNothing().returning();
      return rows.length === 1;
    },

    async signingKeys(keyIds) {
      const ids = [...new Set(keyIds)];
      if (ids.length === 0) return new Map();
      const rows = await db
        .select({ keyId: t.facilitatorSigningKeys.keyId, userId: t.facilitatorSigningKeys.userId, publicKey: t.facilitatorSigningKeys.publicKey })
        .from(t.facilitatorSigningKeys)
        .where(inArray(t.facilitatorSigningKeys.keyId, ids));
      return new Map(rows.map((r) => [r.keyId, { userId: r.userId, publicKey: r.publicKey }]));
    },

    keyState,

    async groupKey(groupId, userId, keyVersion) {
      const version = keyVersion ?? (await keyState(groupId)).currentVersion;
      const [row] = await db
        .select({ wrappedKey: t.groupNoteKeys.wrappedKey })
        .from(t.groupNoteKeys)
        .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.userId, userId), eq(t.groupNoteKeys.keyVersion, version)));
      return row?.wrappedKey as unknown as WrappedGroupKey | undefined;
    },

    async groupKeys(groupId, userId) {
      const rows = await db
        .select({ keyVersion: t.groupNoteKeys.keyVersion, wrappedKey: t.groupNoteKeys.wrappedKey })
        .from(t.groupNoteKeys)
        .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.userId, userId)))
        .orderBy(asc(t.groupNoteKeys.keyVersion));
      return rows.map((r) => ({ keyVersion: r.keyVersion, wrappedKey: r.wrappedKey as unknown as WrappedGroupKey }));
    },

    async keyCopies(groupId) {
      return db
        .select({ userId: t.groupNoteKeys.userId, keyVersion: t.groupNoteKeys.keyVersion })
        .from(t.groupNoteKeys)
        .where(eq(t.groupNoteKeys.groupId, groupId))
        .orderBy(asc(t.groupNoteKeys.keyVersion));
    },

    async groupKeyHolders(groupId, keyVersion) {
      const version = keyVersion ?? (await keyState(groupId)).currentVersion;
      const rows = await db
        .select({ userId: t.groupNoteKeys.userId })
        .from(t.groupNoteKeys)
        .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.keyVersion, version)));
      return rows.map((r) => r.userId);
    },

    async putGroupKey(groupId, userId, wrapped, wrappedBy, at, keyVersion) {
      const rows = await db
        .insert(t.groupNoteKeys)
        .values({ groupId, userId, keyVersion, wrappedKey: wrapped as unknown as Record<string, unknown>, wrappedBy, createdAt: at })
        .onConflictDoNothing()
        .returning();
      return rows.length === 1;
    },

    async createGroupKey(groupId, userId, wrapped, at) {
      return db.transaction(async (tx) => {
        // The group row lock serialises two facilitators making the first key at once.
        await tx.select({ id: t.groups.id }).from(t.groups).where(eq(t.groups.id, groupId)).for('update');
        const [existing] = await tx.select({ n: count(), top: max(t.groupNoteKeys.keyVersion) }).from(t.groupNoteKeys).where(eq(t.groupNoteKeys.groupId, groupId));
        if (Number(existing?.n ?? 0) > 0) return undefined;
        const [state] = await tx.select().from(t.groupNoteKeyState).where(eq(t.groupNoteKeyState.groupId, groupId));
        // Every holder left: a fresh key is a new version (older notes need a former holder's copy, which is gone).
        const version = state ? state.currentVersion + 1 : 1;
        await tx
          .insert(t.groupNoteKeys)
          .values({ groupId, userId, keyVersion: version, wrappedKey: wrapped as unknown as Record<string, unknown>, wrappedBy: userId, createdAt: at });
        if (state) {
          await tx
            .update(t.groupNoteKeyState)
            .set({ currentVersion: version, rotationDueSince: null, rotatedBy: userId, rotatedAt: at })
            .where(eq(t.groupNoteKeyState.groupId, groupId));
        }
        return version;
      });
    },

    async facilitatorLeft(groupId, userId, at) {
      return db.transaction(async (tx) => {
        const deleted = await tx
          .delete(t.groupNoteKeys)
          .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.userId, userId)))
          .returning({ v: t.groupNoteKeys.keyVersion });
        if (deleted.length === 0) return 0;
        const current = Math.max(...deleted.map((d) => d.v), 1);
        await tx
          .insert(t.groupNoteKeyState)
          .values({ groupId, currentVersion: current, rotationDueSince: at })
          .onConflictDoUpdate({ target: t.groupNoteKeyState.groupId, set: { rotationDueSince: at } });
        return deleted.length;
      });
    },

    async rotate(groupId, fromVersion, keys, by, at) {
      return db.transaction(async (tx) => {
        await tx.select({ id: t.groups.id }).from(t.groups).where(eq(t.groups.id, groupId)).for('update');
        const [state] = await tx.select().from(t.groupNoteKeyState).where(eq(t.groupNoteKeyState.groupId, groupId));
        if ((state?.currentVersion ?? 1) !== fromVersion) return { ok: false as const, reason: 'stale_version' as const };
        if (!state?.rotationDueSince) return { ok: false as const, reason: 'not_due' as const };
        const holders = await tx
          .select({ userId: t.groupNoteKeys.userId })
          .from(t.groupNoteKeys)
          .where(and(eq(t.groupNoteKeys.groupId, groupId), eq(t.groupNoteKeys.keyVersion, fromVersion)));
        const want = new Set(holders.map((h) => h.userId));
        const given = new Set(keys.map((k) => k.userId));
        if (want.size !== given.size || given.size !== keys.length || [...want].some((u) => !given.has(u))) {
          return { ok: false as const, reason: 'recipients' as const };
        }
        const version = fromVersion + 1;
        await tx.insert(t.groupNoteKeys).values(
          keys.map((k) => ({ groupId, userId: k.userId, keyVersion: version, wrappedKey: k.wrappedKey as unknown as Record<string, unknown>, wrappedBy: by, createdAt: at }))
        );
        await tx
          .update(t.groupNoteKeyState)
          .set({ currentVersion: version, rotationDueSince: null, rotatedBy: by, rotatedAt: at })
          .where(eq(t.groupNoteKeyState.groupId, groupId));
        return { ok: true as const, version };
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

    async updateNote(id, ciphertext, keyVersion, expectedRevision, at) {
      const [row] = await db
        .update(t.groupNotes)
        .set({ ciphertext, keyVersion, revision: expectedRevision + 1, updatedAt: at })
        .where(draft(id, expectedRevision))
        .returning();
      return row ? { ok: true, note: toNote(row) } : refusal(id);
    },

    async signNote(id, ciphertext, keyVersion, expectedRevision, signature: Signature) {
      const [row] = await db
        .update(t.groupNotes)
        .set({ ciphertext, keyVersion, revision: expectedRevision + 1, updatedAt: signature.signedAt, ...signature })
        .where(draft(id, expectedRevision))
        .returning();
      return row ? { ok: true, note: toNote(row) } : refusal(id);
    },

    async addAddendum(addendum) {
      const rows = await db
        .insert(t.groupNoteAddenda)
        .values({ id: addendum.id, noteId: addendum.noteId, ciphertext: addendum.ciphertext, keyVersion: addendum.keyVersion, ...addendum.signature })
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

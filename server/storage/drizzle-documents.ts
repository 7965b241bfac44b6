/** DocumentStore over drizzle-orm (PGlite and PostgreSQL alike). */
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DocumentKind } from '../../src/lib/core/documents/rights';
import { fromBase64, toBase64 } from '../base64';
import type { Database, RawQuery } from '../db/client';
import * as t from '../db/schema';
import type { DocumentRecord, DocumentStore, StoredDocumentState, VersionRecord } from './documents';

const asDocument = (row: typeof t.documents.$inferSelect): DocumentRecord => ({ ...row, kind: row.kind as DocumentKind });

const versionColumns = {
  id: t.boardVersions.id,
  documentId: t.boardVersions.documentId,
  label: t.boardVersions.label,
  sessionId: t.boardVersions.sessionId,
  createdAt: t.boardVersions.createdAt,
  createdBy: t.boardVersions.createdBy
};

/**
 * last_edited_at is written at most this often per document (per process). It answers "edited during this session?"
 * and "last edited" for people, so a minute's staleness is harmless, and skipping the statement halves the database
 * work per update on the relay's hot path.
 */
export const LAST_EDITED_RESOLUTION_MS = 60_000;

/**
 * Yjs states travel to and from the database as base64 text, converted by the database (encode/decode): PGlite
 * turns a bytea result into bytes in JavaScript one character at a time, 100-145 ms for an 800 KiB board state
 * against 7-8 ms as base64, and a bytea parameter likewise (~300 ms to write it, ~65 ms as base64). PostgreSQL
 * pays a third more bytes on the wire, which is nothing beside that. Figures: bench/README.md, "Latest: cold load".
 */
const base64Of = (column: AnyPgColumn): SQL<string> => sql<string>`encode(${column}, 'base64')`;
const bytesParam = (bytes: Uint8Array): SQL => sql`decode(${toBase64(bytes)}, 'base64')`;

type Reader = Pick<Database, 'select'>;

async function readSnapshot(db: Reader, documentId: string): Promise<StoredDocumentState['snapshot']> {
  const [row] = await db
    .select({
      state: base64Of(t.documentSnapshots.state),
      stateVector: base64Of(t.documentSnapshots.stateVector),
      coversUpdateId: t.documentSnapshots.coversUpdateId
    })
    .from(t.documentSnapshots)
    .where(eq(t.documentSnapshots.documentId, documentId));
  return row ? { state: fromBase64(row.state), stateVector: fromBase64(row.stateVector), coversUpdateId: row.coversUpdateId } : null;
}

/**
 * A document's update rows in id order, read as ONE row of two aggregated strings: PGlite's cost is per row,
 * so 100,000 rows take ~80 ms this way against ~1 s as rows (ids are decimal, updates base64; neither holds a comma).
 */
async function readUpdates(db: Reader, documentId: string): Promise<Array<{ id: number; update: Uint8Array }>> {
  const [row] = await db
    .select({
      ids: sql<string | null>`string_agg(${t.documentUpdates.id}::text, ',' order by ${t.documentUpdates.id})`,
      updates: sql<string | null>`string_agg(${base64Of(t.documentUpdates.update)}, ',' order by ${t.documentUpdates.id})`
    })
    .from(t.documentUpdates)
    .where(eq(t.documentUpdates.documentId, documentId));
  if (!row?.ids || row.updates === null) return [];
  const ids = row.ids.split(',');
  const updates = row.updates.split(',');
  return ids.map((id, index) => ({ id: Number(id), update: fromBase64(updates[index]) }));
}

/** The update log's append, written by hand: it runs once per group-commit batch, so its cost is the relay's floor. */
function appendStatement(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `($${2 * i + 2}, decode($${2 * i + 3}, 'base64'), $1::timestamptz)`);
  return `insert into document_updates (document_id, update, created_at) values ${values.join(', ')} returning id`;
}

export function createDrizzleDocumentStore(db: Database, query: RawQuery): DocumentStore {
  const lastEditedWritten = new Map<string, number>();
  return {
    async create(doc) {
      const [row] = await db.insert(t.documents).values(doc).returning();
      return asDocument(row);
    },
    async get(id) {
      const [row] = await db.select().from(t.documents).where(eq(t.documents.id, id));
      return row && asDocument(row);
    },
    async byDocName(docName) {
      const [row] = await db.select().from(t.documents).where(eq(t.documents.docName, docName));
      return row && asDocument(row);
    },
    async listForGroup(groupId, kind) {
      const rows = await db
        .select()
        .from(t.documents)
        .where(and(eq(t.documents.groupId, groupId), eq(t.documents.kind, kind)))
        .orderBy(asc(t.documents.createdAt), asc(t.documents.id));
      return rows.map(asDocument);
    },
    async update(id, patch) {
      const [row] = await db
        .update(t.documents)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(t.documents.id, id))
        .returning();
      return row && asDocument(row);
    },
    async editedSince(groupId, kind, since) {
      // lastEditedAt may lag by up to LAST_EDITED_RESOLUTION_MS: look back that far so no edit is missed
      // (a document edited just before `since` may be included too, which only saves one version more).
      since = new Date(since.getTime() - LAST_EDITED_RESOLUTION_MS);
      const rows = await db
        .select()
        .from(t.documents)
        .where(and(eq(t.documents.groupId, groupId), eq(t.documents.kind, kind), gte(t.documents.lastEditedAt, since)));
      return rows.map(asDocument);
    },

    async appendUpdates(batch, at) {
      if (batch.length === 0) return [];
      // One multi-row INSERT is atomic on its own: no explicit transaction on the hot path (postgres.js 3.4.9
      // crashes the process when a connection is terminated in the middle of one; see docs/relay.md).
      const params: unknown[] = [at.toISOString()];
      for (const { documentId, update } of batch) params.push(documentId, toBase64(update));
      const rows = await query(appendStatement(batch.length), params);
      // Best effort (only automatic session versions and "last edited" read it): a failure must not re-insert the batch.
      const ids = [...new Set(batch.map((b) => b.documentId))].filter(
        (id) => at.getTime() - (lastEditedWritten.get(id) ?? -Infinity) >= LAST_EDITED_RESOLUTION_MS
      );
      if (ids.length > 0) {
        for (const id of ids) lastEditedWritten.set(id, at.getTime());
        if (lastEditedWritten.size > 10_000) lastEditedWritten.clear();
        await db
          .update(t.documents)
          .set({ lastEditedAt: at })
          .where(inArray(t.documents.id, ids))
          .catch(() => undefined);
      }
      return rows.map((row) => Number(row.id));
    },
    async load(documentId) {
      // Updates first, then the snapshot: a compaction committing in between only moves rows we already read
      // into the snapshot, so the union is always complete (reading the snapshot first could miss rows).
      const updates = await readUpdates(db, documentId);
      const snapshot = await readSnapshot(db, documentId);
      const covered = snapshot?.coversUpdateId ?? 0;
      return { snapshot, updates: updates.filter((u) => u.id > covered) };
    },
    async compact(documentId, fold) {
      return db.transaction(async (tx) => {
        // The document row lock serialises compactions of one document across processes.
        await tx.select({ id: t.documents.id }).from(t.documents).where(eq(t.documents.id, documentId)).for('update');
        const snapshot = await readSnapshot(tx, documentId);
        const updates = await readUpdates(tx, documentId);
        if (updates.length === 0) return { replaced: 0, coversUpdateId: snapshot?.coversUpdateId ?? null };
        const coversUpdateId = updates[updates.length - 1].id;
        const { state, stateVector } = fold(snapshot?.state ?? null, updates.map((u) => u.update));
        await tx
          .insert(t.documentSnapshots)
          .values({ documentId, state: bytesParam(state), stateVector: bytesParam(stateVector), coversUpdateId })
          .onConflictDoUpdate({
            target: t.documentSnapshots.documentId,
            set: {
              state: sql`excluded.state`,
              stateVector: sql`excluded.state_vector`,
              coversUpdateId,
              createdAt: sql`now()`
            }
          });
        await tx
          .delete(t.documentUpdates)
          .where(and(eq(t.documentUpdates.documentId, documentId), lte(t.documentUpdates.id, coversUpdateId)));
        return { replaced: updates.length, coversUpdateId };
      });
    },

    async reclaimSpace() {
      // PGlite runs without autovacuum: rows deleted by compaction would stay on disk for good, and every later
      // read of the log would step over them (bench/README.md, "Latest: cold load"). PostgreSQL's autovacuum would
      // get there by itself; a plain VACUUM blocks neither reads nor writes, so both drivers do the same.
      await db.execute(sql`vacuum document_updates`);
    },

    async createVersion(version) {
      const [row] = await db
        .insert(t.boardVersions)
        .values({ ...version, state: bytesParam(version.state) })
        .returning(versionColumns);
      return row as VersionRecord;
    },
    async listVersions(documentId) {
      return db
        .select(versionColumns)
        .from(t.boardVersions)
        .where(eq(t.boardVersions.documentId, documentId))
        .orderBy(desc(t.boardVersions.createdAt), desc(t.boardVersions.id));
    },
    async versionState(documentId, versionId) {
      const [row] = await db
        .select({ state: base64Of(t.boardVersions.state) })
        .from(t.boardVersions)
        .where(and(eq(t.boardVersions.documentId, documentId), eq(t.boardVersions.id, versionId)));
      return row && fromBase64(row.state);
    }
  };
}

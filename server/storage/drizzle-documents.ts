/** DocumentStore over drizzle-orm and postgres.js. */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../src/lib/core/documents/rights';
import type { Database } from '../db/client';
import type { Sql } from '../db/postgres';
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

type Reader = Pick<Database, 'select'>;

async function readSnapshot(db: Reader, documentId: string): Promise<StoredDocumentState['snapshot']> {
  const [row] = await db
    .select({
      state: t.documentSnapshots.state,
      stateVector: t.documentSnapshots.stateVector,
      coversUpdateId: t.documentSnapshots.coversUpdateId
    })
    .from(t.documentSnapshots)
    .where(eq(t.documentSnapshots.documentId, documentId));
  return row ?? null;
}

/** A document's update rows in id order. */
async function readUpdates(db: Reader, documentId: string): Promise<Array<{ id: number; update: Uint8Array }>> {
  return db
    .select({ id: t.documentUpdates.id, update: t.documentUpdates.update })
    .from(t.documentUpdates)
    .where(eq(t.documentUpdates.documentId, documentId))
    .orderBy(asc(t.documentUpdates.id));
}

/**
 * bytea as postgres.js hands it over in a raw query: the text form `\x<hex>` as a Buffer. Decoding it here skips
 * postgres.js's own parser, which first turns the whole value into a UTF-8 string and slices it (the larger part of
 * reading a 1.8 MiB snapshot: bench/README.md, "cold load").
 */
const fromHex = (text: Buffer): Uint8Array => {
  const bytes = Buffer.from(text.toString('latin1', 2), 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

/** The relay's cold load, snapshot part: one raw query (see fromHex). */
async function readSnapshotRaw(client: Sql, documentId: string): Promise<StoredDocumentState['snapshot']> {
  const rows = await client
    .unsafe('select state, state_vector, covers_update_id from document_snapshots where document_id = $1', [documentId])
    .raw();
  const row = rows[0] as unknown as Buffer[] | undefined;
  if (!row) return null;
  return { state: fromHex(row[0]), stateVector: fromHex(row[1]), coversUpdateId: Number(row[2].toString('latin1')) };
}

/** The relay's cold load, tail part: every update row of the document in id order, one raw query (see fromHex). */
async function readUpdatesRaw(client: Sql, documentId: string): Promise<Array<{ id: number; update: Uint8Array }>> {
  const rows = await client
    .unsafe('select id, update from document_updates where document_id = $1 order by id', [documentId])
    .raw();
  return (rows as unknown as Buffer[][]).map((row) => ({ id: Number(row[0].toString('latin1')), update: fromHex(row[1]) }));
}

/**
 * The update log's append, written by hand and sent through postgres.js directly: it runs once per group-commit
 * batch, so its cost is the relay's floor (drizzle's query builder would add its own per batch).
 */
function appendStatement(rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `($${2 * i + 2}, $${2 * i + 3}::bytea, $1::timestamptz)`);
  return `insert into document_updates (document_id, update, created_at) values ${values.join(', ')} returning id`;
}

/** A Uint8Array as the Buffer postgres.js sends as binary bytea (a view, no copy). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function createDrizzleDocumentStore(db: Database, client: Sql): DocumentStore {
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
      for (const { documentId, update } of batch) params.push(documentId, asBuffer(update));
      const rows = await client.unsafe<{ id: string }[]>(appendStatement(batch.length), params as never[]);
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
      const updates = await readUpdatesRaw(client, documentId);
      const snapshot = await readSnapshotRaw(client, documentId);
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
          .values({ documentId, state, stateVector, coversUpdateId })
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

    async createVersion(version) {
      const [row] = await db
        .insert(t.boardVersions)
        .values(version)
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
        .select({ state: t.boardVersions.state })
        .from(t.boardVersions)
        .where(and(eq(t.boardVersions.documentId, documentId), eq(t.boardVersions.id, versionId)));
      return row?.state;
    }
  };
}

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
 * The relay's cold load reads with `COPY ... TO STDOUT (FORMAT binary)`: bytea arrives as its raw bytes. A normal
 * query gets it as hex text, which PostgreSQL encodes and postgres.js turns into a UTF-8 string, slices and decodes:
 * for a compacted 1.8 MiB board that was ~4x slower (bench/README.md, "cold load"). COPY takes no parameters, so the
 * document id goes in as an escape-string literal: E'...' reads backslashes as escapes whatever
 * standard_conforming_strings says, so doubling backslashes and quotes is exact (tested with both in the id).
 */
const quoteLiteral = (text: string): string => `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * Reads a binary COPY of `query` and returns its tuples, each field as raw bytes (null for NULL).
 *
 * postgres.js 3.4.9 pauses the connection's socket when its COPY stream refuses a chunk (more than the stream's
 * 16 KiB high-water mark waiting), and only the stream's `_read` resumes it. A COPY that arrives whole in one socket
 * read (about 16 to 64 KiB) is pushed, and ended, before anyone can listen: the ended stream never calls `_read`
 * again, so the socket stayed paused and that pool connection's next query never answered (porsager/postgres#499,
 * #917; the relay's loads then hung one connection at a time). Once the stream has ended, its `_read` is called
 * once more to resume the socket: the connection is idle by then (the COPY is done), so this only lets it read.
 * tests/storage-documents.test.ts loads documents of every size on every pool connection.
 */
async function copyBinary(client: Sql, query: string): Promise<Array<Array<Buffer | null>>> {
  const stream = await client.unsafe(`copy (${query}) to stdout (format binary)`).readable();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      stream._read(0);
      resolve();
    });
    stream.once('error', reject);
  });
  const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  // Header: an 11-byte signature, 32-bit flags, 32-bit length of a header extension (then the extension).
  if (data.length < 19 || data.toString('latin1', 0, 11) !== 'PGCOPY\n\xff\r\n\0') throw new Error('not a binary COPY');
  let at = 19 + data.readInt32BE(15);
  const tuples: Array<Array<Buffer | null>> = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return tuples;
    const tuple: Array<Buffer | null> = [];
    for (let i = 0; i < fields; i++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) tuple.push(null);
      else {
        tuple.push(data.subarray(at, at + length));
        at += length;
      }
    }
    tuples.push(tuple);
  }
}

const asBytes = (field: Buffer | null): Uint8Array => new Uint8Array(field!.buffer, field!.byteOffset, field!.byteLength);
/** A bigint column in binary COPY: 8 bytes, big-endian (ids stay far below 2^53). */
const asId = (field: Buffer | null): number => Number(field!.readBigInt64BE(0));

/**
 * The relay's cold load in one statement (see copyBinary): the snapshot's row (part 0) and every update row after it
 * (part 1), read from one snapshot of the database. One round trip instead of two, and no ordering rule between two
 * reads: a compaction commits either wholly before the statement (its rows are in the snapshot) or wholly after (they
 * are still in the log). The rows come back in whatever order the plan makes; they are put in id order here.
 */
async function loadCopy(client: Sql, documentId: string): Promise<StoredDocumentState> {
  const id = quoteLiteral(documentId);
  const tuples = await copyBinary(
    client,
    `select 0::int2, state, state_vector, covers_update_id from document_snapshots where document_id = ${id}` +
      ` union all select 1::int2, update, null, id from document_updates where document_id = ${id}` +
      ` and id > coalesce((select covers_update_id from document_snapshots where document_id = ${id}), 0)`
  );
  let snapshot: StoredDocumentState['snapshot'] = null;
  const updates: Array<{ id: number; update: Uint8Array }> = [];
  let ordered = true;
  for (const tuple of tuples) {
    if (tuple[0]!.readInt16BE(0) === 0) {
      snapshot = { state: asBytes(tuple[1]), stateVector: asBytes(tuple[2]), coversUpdateId: asId(tuple[3]) };
      continue;
    }
    const row = { id: asId(tuple[3]), update: asBytes(tuple[1]) };
    if (updates.length > 0 && updates[updates.length - 1].id > row.id) ordered = false;
    updates.push(row);
  }
  if (!ordered) updates.sort((a, b) => a.id - b.id);
  return { snapshot, updates };
}

/**
 * The update log's append, written by hand and sent through postgres.js directly: it runs once per group-commit
 * batch, so its cost is the relay's floor (drizzle's query builder would add its own per batch). One statement text
 * for every batch size (the rows arrive as arrays: document ids, and each update's offset and length in one bytea),
 * so it is prepared once per pool connection and PostgreSQL parses and plans it once, whatever the batch holds.
 * Rows are inserted, and their ids returned, in the batch's order (`with ordinality ... order by`).
 */
const APPEND_STATEMENT =
  'insert into document_updates (document_id, update, created_at) ' +
  'select d, substring($3::bytea from o for n), $4::timestamptz ' +
  'from unnest($1::text[], $2::int[], $5::int[]) with ordinality as t(d, o, n, ord) order by ord returning id';

/**
 * Array parameters as PostgreSQL array literals: the pool runs without fetch_types (server/db/postgres.ts), so
 * postgres.js does not serialise JS arrays itself. Every element is quoted, with `\\` and `"` escaped.
 */
const arrayLiteral = (values: Array<string | number>): string =>
  `{${values.map((value) => `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** A Uint8Array as a Buffer (a view, no copy); postgres.js sends it as bytea (in hex text). */
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
      const ids: string[] = [];
      const offsets: number[] = [];
      const lengths: number[] = [];
      let offset = 1; // substring counts from 1
      for (const { documentId, update } of batch) {
        ids.push(documentId);
        offsets.push(offset);
        lengths.push(update.byteLength);
        offset += update.byteLength;
      }
      const bytes = batch.length === 1 ? asBuffer(batch[0].update) : Buffer.concat(batch.map((b) => b.update));
      const rows = await client.unsafe<{ id: string }[]>(APPEND_STATEMENT, [arrayLiteral(ids), arrayLiteral(offsets), bytes, at.toISOString(), arrayLiteral(lengths)] as never[], {
        prepare: true
      });
      // Best effort (only automatic session versions and "last edited" read it): a failure must not re-insert the batch.
      const edited = [...new Set(ids)].filter(
        (id) => at.getTime() - (lastEditedWritten.get(id) ?? -Infinity) >= LAST_EDITED_RESOLUTION_MS
      );
      if (edited.length > 0) {
        for (const id of edited) lastEditedWritten.set(id, at.getTime());
        if (lastEditedWritten.size > 10_000) lastEditedWritten.clear();
        await db
          .update(t.documents)
          .set({ lastEditedAt: at })
          .where(inArray(t.documents.id, edited))
          .catch(() => undefined);
      }
      return rows.map((row) => Number(row.id));
    },
    load(documentId) {
      return loadCopy(client, documentId);
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

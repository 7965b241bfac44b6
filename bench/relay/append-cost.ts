/**
 * What one group-commit write costs, per update, by batch size and statement: CPU time of this Node process and of
 * every process of a fresh embedded PostgreSQL (fsync and synchronous commit on, as the app runs it), read from
 * /proc. CPU time, unlike latency, hardly depends on what else the machine runs, so this answers "how much does a
 * larger batch / another statement save" on a busy shared machine, where the relay benchmark's latency cannot.
 *
 *   npx tsx bench/relay/append-cost.ts [--rows 3000] [--batches 1,7,20,50] [--rounds 3] [--documents 100]
 *     [--settings commit_delay=1000,commit_siblings=1]   (extra PostgreSQL settings for a second server, compared)
 *
 * Statements: "values" is the append before this pass (one multi-row VALUES statement per batch size, prepared up to
 * 32 rows); "unnest" is DocumentStore.appendUpdates now (one prepared statement for every size). Configurations
 * alternate within each round; the median round is printed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../../server/db/client';
import { startEmbeddedPostgres } from '../../server/db/embedded/server';
import { createLogger } from '../../server/log';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import { listFlag, numberFlag, parseArgs } from '../lib/args';
import { sampleProcess } from '../lib/proc';
import { embeddedPostgresPids } from '../lib/servers';
import { fixed, table } from '../lib/stats';

const flags = parseArgs(process.argv.slice(2));
const rows = numberFlag(flags, 'rows', 3000);
const batches = listFlag(flags, 'batches', ['1', '7', '20', '50']).map(Number);
const rounds = numberFlag(flags, 'rounds', 3);
const documentCount = numberFlag(flags, 'documents', 100);

/** The append before this pass (server/storage/drizzle-documents.ts at main), for the comparison. */
function valuesStatement(count: number): string {
  const values = Array.from({ length: count }, (_, i) => `($${2 * i + 2}, $${2 * i + 3}::bytea, $1::timestamptz)`);
  return `insert into document_updates (document_id, update, created_at) values ${values.join(', ')} returning id`;
}

const cpuMs = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      return sum + sampleProcess(pid).cpuMs;
    } catch {
      return sum; // a backend that ended
    }
  }, 0);

async function measureServer(settingsLabel: string, extraSettings: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gst-bench-append-'));
  const server = await startEmbeddedPostgres({ dataDir, logger: createLogger('warn'), settings: extraSettings });
  const handle = await createDb({ url: server.url, maxConnections: 1 });
  const store = createDrizzleStore(handle);
  try {
    const user = await store.users.create({ id: randomUUID(), email: `${randomUUID()}@example.org`, displayName: 'Bench', passwordHash: '$argon2id$stub' });
    const group = await store.groups.create({ id: randomUUID(), name: 'Bench', kind: 'cbt', description: '', maxSize: 10, agreement: '', createdBy: user!.id } as never);
    const documents: string[] = [];
    for (let i = 0; i < documentCount; i++) {
      const id = randomUUID();
      await store.documents.create({ id, docName: `board:${randomUUID()}`, kind: 'board', groupId: group.id, ownerId: null, title: `Bench ${i}`, createdBy: user!.id });
      documents.push(id);
    }
    // A bench-shaped update: 43 bytes.
    const update = new Uint8Array(43).map((_, i) => (i * 37) % 251);
    let next = 0;
    const batchOf = (size: number) => Array.from({ length: size }, () => ({ documentId: documents[next++ % documents.length], update }));
    const ways = {
      values: async (batch: Array<{ documentId: string; update: Uint8Array }>) => {
        const params: unknown[] = [new Date().toISOString()];
        for (const { documentId, update: bytes } of batch) params.push(documentId, Buffer.from(bytes));
        await handle.sql.unsafe(valuesStatement(batch.length), params as never[], { prepare: batch.length <= 32 });
      },
      unnest: async (batch: Array<{ documentId: string; update: Uint8Array }>) => {
        await store.documents.appendUpdates(batch, new Date());
      }
    };
    const configs = batches.flatMap((size) => Object.keys(ways).map((way) => ({ size, way: way as keyof typeof ways })));
    const results = new Map<string, Array<{ node: number; pg: number }>>();
    // Warm up every statement (prepared per connection) and the table.
    for (const { size, way } of configs) for (let i = 0; i < 20; i++) await ways[way](batchOf(size));
    for (let round = 0; round < rounds; round++) {
      for (const { size, way } of configs) {
        const pids = embeddedPostgresPids(dataDir);
        const writes = Math.ceil(rows / size);
        const node0 = process.cpuUsage();
        const pg0 = cpuMs(pids);
        for (let i = 0; i < writes; i++) await ways[way](batchOf(size));
        const nodeUs = process.cpuUsage(node0);
        const pgMs = cpuMs(pids) - pg0;
        const per = writes * size;
        const key = `${way} ${size}`;
        results.set(key, [...(results.get(key) ?? []), { node: (nodeUs.user + nodeUs.system) / per, pg: (pgMs * 1000) / per }]);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(`\nPostgreSQL ${settingsLabel}: CPU per update (us), median of ${rounds} rounds of ${rows} updates, each write one commit (fsync on)`);
    console.log(
      table(
        ['rows per write', 'statement', 'PostgreSQL us', 'Node us', 'total us'],
        configs.map(({ size, way }) => {
          const samples = results.get(`${way} ${size}`)!;
          const pg = median(samples.map((s) => s.pg));
          const node = median(samples.map((s) => s.node));
          return [String(size), way, fixed(pg, 1), fixed(node, 1), fixed(pg + node, 1)];
        })
      )
    );
  } finally {
    await handle.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const extra = Object.fromEntries(listFlag(flags, 'settings', []).map((kv) => kv.split('=', 2) as [string, string]));
console.log(`append cost: ${rows} updates per configuration, batches ${batches.join(', ')}, ${documentCount} documents; ${new Date().toISOString()}`);
await measureServer('(the app\'s settings)', {});
if (Object.keys(extra).length > 0) await measureServer(`with ${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join(' ')}`, extra);
process.exit(0);

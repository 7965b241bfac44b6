/**
 * Load benchmark, two parts:
 * 1. Cold load of a board holding 100,000 small updates, before and after compaction: through our storage layer
 *    (server/storage DocumentStore.load, then what the relay does before its first answer) and end to end
 *    (a restarted server, a fresh client: connect until sync step 2).
 * 2. RSS of each server after 10,000 connect / sync / disconnect cycles, against its RSS before them.
 *
 *   npx tsx bench/load/run.ts [--updates 100000] [--authors 10] [--cycles 10000] [--postgres [adminUrl]] [--build]
 *     [--servers ours,y-websocket,hocuspocus] [--skip-cold] [--skip-cycles] [--restarts 3] [--before build/server-main.js]
 *
 * --before: another build of our server takes turns with build/server.js on the same data (restart by restart), so
 * that the end-to-end cold load is compared in one run.
 *
 * Everything listens on 127.0.0.1; every wait has a deadline.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { DatabaseConfig } from '../../server/config';
import { openDatabase } from '../../server/db/open';
import { createLogger } from '../../server/log';
import { applyStored, foldState, isCompacted } from '../../server/relay/doc-state';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import type { DbHandle } from '../../server/db/client';
import { documentSnapshots } from '../../server/db/schema';
import { eq } from 'drizzle-orm';
import { listFlag, numberFlag, parseArgs } from '../lib/args';
import { MiB, sampleProcess } from '../lib/proc';
import {
  freshDatabase,
  ourBuildProblem,
  ourRoomTarget,
  startHocuspocusServer,
  startOurServer,
  startYWebsocketServer,
  type OurServerOptions,
  type ServerUnderTest
} from '../lib/servers';
import { fixed, summarize, table } from '../lib/stats';
import { BenchClient, type RoomTarget } from '../lib/yclient';

const REPO = path.resolve(import.meta.dirname, '../..');
const flags = parseArgs(process.argv.slice(2));
const config = {
  updates: numberFlag(flags, 'updates', 100_000),
  authors: numberFlag(flags, 'authors', 10),
  batch: 500,
  storageSamples: 5,
  restarts: numberFlag(flags, 'restarts', 3),
  before: typeof flags.get('before') === 'string' ? (flags.get('before') as string) : undefined,
  cycles: numberFlag(flags, 'cycles', 10_000),
  cycleConcurrency: numberFlag(flags, 'concurrency', 10),
  /** Our relay evicts a document this long after its last connection (RELAY_EVICT_AFTER_MS default). */
  settleMs: numberFlag(flags, 'settle', 15) * 1000,
  postgresAdminUrl: flags.has('postgres')
    ? typeof flags.get('postgres') === 'string'
      ? (flags.get('postgres') as string)
      : (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : undefined
};
const COLD_LOAD_TARGET_MS = 50;

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `count` small updates as a group writes them: authors taking turns, each adding two characters to a Y.Text
 * and rewriting their entry in a Y.Map (the same shape as the relay benchmark's updates).
 */
function boardUpdates(count: number, authors: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('text');
  const stamps = doc.getMap('stamps');
  for (let i = 0; i < count; i++) {
    const author = i % authors;
    doc.clientID = 1_000 + author;
    doc.transact(() => {
      text.insert(text.length, 'ab');
      stamps.set(String(author), [author, i, Date.now()]);
    });
  }
  doc.destroy();
  return updates;
}

/**
 * What the relay does to answer a newcomer (an empty state vector) on a cold document: read snapshot + tail; a
 * compacted document is answered with its stored bytes, anything else is built (applyStored) and encoded first.
 * `buildMs`: building the document afterwards, as the first write (or a peer holding part of it) makes the relay do.
 */
async function loadAsRelayDoes(store: ReturnType<typeof createDrizzleStore>, documentId: string) {
  const started = performance.now();
  const stored = await store.documents.load(documentId);
  const read = performance.now();
  const build = () => {
    const doc = new Y.Doc({ gc: true });
    applyStored(doc, stored);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return state;
  };
  const compacted = isCompacted(stored);
  const state = compacted ? stored.snapshot!.state : build();
  const total = performance.now() - started;
  const buildStarted = performance.now();
  if (compacted) build();
  const buildMs = compacted ? performance.now() - buildStarted : 0;
  return { totalMs: total, readMs: read - started, buildMs, rows: stored.updates.length + (stored.snapshot ? 1 : 0), stateBytes: state.length };
}

/** Connects a fresh client and times connect -> sync step 2 (the first sync of a cold document), and the upgrade alone. */
async function timeFirstSync(target: RoomTarget): Promise<{ ms: number; upgradeMs: number }> {
  const client = new BenchClient(target, 0, () => {});
  const started = performance.now();
  let upgradeMs = NaN;
  await client.open(60_000, () => (upgradeMs = performance.now() - started));
  const ms = performance.now() - started;
  await client.close();
  return { ms, upgradeMs };
}

interface FirstSyncSample {
  /** Which build: "ours", or "before" (--before). */
  build: string;
  /** First connection after the restart, to an empty board: the server's own warm-up. */
  emptyBoardMs: number;
  /** Then the big board: its document is not in memory, the server is warm. */
  boardMs: number;
  /** Of which the upgrade (until the socket is open: sign-in, document, membership and rights lookups). */
  boardUpgradeMs: number;
  /** The big board once more, now in memory: what a connection costs without the load. */
  againMs: number;
  /** After another restart, the big board as the very first connection (no warm-up at all). */
  firstMs?: number;
  firstUpgradeMs?: number;
}

interface ColdLoadFigures {
  storageBefore: Awaited<ReturnType<typeof loadAsRelayDoes>>[];
  storageAfter: Awaited<ReturnType<typeof loadAsRelayDoes>>[];
  endToEndBefore: FirstSyncSample[];
  endToEndAfter: FirstSyncSample[];
  appendMs: number;
  foldMs: number;
  /** The compacted snapshot read three ways, alternating, in this run (median ms each). */
  snapshotReads: Array<{ label: string; ms: number }>;
  /** Rows left after the relay evicted the board and shut down (it compacts on both). */
  rowsAfterRelay: number;
  /** Yjs alone, no storage: apply the compacted state to a fresh Y.Doc and encode it (median ms): the floor. */
  yjsFloorMs: number;
  compactMs?: number;
  stateBytes: number;
  driver: string;
}

/**
 * The compacted snapshot read the way DocumentStore.load does now (a binary COPY: the bytea's raw bytes), the way it
 * did before (a drizzle select: the bytea as hex text, which postgres.js turns into a UTF-8 string, slices and
 * decodes), and as base64 text; alternating, 7 times each, in the same run.
 */
async function compareSnapshotReads(handle: DbHandle, documentId: string, bytes: number) {
  const store = createDrizzleStore(handle);
  const ways: Array<{ label: string; read: () => Promise<Uint8Array | undefined> }> = [
    { label: 'COPY (FORMAT binary): raw bytes (DocumentStore.load now)', read: async () => (await store.documents.load(documentId)).snapshot?.state },
    {
      label: 'drizzle select, postgres.js bytea parser (before)',
      read: async () => (await handle.db.select({ state: documentSnapshots.state }).from(documentSnapshots).where(eq(documentSnapshots.documentId, documentId)))[0]?.state
    },
    {
      label: "encode(state, 'base64') + Buffer.from",
      read: async () => {
        const rows = await handle.sql.unsafe("select encode(state, 'base64') as s from document_snapshots where document_id = $1", [documentId]);
        return Buffer.from(rows[0].s as string, 'base64');
      }
    }
  ];
  const samples = ways.map(() => [] as number[]);
  for (let round = 0; round < 7; round++) {
    for (const [i, way] of ways.entries()) {
      const started = performance.now();
      const state = await way.read();
      samples[i].push(performance.now() - started);
      if (state?.byteLength !== bytes) throw new Error(`${way.label}: read ${state?.byteLength} bytes, expected ${bytes}`);
    }
  }
  return ways.map((way, i) => ({ label: way.label, ms: summarize(samples[i]).p50 }));
}

async function coldLoad(): Promise<ColdLoadFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gst-bench-load-'));
  const database = config.postgresAdminUrl ? await freshDatabase(config.postgresAdminUrl) : undefined;
  const serverOptions: OurServerOptions = { dataDir, databaseUrl: database?.url };
  const dbTarget: DatabaseConfig = database ? { kind: 'url', url: database.url } : { kind: 'embedded', dataDir };
  const openStore = async () => {
    const handle = await openDatabase(dbTarget, createLogger('warn'));
    return Object.assign(createDrizzleStore(handle), { handle });
  };
  try {
    // A facilitator, a group and two boards, made through the API; the login stays valid across restarts.
    let server = await startOurServer(serverOptions);
    const docName = await server.api.createBoard(server.groupId, 'Board with a long history');
    const emptyDocName = await server.api.createBoard(server.groupId, 'Empty board');
    const cookie = server.api.cookie;
    await server.stop();
    // Each restart is of the app, which (embedded) starts and stops its own PostgreSQL: nothing is warm but the OS
    // page cache. On --postgres only the app restarts; the shared server keeps its buffers.
    const restart = (build: string) => startOurServer({ ...serverOptions, ...(build === 'before' ? { entry: config.before, name: 'before' } : {}) });
    const restartAndSync = async (build: string, firstToo: boolean): Promise<FirstSyncSample> => {
      let sample: FirstSyncSample;
      const restarted = await restart(build);
      try {
        const emptyBoardMs = (await timeFirstSync(ourRoomTarget(restarted.port, emptyDocName, cookie))).ms;
        const board = await timeFirstSync(ourRoomTarget(restarted.port, docName, cookie));
        const againMs = (await timeFirstSync(ourRoomTarget(restarted.port, docName, cookie))).ms;
        sample = { build, emptyBoardMs, boardMs: board.ms, boardUpgradeMs: board.upgradeMs, againMs };
      } finally {
        await restarted.stop();
      }
      if (!firstToo) return sample;
      const again = await restart(build);
      try {
        const first = await timeFirstSync(ourRoomTarget(again.port, docName, cookie));
        return { ...sample, firstMs: first.ms, firstUpgradeMs: first.upgradeMs };
      } finally {
        await again.stop();
      }
    };

    log(`generating ${config.updates} updates`);
    const updates = boardUpdates(config.updates, config.authors);
    const foldStarted = performance.now();
    foldState(null, updates);
    const foldMs = performance.now() - foldStarted;
    // One app process per DATA_DIR: the server is stopped while the storage layer works on its data.
    let store = await openStore();
    const document = (await store.documents.byDocName(docName))!;
    const appendStarted = performance.now();
    for (let i = 0; i < updates.length; i += config.batch) {
      await store.documents.appendUpdates(
        updates.slice(i, i + config.batch).map((update) => ({ documentId: document.id, update })),
        new Date()
      );
    }
    const appendMs = performance.now() - appendStarted;
    log(`appended ${updates.length} updates in ${Math.round(appendMs)} ms (batches of ${config.batch})`);
    const storageBefore = [];
    for (let i = 0; i < config.storageSamples; i++) storageBefore.push(await loadAsRelayDoes(store, document.id));
    await store.close();

    // End to end before compaction: one sample, because the relay compacts a document when it evicts it.
    const endToEndBefore = [await restartAndSync('ours', false)];

    store = await openStore();
    const rowsAfterRelay = (await loadAsRelayDoes(store, document.id)).rows;
    let compactMs: number | undefined;
    if (rowsAfterRelay > 1) {
      const compactStarted = performance.now();
      await store.documents.compact(document.id, foldState);
      compactMs = performance.now() - compactStarted;
    }
    const storageAfter = [];
    for (let i = 0; i < config.storageSamples; i++) storageAfter.push(await loadAsRelayDoes(store, document.id));
    const compactedState = (await store.documents.load(document.id)).snapshot!.state;
    const snapshotReads = await compareSnapshotReads(store.handle, document.id, compactedState.byteLength);
    await store.close();
    const floorSamples = [];
    for (let i = 0; i < config.storageSamples; i++) {
      const started = performance.now();
      const doc = new Y.Doc({ gc: true });
      Y.applyUpdate(doc, compactedState);
      Y.encodeStateAsUpdate(doc);
      floorSamples.push(performance.now() - started);
      doc.destroy();
    }

    const endToEndAfter = [];
    // With --before, the two builds take turns, starting with a different one each round.
    for (let i = 0; i < config.restarts; i++) {
      const builds = config.before ? (i % 2 === 0 ? ['ours', 'before'] : ['before', 'ours']) : ['ours'];
      for (const build of builds) endToEndAfter.push(await restartAndSync(build, true));
    }
    return {
      storageBefore,
      storageAfter,
      endToEndBefore,
      endToEndAfter,
      appendMs,
      foldMs,
      rowsAfterRelay,
      snapshotReads,
      yjsFloorMs: summarize(floorSamples).p50,
      compactMs,
      stateBytes: storageAfter[0].stateBytes,
      driver: database ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PostgreSQL'
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

function printColdLoad(figures: ColdLoadFigures): void {
  const median = (values: number[]) => summarize(values).p50;
  const verdict = (ms: number) => (ms <= COLD_LOAD_TARGET_MS ? 'met' : 'NOT met');
  const storageRow = (label: string, samples: ColdLoadFigures['storageBefore']) => [
    label,
    String(samples[0].rows),
    fixed(samples[0].totalMs, 1),
    fixed(median(samples.map((s) => s.totalMs)), 1),
    fixed(median(samples.map((s) => s.readMs)), 1),
    verdict(median(samples.map((s) => s.totalMs))),
    samples[0].buildMs ? fixed(median(samples.map((s) => s.buildMs)), 1) : '(built above)'
  ];
  console.log(`
cold load of a board with ${config.updates} updates (${config.authors} authors; state ${fixed(figures.stateBytes / 1024, 0)} KiB), ${figures.driver}:`);
  console.log(
    table(
      ['storage layer: read until the first answer', 'rows', 'first ms', 'median ms', 'of which read ms', `<= ${COLD_LOAD_TARGET_MS} ms`, 'then building the Y.Doc ms'],
      [
        storageRow('before compaction', figures.storageBefore),
        storageRow('after compaction', figures.storageAfter),
        ['Yjs alone: apply the compacted state + encode', '-', '-', fixed(figures.yjsFloorMs, 1), '-', verdict(figures.yjsFloorMs), '-']
      ]
    )
  );
  const fastest = Math.min(...figures.snapshotReads.map((r) => r.ms));
  console.log(
    table(
      ['the compacted snapshot, read three ways in this run (7 each, alternating)', 'median ms', 'ratio'],
      figures.snapshotReads.map((r) => [r.label, fixed(r.ms, 1), `x${fixed(r.ms / fastest, 2)}`])
    )
  );
  const list = (values: Array<number | undefined>) => values.map((v) => (v === undefined ? '-' : fixed(v, 0))).join(', ');
  const e2eRow = (label: string, samples: FirstSyncSample[]) => [
    label,
    list(samples.map((s) => s.emptyBoardMs)),
    list(samples.map((s) => s.boardMs)),
    fixed(median(samples.map((s) => s.boardMs)), 1),
    fixed(median(samples.map((s) => s.boardUpgradeMs)), 1),
    list(samples.map((s) => s.againMs)),
    samples[0].firstMs === undefined ? '-' : list(samples.map((s) => s.firstMs)),
    samples[0].firstMs === undefined ? '-' : fixed(median(samples.map((s) => s.firstMs!)), 1),
    samples[0].firstMs === undefined ? '-' : fixed(median(samples.map((s) => s.firstUpgradeMs!)), 1),
    verdict(Math.max(median(samples.map((s) => s.boardMs)), samples[0].firstMs === undefined ? 0 : median(samples.map((s) => s.firstMs!))))
  ];
  const builds = config.before ? ['ours', 'before'] : ['ours'];
  const afterRows = builds.map((build) =>
    e2eRow(`after compaction${config.before ? `, ${build === 'ours' ? 'build/server.js' : config.before}` : ''}`, figures.endToEndAfter.filter((s) => s.build === build))
  );
  console.log(
    table(
      [
        'end to end: restarted server, connect -> sync step 2',
        'empty board first ms',
        'this board ms',
        'median ms',
        'of which upgrade ms',
        'again, in memory ms',
        'as the first connection ms',
        'median ms',
        'of which upgrade ms',
        `<= ${COLD_LOAD_TARGET_MS} ms`
      ],
      [e2eRow('before compaction', figures.endToEndBefore), ...afterRows]
    )
  );
  if (config.before) {
    const of = (build: string, pick: (s: FirstSyncSample) => number) => median(figures.endToEndAfter.filter((s) => s.build === build).map(pick));
    const ratioOf = (pick: (s: FirstSyncSample) => number) => `x${fixed(of('ours', pick) / of('before', pick), 2)}`;
    console.log(
      `build/server.js against ${config.before} (medians, same data, alternating restarts): board after the warm-up ${ratioOf((s) => s.boardMs)}, ` +
        `as the first connection ${ratioOf((s) => s.firstMs!)}, in memory ${ratioOf((s) => s.againMs)}, empty board first ${ratioOf((s) => s.emptyBoardMs)}`
    );
  }
  console.log(
    `appending ${config.updates} updates through the storage layer took ${fixed(figures.appendMs / 1000, 1)} s (${fixed(config.updates / (figures.appendMs / 1000), 0)} rows/s, ${config.batch} per transaction); ` +
      `folding them into one state (the CPU part of compaction) took ${fixed(figures.foldMs, 0)} ms. ` +
      `After the relay evicted the board and shut down, ${figures.rowsAfterRelay} row(s) were left` +
      (figures.compactMs === undefined ? ' (it had compacted the log itself).' : `; compacting them took ${fixed(figures.compactMs, 0)} ms.`)
  );
  console.log(
    '(end to end: each restart is of the app, which starts and stops its embedded PostgreSQL too (with --postgres only the app restarts); ' +
      'it first opens an empty board, which warms the process, then times the big board: the document is cold, the process is not. ' +
      '"as the first connection": another restart, and the big board is the first thing anyone opens. "upgrade": until the socket is open.)'
  );
}

interface CycleFigures {
  name: string;
  baselineMiB: number;
  peakMiB: number;
  afterMiB: number;
  cyclesPerSecond: number;
  failures: number;
  residue?: string;
}

/** RSS before and after `cycles` connect / sync / disconnect cycles on one room, `concurrency` at a time. */
async function cycles(server: ServerUnderTest): Promise<CycleFigures> {
  try {
    const [room] = await server.rooms(1);
    let failures = 0;
    const run = async (count: number, onEach?: () => void) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const index = next++;
          const client = new BenchClient(room, index, () => {});
          await client.open(30_000).catch(() => failures++);
          await client.close();
          onEach?.();
        }
      };
      await Promise.all(Array.from({ length: config.cycleConcurrency }, worker));
    };
    await run(200);
    await sleep(config.settleMs);
    const baseline = sampleProcess(server.pid).rssBytes;
    let peak = baseline;
    let done = 0;
    const started = performance.now();
    await run(config.cycles, () => {
      if (++done % 500 === 0) peak = Math.max(peak, sampleProcess(server.pid).rssBytes);
    });
    const seconds = (performance.now() - started) / 1000;
    log(`${server.name}: ${config.cycles} cycles in ${fixed(seconds, 1)} s; waiting ${config.settleMs / 1000} s for eviction`);
    await sleep(config.settleMs);
    const after = sampleProcess(server.pid).rssBytes;
    const metrics = await server.metrics();
    const gauge = (name: string) => metrics?.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1];
    return {
      name: server.name,
      baselineMiB: baseline / MiB,
      peakMiB: Math.max(peak, after) / MiB,
      afterMiB: after / MiB,
      cyclesPerSecond: config.cycles / seconds,
      failures,
      residue: metrics ? `connections ${gauge('relay_connections')}, documents in memory ${gauge('relay_documents_in_memory')}` : undefined
    };
  } finally {
    await server.stop();
  }
}

function printCycles(results: CycleFigures[]): void {
  console.log(`\nRSS after ${config.cycles} connect / sync / disconnect cycles on one room (${config.cycleConcurrency} at a time), measured ${config.settleMs / 1000} s after the last:`);
  console.log(
    table(
      ['server', 'baseline MiB', 'peak MiB', 'after MiB', 'after - baseline', 'cycles/s', 'failed', 'left in memory (/metrics)'],
      results.map((r) => [
        r.name,
        fixed(r.baselineMiB, 1),
        fixed(r.peakMiB, 1),
        fixed(r.afterMiB, 1),
        `${r.afterMiB - r.baselineMiB >= 0 ? '+' : ''}${fixed(r.afterMiB - r.baselineMiB, 1)} MiB (${fixed((100 * (r.afterMiB - r.baselineMiB)) / r.baselineMiB, 1)} %)`,
        fixed(r.cyclesPerSecond, 0),
        String(r.failures),
        r.residue ?? '-'
      ])
    )
  );
  console.log('(baseline: after 200 warm-up cycles and the same settling time; RSS includes memory V8 keeps for reuse, so compare with the references.)');
}

async function main(): Promise<void> {
  if (flags.has('build')) execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO, stdio: 'inherit' });
  const problem = ourBuildProblem();
  if (problem) log(`warning: ${problem}`);
  console.log(`load benchmark, ${new Date().toISOString()}; our server: build/server.js on ${config.postgresAdminUrl ? 'PostgreSQL' : 'the embedded PostgreSQL'}`);
  if (!flags.has('skip-cold')) printColdLoad(await coldLoad());
  if (!flags.has('skip-cycles')) {
    const factories: Record<string, () => Promise<ServerUnderTest>> = {
      ours: () => startOurServer({ postgresAdminUrl: config.postgresAdminUrl }),
      'y-websocket': startYWebsocketServer,
      hocuspocus: startHocuspocusServer
    };
    const results: CycleFigures[] = [];
    for (const name of listFlag(flags, 'servers', ['ours', 'y-websocket', 'hocuspocus'])) {
      results.push(await cycles(await factories[name]()));
    }
    printCycles(results);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

/**
 * Board benchmark: frame time while panning and zooming a board of 5,000 strokes in headless Chromium, against a
 * vector redraw every frame and a naive one (no Path2D cache, no culling; see page.ts); the document size after
 * 10,000 strokes drawn live, against the same strokes as plain JSON; and the latency of a remote stroke between two
 * Chromium pages of the real app through build/server.js on loopback (latency.ts).
 * Run: `npx tsx bench/board/run.ts [--strokes 5000] [--size-strokes 10000] [--latency-strokes 200] [--pace 100]
 * [--parts frames,size,latency]` (the latency part needs `npm run build`).
 */
import { build } from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { launchBrowser } from '../../tests/e2e/harness';
import { listFlag, numberFlag, parseArgs } from '../lib/args';
import { fixed, ratio, summarize, table } from '../lib/stats';
import { readBoard } from '../../src/lib/core/board/read';
import { ourBuildProblem, startOurServer } from '../lib/servers';
import { drawStrokes } from './strokes';
import { remoteStrokeLatency } from './latency';
import type { PageFigures } from './page';

const FRAME_TARGET_MS = 8;
const REMOTE_STROKE_TARGET_MS = 50;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flags = parseArgs(process.argv.slice(2));
const frameStrokes = numberFlag(flags, 'strokes', 5000);
const sizeStrokes = numberFlag(flags, 'size-strokes', 10_000);
const latencyStrokes = numberFlag(flags, 'latency-strokes', 200);
const paceMs = numberFlag(flags, 'pace', 100);
const parts = listFlag(flags, 'parts', ['frames', 'size', 'latency']);
/** The relay's production limits, not the relay benchmark's lifted ones: a person drawing must stay within them. */
const PRODUCTION_RELAY_LIMITS = { RELAY_MAX_DOCUMENTS_PER_LOGIN: '20', RELAY_MESSAGES_PER_SECOND: '100', RELAY_MESSAGE_BURST: '300' };

function documentSize() {
  const doc = new Y.Doc();
  let logBytes = 0;
  let updates = 0;
  doc.on('update', (update: Uint8Array) => {
    logBytes += update.byteLength;
    updates++;
  });
  let started = performance.now();
  drawStrokes(doc, sizeStrokes);
  const drawMs = performance.now() - started;
  const state = Y.encodeStateAsUpdate(doc);
  started = performance.now();
  const loaded = new Y.Doc();
  Y.applyUpdate(loaded, state);
  const loadMs = performance.now() - started;
  started = performance.now();
  const { items } = readBoard(loaded);
  const readMs = performance.now() - started;
  // Reference: the same strokes as plain JSON, coordinates to a tenth of a unit (what a naive store would keep).
  const json = JSON.stringify(
    items.map((item) => (item.kind === 'stroke' ? { colour: item.colour, width: item.width, points: item.points.map((v) => Math.round(v * 100) / 100) } : null))
  );
  const points = items.reduce((sum, item) => sum + (item.kind === 'stroke' ? item.points.length / 3 : 0), 0);
  return { state: state.byteLength, json: new TextEncoder().encode(json).byteLength, logBytes, updates, points, drawMs, loadMs, readMs };
}

async function frameTimes(): Promise<PageFigures> {
  const bundle = await build({
    entryPoints: [path.join(root, 'bench/board/page.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
    alias: { $lib: path.join(root, 'src/lib') },
    logLevel: 'error'
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    return (await page.evaluate(
      (count) => (globalThis as unknown as { runBoardBench: (n: number) => Promise<unknown> }).runBoardBench(count),
      frameStrokes
    )) as PageFigures;
  } finally {
    await browser.close();
  }
}

const kib = (bytes: number) => `${fixed(bytes / 1024, 0)} KiB`;

async function printFrames() {
  const frames = await frameTimes();
  console.log(`\nBoard frame time, ${frameStrokes} strokes, 1280×800 canvas, headless Chromium (software raster); per frame: draw + raster`);
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`);
  console.log(`board built and read in ${fixed(frames.build, 0)} ms; first frame (builds every Path2D) ${fixed(frames.firstFrame, 0)} ms\n`);
  console.log(
    table(
      ['scenario (one stroke being drawn live)', 'p50 ms', 'p95 ms', 'max ms', 'target p95', 'vector p95', 'naive p95', 'vector / ours', 'naive / ours'],
      frames.scenarios.map(({ name, ours, vector, naive }) => {
        const [o, v, n] = [summarize(ours), summarize(vector), summarize(naive)];
        return [
          name,
          fixed(o.p50, 2),
          fixed(o.p95, 2),
          fixed(o.max, 2),
          `<= ${FRAME_TARGET_MS} ${o.p95 <= FRAME_TARGET_MS ? 'met' : 'MISSED'}`,
          fixed(v.p95, 1),
          fixed(n.p95, 1),
          ratio(v.p95, o.p95),
          ratio(n.p95, o.p95)
        ];
      })
    )
  );
  console.log('\nonce the camera stops (not a gesture frame):');
  for (const { name, ms } of frames.settle) console.log(`  ${name}: ${fixed(ms, 1)} ms`);
}

function printSize() {
  const size = documentSize();
  console.log(`\nDocument size after ${sizeStrokes} strokes drawn live (${size.points} points, ${size.updates} updates)\n`);
  console.log(
    table(
      ['measure', 'value', 'per stroke', 'reference (plain JSON)', 'ours / reference'],
      [
        ['Yjs state (Y.encodeStateAsUpdate)', kib(size.state), `${fixed(size.state / sizeStrokes, 0)} B`, kib(size.json), ratio(size.state, size.json)],
        ['update log before compaction', kib(size.logBytes), `${fixed(size.logBytes / sizeStrokes, 0)} B`, kib(size.json), ratio(size.logBytes, size.json)]
      ]
    )
  );
  console.log(`\ndraw into Y.Doc ${fixed(size.drawMs, 0)} ms; load state ${fixed(size.loadMs, 0)} ms; read for rendering ${fixed(size.readMs, 0)} ms`);
}

async function latency() {
  const problem = ourBuildProblem();
  if (problem) {
    console.log(`\nRemote stroke latency skipped: ${problem}`);
    return;
  }
  const server = await startOurServer({ env: PRODUCTION_RELAY_LIMITS });
  try {
    const figures = await remoteStrokeLatency(server, latencyStrokes, paceMs);
    console.log(`\nmachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`);
    console.log(
      `Remote stroke latency, ${latencyStrokes} strokes drawn with the mouse on page A, seen on page B (two Chromium pages, ${server.name}, loopback, one stroke every ~${paceMs} ms after the last was seen)\n`
    );
    const rows = [
      ['in B’s document (A pointerdown → B board shows it)', figures.inDocument],
      ['drawn on B (… → end of B’s next frame)', figures.drawn]
    ] as const;
    console.log(
      table(
        ['measure', 'p50 ms', 'p95 ms', 'max ms', 'target p95'],
        rows.map(([name, values]) => {
          const summary = summarize(values);
          return [name, fixed(summary.p50, 1), fixed(summary.p95, 1), fixed(summary.max, 1), `<= ${REMOTE_STROKE_TARGET_MS} ${summary.p95 <= REMOTE_STROKE_TARGET_MS ? 'met' : 'MISSED'}`];
        })
      )
    );
  } finally {
    await server.stop();
  }
}

if (parts.includes('frames')) await printFrames();
if (parts.includes('size')) printSize();
if (parts.includes('latency')) await latency();

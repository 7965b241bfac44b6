/**
 * Browser side of the board benchmark (bundled by run.ts with esbuild). Draws a board of N strokes while the camera
 * pans and zooms, timing each frame including rasterisation (a 1-pixel read-back makes the canvas finish drawing
 * before the clock stops), three ways:
 * - ours: BoardCanvas as Board.svelte uses it (cached scene moved by one drawImage, live strokes on top);
 * - vector: the renderer alone redrawing every item each frame, with its Path2D cache and culling;
 * - naive: a full vector redraw with neither (outlines recomputed every frame), the reference.
 */
import * as Y from 'yjs';
import type { Camera } from '../../src/lib/core/board/camera';
import type { BoardItem } from '../../src/lib/core/board/elements';
import { readBoard } from '../../src/lib/core/board/read';
import { BoardCanvas, SETTLE_MS } from '../../src/lib/components/board/board-canvas';
import { BoardRenderer } from '../../src/lib/components/board/renderer';
import { drawStrokes } from './strokes';

const screen = { width: 1280, height: 800 };
const FRAME_MS = 16;

export interface ScenarioFigures {
  name: string;
  ours: number[];
  vector: number[];
  naive: number[];
}

export interface PageFigures {
  build: number;
  firstFrame: number;
  settle: { name: string; ms: number }[];
  scenarios: ScenarioFigures[];
}

function timed(ctx: CanvasRenderingContext2D, draw: () => void): number {
  const started = performance.now();
  draw();
  ctx.getImageData(0, 0, 1, 1);
  return performance.now() - started;
}

function scenarios(): Record<string, Camera[]> {
  const pan = (zoom: number) => Array.from({ length: 120 }, (_, frame) => ({ x: 1000 + frame * 12, y: 800 + frame * 5, zoom }));
  const zoom = Array.from({ length: 120 }, (_, frame) => {
    const t = frame < 60 ? frame / 59 : (119 - frame) / 59;
    const value = 2 * Math.pow(0.15 / 2, t);
    return { x: 3000 - screen.width / 2 / value, y: 2000 - screen.height / 2 / value, zoom: value };
  });
  return { 'pan at zoom 1': pan(1), 'pan zoomed out (0.2)': pan(0.2), 'zoom 2 → 0.15 → 2': zoom };
}

async function run(count: number): Promise<PageFigures> {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const doc = new Y.Doc();
  let started = performance.now();
  drawStrokes(doc, count);
  const { items } = readBoard(doc);
  const build = performance.now() - started;

  const view = new BoardCanvas(ctx);
  view.resize(screen, 1);
  let now = 0;
  const firstFrame = timed(ctx, () => view.render({ x: -500, y: -500, zoom: 0.15 }, items, [], now));

  // A stroke someone is drawing meanwhile: drawn live on top of the cached scene every frame.
  const liveStroke = { ...(items.find((item) => item.kind === 'stroke') as BoardItem), id: 'live', done: false } as BoardItem;
  const vector = new BoardRenderer();
  const naive = new BoardRenderer({ cachePaths: false, cull: false });
  const figures: ScenarioFigures[] = [];
  for (const [name, cameras] of Object.entries(scenarios())) {
    // Settle on the first camera, as a person would have been looking at it before moving.
    now += 10_000;
    view.render(cameras[0], items, [], now);
    now += 10_000;
    view.render(cameras[0], items, [], now);
    const ours = cameras.map((camera) => timed(ctx, () => view.render(camera, items, [liveStroke], (now += FRAME_MS))));
    const vectorFrames = cameras.map((camera) => timed(ctx, () => vector.draw(ctx, items, camera, screen, 1)));
    const naiveFrames = cameras.filter((_, index) => index % 6 === 0).map((camera) => timed(ctx, () => naive.draw(ctx, items, camera, screen, 1)));
    figures.push({ name, ours, vector: vectorFrames, naive: naiveFrames });
  }

  // The crisp redraw once the camera stops (not during the gesture), at two zooms.
  const settle = [1, 0.2].map((zoom) => {
    const camera = { x: 2500, y: 1500, zoom };
    view.render(camera, items, [], (now += FRAME_MS));
    now += SETTLE_MS * 2;
    return { name: `settle redraw at zoom ${zoom}`, ms: timed(ctx, () => view.render(camera, items, [], now)) };
  });
  return { build, firstFrame, settle, scenarios: figures };
}

(globalThis as unknown as { runBoardBench: typeof run }).runBoardBench = run;

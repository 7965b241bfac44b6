/** Synthetic freehand strokes for the board benchmarks: seeded random walks, drawn the way the canvas draws them. */
import * as Y from 'yjs';
import { appendStrokePoints, finishStroke, startStroke, type InputPoint } from '../../src/lib/core/board/document';
import { INK_COLOURS, WIDTHS } from '../../src/lib/core/board/elements';

/** A small deterministic PRNG (mulberry32), so every run draws the same board. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StrokeShape {
  colour: string;
  width: number;
  points: InputPoint[];
}

/** One handwriting-sized stroke: 20 to 80 points, 2 to 6 units apart, somewhere on a board of `area` units. */
export function randomStroke(random: () => number, area: { w: number; h: number }): StrokeShape {
  const count = 20 + Math.floor(random() * 60);
  let x = random() * area.w;
  let y = random() * area.h;
  let angle = random() * Math.PI * 2;
  const points: InputPoint[] = [];
  for (let index = 0; index < count; index++) {
    angle += (random() - 0.5) * 0.8;
    const step = 2 + random() * 4;
    x += Math.cos(angle) * step;
    y += Math.sin(angle) * step;
    points.push({ x, y, pressure: 0.3 + random() * 0.5 });
  }
  return {
    colour: INK_COLOURS[Math.floor(random() * INK_COLOURS.length)].value,
    width: WIDTHS[Math.floor(random() * WIDTHS.length)].value,
    points
  };
}

/** Draws `count` strokes into `doc` as a person would: a start, then a few points per animation frame, then done. */
export function drawStrokes(doc: Y.Doc, count: number, seed = 1, area = { w: 6000, h: 4000 }): void {
  const random = seededRandom(seed);
  const origin = { bench: true };
  for (let index = 0; index < count; index++) {
    const stroke = randomStroke(random, area);
    const id = startStroke(doc, { author: `user-${index % 8}`, colour: stroke.colour, width: stroke.width, points: stroke.points.slice(0, 1) }, origin);
    for (let at = 1; at < stroke.points.length; at += 3) appendStrokePoints(doc, id, stroke.points.slice(at, at + 3), origin);
    finishStroke(doc, id, origin);
  }
}

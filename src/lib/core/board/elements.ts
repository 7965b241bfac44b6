/**
 * The board's elements as plain render data: what the canvas, the SVG export, hit-testing and the screen-reader list
 * read. The Yjs shape they are read from lives in document.ts; everything here is plain and immutable.
 */

export const ELEMENT_KINDS = ['stroke', 'line', 'arrow', 'rectangle', 'ellipse', 'sticky', 'text'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface ItemBase {
  id: string;
  /** userId of whoever made it. */
  author: string;
  /** Stacking order: higher is drawn later (on top); ties are broken by id so every peer draws the same. */
  z: number;
  /** Ink colour (stroke, line, outline, text) or paper colour (sticky note), `#rrggbb`. */
  colour: string;
  /** Placed by a layout (grid, triangle, timeline) rather than drawn by someone. */
  layout: boolean;
}

export interface StrokeItem extends ItemBase {
  kind: 'stroke';
  /** Flat `[x, y, pressure, x, y, pressure, ...]` in board units, pressure 0..1. */
  points: readonly number[];
  width: number;
  highlighter: boolean;
  /** The pen has lifted; while false, remote peers are watching it being drawn. */
  done: boolean;
}

/** The two ends of a line or arrow; an arrow points at (x2, y2). */
export interface LineEnds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LineItem extends ItemBase, LineEnds {
  kind: 'line' | 'arrow';
  width: number;
}

export interface ShapeItem extends ItemBase, Rect {
  kind: 'rectangle' | 'ellipse';
  width: number;
  /** Fill colour, or null for an outline only. */
  fill: string | null;
}

export interface StickyItem extends ItemBase, Rect {
  kind: 'sticky';
  text: string;
}

export interface TextItem extends ItemBase, Rect {
  kind: 'text';
  text: string;
  fontSize: number;
}

export type BoardItem = StrokeItem | LineItem | ShapeItem | StickyItem | TextItem;

/** An element that could not be read; it is skipped, never drawn half-way. */
export interface BoardProblem {
  id: string;
  reason: string;
}

export interface NamedColour {
  name: string;
  value: string;
}

/** Ink colours, each with a name for the toolbar's labels. Dark enough for text on white (WCAG AA). */
export const INK_COLOURS: readonly NamedColour[] = [
  { name: 'Black', value: '#1f2a33' },
  { name: 'Blue', value: '#1b5fd1' },
  { name: 'Green', value: '#2e7d32' },
  { name: 'Red', value: '#c62828' },
  { name: 'Purple', value: '#6a3fb5' },
  { name: 'Orange', value: '#b45309' }
];

export const HIGHLIGHTER_COLOURS: readonly NamedColour[] = [
  { name: 'Yellow', value: '#ffd400' },
  { name: 'Green', value: '#5ee08a' },
  { name: 'Pink', value: '#ff7eb6' },
  { name: 'Blue', value: '#6ec6ff' }
];

export const STICKY_COLOURS: readonly NamedColour[] = [
  { name: 'Yellow', value: '#fff1a8' },
  { name: 'Pink', value: '#ffd6e3' },
  { name: 'Green', value: '#d4f5d0' },
  { name: 'Blue', value: '#d6e9ff' },
  { name: 'Orange', value: '#ffe0c2' }
];

export const WIDTHS: readonly { name: string; value: number }[] = [
  { name: 'Thin', value: 2 },
  { name: 'Medium', value: 4 },
  { name: 'Thick', value: 8 }
];

/** The highlighter is this many times wider than the pen at the same width setting. */
export const HIGHLIGHTER_SCALE = 4;
export const HIGHLIGHTER_ALPHA = 0.35;

export const STICKY_SIZE = 200;
export const STICKY_FONT_SIZE = 20;
export const DEFAULT_FONT_SIZE = 24;

/** Limits that keep one element from swamping the board (and the relay). */
export const LIMITS = {
  textLength: 2000,
  pointsPerStroke: 20_000,
  coordinate: 1_000_000,
  width: 200,
  fontSize: 400
} as const;

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

export function isColour(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOUR.test(value);
}

export function isBoxItem(item: BoardItem): item is ShapeItem | StickyItem | TextItem {
  return item.kind === 'rectangle' || item.kind === 'ellipse' || item.kind === 'sticky' || item.kind === 'text';
}

export function hasText(item: BoardItem): item is StickyItem | TextItem {
  return item.kind === 'sticky' || item.kind === 'text';
}

/** Stacking order every peer agrees on: by z, then by id. */
export function compareStacking(a: { z: number; id: string }, b: { z: number; id: string }): number {
  return a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Reading the board's Yjs document into plain render data. Reading never throws and never gives up on the whole
 * board: an element that is malformed (a field of the wrong type, an unknown kind from a newer client) is skipped
 * and reported, and everything else is drawn.
 */
import * as Y from 'yjs';
import {
  type BoardItem,
  type BoardProblem,
  type ElementKind,
  ELEMENT_KINDS,
  LIMITS,
  compareStacking,
  isColour
} from './elements';
import { POINT_SCALE, PRESSURE_SCALE, boardElements } from './document';

export type ReadResult = { item: BoardItem } | { problem: BoardProblem };

class Malformed extends Error {}

function fail(reason: string): never {
  throw new Malformed(reason);
}

function field(element: Y.Map<unknown>, key: string): unknown {
  return element.get(key);
}

function finite(element: Y.Map<unknown>, key: string, fallback?: number): number {
  const value = field(element, key);
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > LIMITS.coordinate) {
    fail(`${key} is not a number`);
  }
  return value;
}

function positive(element: Y.Map<unknown>, key: string, max: number): number {
  const value = finite(element, key);
  if (value <= 0 || value > max) fail(`${key} is out of range`);
  return value;
}

function colour(element: Y.Map<unknown>, key: string): string {
  const value = field(element, key);
  if (!isColour(value)) fail(`${key} is not a colour`);
  return value;
}

function text(element: Y.Map<unknown>): string {
  const value = field(element, 'text');
  if (!(value instanceof Y.Text)) fail('text is missing');
  return value.toString().slice(0, LIMITS.textLength);
}

function box(element: Y.Map<unknown>) {
  return { x: finite(element, 'x'), y: finite(element, 'y'), w: positive(element, 'w', LIMITS.coordinate), h: positive(element, 'h', LIMITS.coordinate) };
}

function strokePoints(element: Y.Map<unknown>): number[] {
  const points = field(element, 'points');
  if (!(points instanceof Y.Array)) fail('points are missing');
  const [x, y, sx, sy] = [finite(element, 'x', 0), finite(element, 'y', 0), finite(element, 'sx', 1), finite(element, 'sy', 1)];
  const raw = points.toArray();
  const flat: number[] = [];
  // A trailing partial triple (or a non-number) is dropped rather than failing the stroke.
  for (let index = 0; index + 2 < raw.length && flat.length < LIMITS.pointsPerStroke * 3; index += 3) {
    const [px, py, pressure] = [raw[index], raw[index + 1], raw[index + 2]];
    if (typeof px !== 'number' || typeof py !== 'number' || typeof pressure !== 'number') continue;
    if (!Number.isFinite(px) || !Number.isFinite(py) || !Number.isFinite(pressure)) continue;
    flat.push(x + (px / POINT_SCALE) * sx, y + (py / POINT_SCALE) * sy, Math.max(0, Math.min(1, pressure / PRESSURE_SCALE)));
  }
  if (flat.length === 0) fail('stroke has no points');
  return flat;
}

function readKind(element: Y.Map<unknown>): ElementKind {
  const kind = field(element, 'kind');
  if (typeof kind !== 'string' || !(ELEMENT_KINDS as readonly string[]).includes(kind)) {
    fail(`unknown kind ${JSON.stringify(String(kind).slice(0, 40))}`);
  }
  return kind as ElementKind;
}

function readFields(id: string, element: Y.Map<unknown>): BoardItem {
  const kind = readKind(element);
  const author = field(element, 'author');
  const base = {
    id,
    author: typeof author === 'string' ? author : '',
    z: finite(element, 'z', 0),
    colour: colour(element, 'colour'),
    layout: field(element, 'layout') === true
  };
  switch (kind) {
    case 'stroke':
      return {
        ...base,
        kind,
        points: strokePoints(element),
        width: positive(element, 'width', LIMITS.width),
        highlighter: field(element, 'highlighter') === true,
        done: field(element, 'done') !== false
      };
    case 'line':
    case 'arrow':
      return {
        ...base,
        kind,
        x1: finite(element, 'x1'),
        y1: finite(element, 'y1'),
        x2: finite(element, 'x2'),
        y2: finite(element, 'y2'),
        width: positive(element, 'width', LIMITS.width)
      };
    case 'rectangle':
    case 'ellipse': {
      const fill = field(element, 'fill');
      return { ...base, kind, ...box(element), width: positive(element, 'width', LIMITS.width), fill: isColour(fill) ? fill : null };
    }
    case 'sticky':
      return { ...base, kind, ...box(element), text: text(element) };
    case 'text':
      return { ...base, kind, ...box(element), text: text(element), fontSize: positive(element, 'fontSize', LIMITS.fontSize) };
  }
}

/** Reads one element; a malformed one comes back as a problem, never as an exception. */
export function readElement(id: string, value: unknown): ReadResult {
  if (!(value instanceof Y.Map)) return { problem: { id, reason: 'not a map' } };
  try {
    return { item: readFields(id, value) };
  } catch (error) {
    const reason = error instanceof Malformed ? error.message : `unreadable: ${String(error).slice(0, 80)}`;
    return { problem: { id, reason } };
  }
}

export interface BoardContent {
  /** Drawable items in stacking order, bottom first. */
  items: BoardItem[];
  /** Elements that were skipped. */
  problems: BoardProblem[];
}

/** Reads the whole board. */
export function readBoard(doc: Y.Doc): BoardContent {
  const reader = new BoardReader(doc);
  return { items: reader.items(), problems: reader.problems() };
}

/** The ids of the elements that a batch of `observeDeep` events on the elements map touched. */
export function touchedElementIds(events: readonly Y.YEvent<Y.AbstractType<unknown>>[], elements: Y.Map<Y.Map<unknown>>): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.target === elements && event instanceof Y.YMapEvent) {
      for (const key of event.keysChanged) ids.add(key);
    } else {
      const [first] = event.path;
      if (typeof first === 'string') ids.add(first);
    }
  }
  return ids;
}

/**
 * Keeps the board's render data up to date by re-reading only the elements a change touched: with thousands of
 * strokes, one new point must not re-read them all.
 */
export class BoardReader {
  private readonly elements: Y.Map<Y.Map<unknown>>;
  private readonly byId = new Map<string, BoardItem>();
  private readonly problemsById = new Map<string, BoardProblem>();
  private sorted: BoardItem[] | null = null;

  constructor(doc: Y.Doc) {
    this.elements = boardElements(doc);
    this.refresh(this.elements.keys());
  }

  /** Re-reads the given ids (deleted ones are dropped). */
  refresh(ids: Iterable<string>): void {
    for (const id of ids) {
      this.byId.delete(id);
      this.problemsById.delete(id);
      if (!this.elements.has(id)) continue;
      const result = readElement(id, this.elements.get(id));
      if ('item' in result) this.byId.set(id, result.item);
      else this.problemsById.set(id, result.problem);
    }
    this.sorted = null;
  }

  /** Re-reads what a batch of observeDeep events touched; returns the ids. */
  applyEvents(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
    const ids = touchedElementIds(events, this.elements);
    this.refresh(ids);
    return ids;
  }

  get(id: string): BoardItem | undefined {
    return this.byId.get(id);
  }

  items(): BoardItem[] {
    this.sorted ??= Array.from(this.byId.values()).sort(compareStacking);
    return this.sorted;
  }

  problems(): BoardProblem[] {
    return Array.from(this.problemsById.values());
  }
}

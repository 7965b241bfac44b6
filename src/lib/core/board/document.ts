/**
 * The board's Yjs document and the operations on it. Each operation is one transaction with the caller's origin,
 * so an undo manager that tracks that origin undoes exactly one's own changes.
 *
 * Shape: `doc.getMap('elements')` maps an element id to a Y.Map of its fields:
 * - every kind: kind, author, z (stacking number, see order.ts), colour, layout (optional, boolean)
 * - stroke: points (Y.Array<number> of quantised x, y, pressure triples, relative to the stroke's own frame),
 *   x, y (translation), sx, sy (scale), width, highlighter, done
 * - line, arrow: x1, y1, x2, y2, width
 * - rectangle, ellipse: x, y, w, h, width, fill (colour or null)
 * - sticky: x, y, w, h, text (Y.Text, so two people typing in one note merge)
 * - text: x, y, w, h, fontSize, text (Y.Text)
 * Points are appended while the pen moves, so others see a stroke while it is drawn.
 */
import * as Y from 'yjs';
import type { ElementKind, LineEnds, Point, Rect } from './elements';
import { LIMITS } from './elements';
import { stackingOrder, zAbove, zForReorder, type ReorderDirection } from './order';

export const ELEMENTS_KEY = 'elements';

/** Coordinates are stored as integers in tenths of a board unit, pressure in hundredths: compact in Yjs updates. */
export const POINT_SCALE = 10;
export const PRESSURE_SCALE = 100;

export type ElementMap = Y.Map<unknown>;

export function boardElements(doc: Y.Doc): Y.Map<ElementMap> {
  return doc.getMap<ElementMap>(ELEMENTS_KEY);
}

/** A fresh element id: 128 random bits, so two peers never collide (getRandomValues works outside secure contexts too). */
export function newElementId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** An input point: board units, pressure 0..1 (0.5 when the device reports none). */
export interface InputPoint extends Point {
  pressure?: number;
}

interface NewBase {
  id?: string;
  author: string;
  colour: string;
  layout?: boolean;
  /** Stacking position; on top of everything when left out. */
  z?: number;
}

export interface NewStroke extends NewBase {
  width: number;
  highlighter?: boolean;
  points: readonly InputPoint[];
}

export interface NewLine extends NewBase, LineEnds {
  kind: 'line' | 'arrow';
  width: number;
}

export interface NewShape extends NewBase, Rect {
  kind: 'rectangle' | 'ellipse';
  width: number;
  fill?: string | null;
}

export interface NewSticky extends NewBase, Rect {
  kind: 'sticky';
  text?: string;
}

export interface NewText extends NewBase, Rect {
  kind: 'text';
  text?: string;
  fontSize: number;
}

export type NewElement = NewLine | NewShape | NewSticky | NewText;

const clampCoordinate = (value: number) => Math.max(-LIMITS.coordinate, Math.min(LIMITS.coordinate, value));

function quantise(points: readonly InputPoint[]): number[] {
  const flat: number[] = [];
  for (const point of points) {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) continue;
    const pressure = Number.isFinite(point.pressure) ? Math.max(0, Math.min(1, point.pressure!)) : 0.5;
    flat.push(
      Math.round(clampCoordinate(point.x) * POINT_SCALE),
      Math.round(clampCoordinate(point.y) * POINT_SCALE),
      Math.round(pressure * PRESSURE_SCALE)
    );
  }
  return flat;
}

/** Creates the element map under `id` with `fields`, inside the current transaction. */
function insertElement(elements: Y.Map<ElementMap>, id: string, kind: ElementKind, base: NewBase, z: number): ElementMap {
  const element = new Y.Map<unknown>();
  elements.set(id, element);
  element.set('kind', kind);
  element.set('author', base.author);
  element.set('colour', base.colour);
  element.set('z', z);
  if (base.layout) element.set('layout', true);
  return element;
}

/** Starts a stroke with its first points; returns its id. Append with appendStrokePoints, end with finishStroke. */
export function startStroke(doc: Y.Doc, stroke: NewStroke, origin: unknown): string {
  const id = stroke.id ?? newElementId();
  doc.transact(() => {
    const elements = boardElements(doc);
    const element = insertElement(elements, id, 'stroke', stroke, stroke.z ?? zAbove(elements));
    element.set('width', stroke.width);
    element.set('highlighter', stroke.highlighter === true);
    element.set('x', 0);
    element.set('y', 0);
    element.set('sx', 1);
    element.set('sy', 1);
    element.set('done', false);
    const points = new Y.Array<number>();
    element.set('points', points);
    points.push(quantise(stroke.points));
  }, origin);
  return id;
}

/** Adds points to a stroke being drawn. Returns false when the stroke is gone (erased or cleared meanwhile). */
export function appendStrokePoints(doc: Y.Doc, id: string, points: readonly InputPoint[], origin: unknown): boolean {
  const element = boardElements(doc).get(id);
  const target = element instanceof Y.Map ? element.get('points') : undefined;
  if (!(target instanceof Y.Array)) return false;
  const flat = quantise(points);
  if (flat.length === 0) return true;
  if (target.length + flat.length > LIMITS.pointsPerStroke * 3) return false;
  doc.transact(() => target.push(flat), origin);
  return true;
}

export function finishStroke(doc: Y.Doc, id: string, origin: unknown): void {
  const element = boardElements(doc).get(id);
  if (element instanceof Y.Map) doc.transact(() => element.set('done', true), origin);
}

/** A whole stroke in one go (imports, layouts, tests). */
export function addStroke(doc: Y.Doc, stroke: NewStroke, origin: unknown): string {
  let id = '';
  doc.transact(() => {
    id = startStroke(doc, stroke, origin);
    finishStroke(doc, id, origin);
  }, origin);
  return id;
}

/** Adds a line, arrow, shape, sticky note or text label on top of the board; returns its id. */
export function addElement(doc: Y.Doc, input: NewElement, origin: unknown): string {
  const id = input.id ?? newElementId();
  doc.transact(() => {
    const elements = boardElements(doc);
    const element = insertElement(elements, id, input.kind, input, input.z ?? zAbove(elements));
    writeElementFields(element, input);
  }, origin);
  return id;
}

function writeElementFields(element: ElementMap, input: NewElement): void {
  switch (input.kind) {
    case 'line':
    case 'arrow':
      setFields(element, { x1: input.x1, y1: input.y1, x2: input.x2, y2: input.y2, width: input.width });
      return;
    case 'rectangle':
    case 'ellipse':
      setFields(element, { ...boxOf(input), width: input.width });
      element.set('fill', input.fill ?? null);
      return;
    case 'sticky':
    case 'text': {
      setFields(element, { ...boxOf(input) });
      if (input.kind === 'text') element.set('fontSize', input.fontSize);
      const text = new Y.Text();
      element.set('text', text);
      if (input.text) text.insert(0, input.text.slice(0, LIMITS.textLength));
    }
  }
}

const boxOf = (rect: Rect): Rect => ({ x: rect.x, y: rect.y, w: rect.w, h: rect.h });

function setFields(element: ElementMap, fields: Record<string, number>): void {
  for (const [key, value] of Object.entries(fields)) {
    element.set(key, Number.isFinite(value) ? clampCoordinate(value) : 0);
  }
}

function numberField(element: ElementMap, key: string, fallback = 0): number {
  const value = element.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function elementsById(doc: Y.Doc, ids: Iterable<string>): [string, ElementMap][] {
  const elements = boardElements(doc);
  const found: [string, ElementMap][] = [];
  for (const id of ids) {
    const element = elements.get(id);
    if (element instanceof Y.Map) found.push([id, element]);
  }
  return found;
}

/** Moves elements by (dx, dy) board units. */
export function moveElements(doc: Y.Doc, ids: Iterable<string>, dx: number, dy: number, origin: unknown): void {
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) return;
  doc.transact(() => {
    for (const [, element] of elementsById(doc, ids)) {
      const kind = element.get('kind');
      const keys = kind === 'line' || kind === 'arrow' ? [['x1', 'y1'], ['x2', 'y2']] : [['x', 'y']];
      for (const [xKey, yKey] of keys) {
        setFields(element, { [xKey]: numberField(element, xKey) + dx, [yKey]: numberField(element, yKey) + dy });
      }
    }
  }, origin);
}

/** Sets the two ends of a line or arrow (while it is being drawn, or when an end is dragged). */
export function setLineEnds(doc: Y.Doc, id: string, ends: LineEnds, origin: unknown): void {
  const [found] = elementsById(doc, [id]);
  if (!found) return;
  doc.transact(() => setFields(found[1], { ...ends }), origin);
}

/** The smallest frame an element can be resized to, in board units. */
export const MIN_SIZE = 4;

/**
 * Fits an element into a new frame (its geometry without stroke width, see geometry.ts `frameOf`): boxes take it,
 * lines and strokes are scaled from their current frame into it.
 */
export function resizeElement(doc: Y.Doc, id: string, frame: Rect, origin: unknown): void {
  const [found] = elementsById(doc, [id]);
  if (!found || ![frame.x, frame.y, frame.w, frame.h].every(Number.isFinite)) return;
  const element = found[1];
  const target = { ...frame, w: Math.max(MIN_SIZE, frame.w), h: Math.max(MIN_SIZE, frame.h) };
  doc.transact(() => {
    const kind = element.get('kind');
    if (kind === 'line' || kind === 'arrow') resizeLine(element, target);
    else if (kind === 'stroke') resizeStroke(element, target);
    else setFields(element, { ...target });
  }, origin);
}

function scaleInto(from: Rect, to: Rect) {
  const sx = from.w > 0 ? to.w / from.w : 1;
  const sy = from.h > 0 ? to.h / from.h : 1;
  return { sx, sy, map: (x: number, y: number) => ({ x: to.x + (x - from.x) * sx, y: to.y + (y - from.y) * sy }) };
}

function resizeLine(element: ElementMap, to: Rect): void {
  const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((key) => numberField(element, key));
  const from = { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
  const { map } = scaleInto(from, to);
  const start = map(x1, y1);
  const end = map(x2, y2);
  setFields(element, { x1: start.x, y1: start.y, x2: end.x, y2: end.y });
}

function resizeStroke(element: ElementMap, to: Rect): void {
  const points = element.get('points');
  if (!(points instanceof Y.Array) || points.length < 3) return;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const raw = points.toArray();
  for (let index = 0; index + 2 < raw.length; index += 3) {
    const x = raw[index] / POINT_SCALE;
    const y = raw[index + 1] / POINT_SCALE;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) return;
  // A local point p is drawn at (x + p.x * sx, y + p.y * sy).
  const localW = maxX - minX;
  const localH = maxY - minY;
  const nextSx = localW > 0 ? to.w / localW : numberField(element, 'sx', 1);
  const nextSy = localH > 0 ? to.h / localH : numberField(element, 'sy', 1);
  element.set('sx', nextSx);
  element.set('sy', nextSy);
  setFields(element, { x: to.x - minX * nextSx, y: to.y - minY * nextSy });
}

export function deleteElements(doc: Y.Doc, ids: Iterable<string>, origin: unknown): void {
  const elements = boardElements(doc);
  doc.transact(() => {
    for (const id of ids) elements.delete(id);
  }, origin);
}

/** Removes everything from the board in one transaction: undoable as one step by whoever cleared. */
export function clearBoard(doc: Y.Doc, origin: unknown): void {
  const elements = boardElements(doc);
  doc.transact(() => {
    for (const id of Array.from(elements.keys())) elements.delete(id);
  }, origin);
}

/** Brings elements forward or back one step, or to the front or back. */
export function reorderElements(doc: Y.Doc, ids: readonly string[], direction: ReorderDirection, origin: unknown): void {
  const elements = boardElements(doc);
  doc.transact(() => {
    // Move the one nearest the destination first, so a group keeps its own order.
    const rank = new Map(stackingOrder(elements).map((entry, index) => [entry.id, index]));
    const wanted = ids.filter((id) => rank.has(id)).sort((a, b) => rank.get(a)! - rank.get(b)!);
    if (direction === 'forward' || direction === 'back') wanted.reverse();
    for (const id of wanted) zForReorder(elements, id, direction);
  }, origin);
}

/** Sets the ink colour (or a sticky note's paper colour) of elements. */
export function setColour(doc: Y.Doc, ids: Iterable<string>, colour: string, origin: unknown): void {
  doc.transact(() => {
    for (const [, element] of elementsById(doc, ids)) element.set('colour', colour);
  }, origin);
}

/** The Y.Text of a sticky note or text label, to edit in place; undefined for other elements. */
export function elementText(doc: Y.Doc, id: string): Y.Text | undefined {
  const element = boardElements(doc).get(id);
  const text = element instanceof Y.Map ? element.get('text') : undefined;
  return text instanceof Y.Text ? text : undefined;
}

/**
 * Replaces the text of a sticky note or label with `next`, as the smallest edit (common prefix and suffix kept), so a
 * concurrent edit elsewhere in the text survives.
 */
export function editText(doc: Y.Doc, id: string, next: string, origin: unknown): void {
  const text = elementText(doc, id);
  if (!text) return;
  const before = text.toString();
  const after = next.slice(0, LIMITS.textLength);
  const change = textChange(before, after);
  if (!change) return;
  doc.transact(() => {
    if (change.remove > 0) text.delete(change.index, change.remove);
    if (change.insert) text.insert(change.index, change.insert);
  }, origin);
}

/** The single splice that turns `before` into `after`, or null when they are equal. */
export function textChange(before: string, after: string): { index: number; remove: number; insert: string } | null {
  if (before === after) return null;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

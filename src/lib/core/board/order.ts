/**
 * Stacking order as a number per element (a fractional index): bringing one element forward writes only that
 * element's z, so two people reordering different elements never conflict. Ties (two peers adding at once) are
 * broken by id, the same on every peer. When repeated halving runs out of precision, the board is renumbered.
 */
import * as Y from 'yjs';
import { compareStacking } from './elements';

export type ReorderDirection = 'forward' | 'backward' | 'front' | 'back';

interface Stacked {
  id: string;
  z: number;
}

function zOf(element: unknown): number {
  const z = element instanceof Y.Map ? element.get('z') : undefined;
  return typeof z === 'number' && Number.isFinite(z) ? z : 0;
}

/** Elements in stacking order, bottom first. */
export function stackingOrder(elements: Y.Map<Y.Map<unknown>>): Stacked[] {
  const stacked: Stacked[] = [];
  elements.forEach((element, id) => stacked.push({ id, z: zOf(element) }));
  return stacked.sort(compareStacking);
}

/**
 * The highest z handed out or seen per board, so that adding an element does not scan the board (which made drawing
 * n strokes cost n² reads). Scanned once, then kept up by an observer (remote adds, undo, reorders) and by zAbove
 * itself (several adds in one transaction, before any observer runs). It never goes down: after deletions it may
 * sit above every element, which is still "above".
 */
const knownTops = new WeakMap<Y.Map<Y.Map<unknown>>, { top: number }>();

function trackedTop(elements: Y.Map<Y.Map<unknown>>): { top: number } {
  const known = knownTops.get(elements);
  if (known) return known;
  const tracker = { top: -Infinity };
  elements.forEach((element) => (tracker.top = Math.max(tracker.top, zOf(element))));
  elements.observeDeep((events) => {
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent)) continue;
      if (event.target === elements) {
        for (const key of event.keysChanged) {
          if (elements.has(key)) tracker.top = Math.max(tracker.top, zOf(elements.get(key)));
        }
      } else if (event.keysChanged.has('z')) {
        tracker.top = Math.max(tracker.top, zOf(event.target));
      }
    }
  });
  knownTops.set(elements, tracker);
  return tracker;
}

/** A z above every element (0 on a new board). Each call hands out a new one, so adds in one transaction stack. */
export function zAbove(elements: Y.Map<Y.Map<unknown>>): number {
  const tracker = trackedTop(elements);
  const z = Number.isFinite(tracker.top) ? Math.floor(tracker.top) + 1 : 0;
  tracker.top = z;
  return z;
}

/** A z below every element (0 on an empty board). */
export function zBelow(elements: Y.Map<Y.Map<unknown>>): number {
  let bottom = Infinity;
  elements.forEach((element) => (bottom = Math.min(bottom, zOf(element))));
  return Number.isFinite(bottom) ? Math.ceil(bottom) - 1 : 0;
}

function renumber(elements: Y.Map<Y.Map<unknown>>, order: Stacked[]): void {
  order.forEach((entry, index) => {
    entry.z = index;
    elements.get(entry.id)?.set('z', index);
  });
}

/** The z that lies strictly between two others, or undefined when floating point has no room left. */
function between(low: number, high: number): number | undefined {
  const middle = low + (high - low) / 2;
  return middle > low && middle < high ? middle : undefined;
}

/** Writes a new z for `id` (inside the caller's transaction). */
export function zForReorder(elements: Y.Map<Y.Map<unknown>>, id: string, direction: ReorderDirection): void {
  const element = elements.get(id);
  if (!(element instanceof Y.Map)) return;
  if (direction === 'front' || direction === 'back') {
    element.set('z', direction === 'front' ? zAbove(elements) : zBelow(elements));
    return;
  }
  const step = direction === 'forward' ? 1 : -1;
  for (let attempt = 0; attempt < 2; attempt++) {
    const order = stackingOrder(elements);
    const index = order.findIndex((entry) => entry.id === id);
    const neighbour = order[index + step];
    if (!neighbour) return;
    const beyond = order[index + 2 * step];
    const z = beyond ? between(Math.min(neighbour.z, beyond.z), Math.max(neighbour.z, beyond.z)) : neighbour.z + step;
    if (z !== undefined && z !== neighbour.z) {
      element.set('z', z);
      return;
    }
    renumber(elements, order);
  }
}

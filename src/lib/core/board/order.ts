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

/** A z above every element (0 on an empty board). */
export function zAbove(elements: Y.Map<Y.Map<unknown>>): number {
  let top = -Infinity;
  elements.forEach((element) => (top = Math.max(top, zOf(element))));
  return Number.isFinite(top) ? Math.floor(top) + 1 : 0;
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

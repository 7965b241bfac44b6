/** Test helpers for the board model: documents that sync by hand, and element ids in stacking order. */
import * as Y from 'yjs';
import { readBoard } from './read';

/** Sends each document's missing updates to the other, as the relay would. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

export function itemIds(doc: Y.Doc): string[] {
  return readBoard(doc).items.map((item) => item.id);
}

export const ANA = { id: 'user-ana', origin: { user: 'ana' } };
export const BEN = { id: 'user-ben', origin: { user: 'ben' } };

export const line = [
  { x: 0, y: 0, pressure: 0.5 },
  { x: 10, y: 0, pressure: 0.6 },
  { x: 20, y: 5, pressure: 0.7 }
];

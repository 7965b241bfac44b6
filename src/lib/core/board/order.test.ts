import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, boardElements, reorderElements } from './document';
import { stackingOrder } from './order';
import { ANA, BEN, itemIds, line, sync } from './testing';

function board(count: number) {
  const doc = new Y.Doc();
  const ids = Array.from({ length: count }, () => addStroke(doc, { author: ANA.id, colour: '#1f2a33', width: 2, points: line }, ANA.origin));
  return { doc, ids };
}

describe('reorderElements', () => {
  it('brings one element forward and back a step', () => {
    const { doc, ids } = board(4);
    const [a, b, c, d] = ids;
    reorderElements(doc, [a], 'forward', ANA.origin);
    expect(itemIds(doc)).toEqual([b, a, c, d]);
    reorderElements(doc, [d], 'backward', ANA.origin);
    expect(itemIds(doc)).toEqual([b, a, d, c]);
    reorderElements(doc, [c], 'forward', ANA.origin);
    expect(itemIds(doc)).toEqual([b, a, d, c]);
    reorderElements(doc, [b], 'backward', ANA.origin);
    expect(itemIds(doc)).toEqual([b, a, d, c]);
  });

  it('sends a group to the front or back keeping its own order', () => {
    const { doc, ids } = board(4);
    const [a, b, c, d] = ids;
    reorderElements(doc, [b, a], 'front', ANA.origin);
    expect(itemIds(doc)).toEqual([c, d, a, b]);
    reorderElements(doc, [b, d], 'back', ANA.origin);
    expect(itemIds(doc)).toEqual([d, b, c, a]);
    reorderElements(doc, [d, b], 'forward', ANA.origin);
    expect(itemIds(doc)).toEqual([c, d, b, a]);
  });

  it('renumbers when repeated halving runs out of room, and the order stays right', () => {
    const { doc, ids } = board(3);
    const [a, b] = ids;
    for (let round = 0; round < 120; round++) {
      reorderElements(doc, [round % 2 === 0 ? a : b], 'forward', ANA.origin);
    }
    // 120 swaps of the bottom two: even count, so back where they began.
    expect(itemIds(doc)).toEqual(ids);
    const zs = stackingOrder(boardElements(doc)).map((entry) => entry.z);
    expect(new Set(zs).size).toBe(3);
  });

  it('gives every peer the same order when two people reorder at once', () => {
    const { doc: ana, ids } = board(3);
    const ben = new Y.Doc();
    sync(ana, ben);
    reorderElements(ana, [ids[0]], 'front', ANA.origin);
    reorderElements(ben, [ids[1]], 'front', BEN.origin);
    sync(ana, ben);
    expect(itemIds(ana)).toEqual(itemIds(ben));
    expect(itemIds(ana)[0]).toBe(ids[2]);
  });
});

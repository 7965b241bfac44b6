import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, boardElements, reorderElements } from './document';
import { stackingOrder, zAbove } from './order';
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

describe('zAbove', () => {
  const stroke = (doc: Y.Doc, z?: number) => addStroke(doc, { author: ANA.id, colour: '#1f2a33', width: 2, points: line, z }, ANA.origin);

  it('puts elements added in one transaction on top of each other, in order', () => {
    const doc = new Y.Doc();
    stroke(doc);
    const ids: string[] = [];
    doc.transact(() => {
      for (let index = 0; index < 3; index++) ids.push(stroke(doc));
    }, ANA.origin);
    expect(itemIds(doc).slice(1)).toEqual(ids);
  });

  it('stays above elements that arrive from others or are brought to the front', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const first = stroke(ana);
    sync(ana, ben);
    const high = stroke(ben, 50);
    sync(ana, ben);
    const next = stroke(ana);
    expect(itemIds(ana).at(-1)).toBe(next);
    expect(zAbove(boardElements(ana))).toBeGreaterThan(50);
    sync(ana, ben);
    reorderElements(ben, [first], 'front', BEN.origin);
    sync(ana, ben);
    const last = stroke(ana);
    expect(itemIds(ana)).toEqual([high, next, first, last]);
  });

  it('reads the board once, not once per added element', () => {
    const doc = new Y.Doc();
    for (let index = 0; index < 50; index++) stroke(doc);
    const elements = boardElements(doc);
    let reads = 0;
    const forEach = elements.forEach.bind(elements);
    elements.forEach = (callback) => {
      reads++;
      forEach(callback);
    };
    for (let index = 0; index < 20; index++) stroke(doc);
    expect(reads).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addElement,
  addStroke,
  appendStrokePoints,
  boardElements,
  clearBoard,
  deleteElements,
  editText,
  elementText,
  finishStroke,
  moveElements,
  resizeElement,
  setColour,
  setLineEnds,
  startStroke,
  textChange
} from './document';
import type { LineItem, ShapeItem, StickyItem, StrokeItem } from './elements';
import { frameOf } from './geometry';
import { readBoard } from './read';
import { ANA, BEN, itemIds, line, sync } from './testing';

const ink = '#1f2a33';

function onlyItem<T>(doc: Y.Doc): T {
  const { items, problems } = readBoard(doc);
  expect(problems).toEqual([]);
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('strokes', () => {
  it('are visible while drawn: points appended after the start reach a peer before the pen lifts', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const id = startStroke(ana, { author: ANA.id, colour: ink, width: 4, points: [line[0]] }, ANA.origin);
    sync(ana, ben);
    expect(onlyItem<StrokeItem>(ben)).toMatchObject({ id, kind: 'stroke', done: false, points: [0, 0, 0.5] });

    expect(appendStrokePoints(ana, id, line.slice(1), ANA.origin)).toBe(true);
    sync(ana, ben);
    expect(onlyItem<StrokeItem>(ben).points).toEqual([0, 0, 0.5, 10, 0, 0.6, 20, 5, 0.7]);

    finishStroke(ana, id, ANA.origin);
    sync(ana, ben);
    expect(onlyItem<StrokeItem>(ben)).toMatchObject({ done: true, author: ANA.id, width: 4, highlighter: false });
  });

  it('keep a tenth of a unit of precision and clamp pressure to 0..1', () => {
    const doc = new Y.Doc();
    addStroke(doc, { author: ANA.id, colour: ink, width: 2, points: [{ x: 1.234, y: -5.06, pressure: 3 }, { x: 2, y: 2 }] }, ANA.origin);
    expect(onlyItem<StrokeItem>(doc).points).toEqual([1.2, -5.1, 1, 2, 2, 0.5]);
  });

  it('mark highlighter strokes', () => {
    const doc = new Y.Doc();
    addStroke(doc, { author: ANA.id, colour: '#ffd400', width: 4, highlighter: true, points: line }, ANA.origin);
    expect(onlyItem<StrokeItem>(doc).highlighter).toBe(true);
  });

  it('refuse points for a stroke that was erased meanwhile', () => {
    const doc = new Y.Doc();
    const id = startStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    deleteElements(doc, [id], BEN.origin);
    expect(appendStrokePoints(doc, id, line, ANA.origin)).toBe(false);
    expect(itemIds(doc)).toEqual([]);
  });
});

describe('adding elements', () => {
  it('adds each kind with its fields, each on top of the last', () => {
    const doc = new Y.Doc();
    const ids = [
      addElement(doc, { kind: 'line', author: ANA.id, colour: ink, x1: 0, y1: 0, x2: 10, y2: 10, width: 2 }, ANA.origin),
      addElement(doc, { kind: 'arrow', author: ANA.id, colour: ink, x1: 0, y1: 0, x2: 10, y2: 0, width: 2 }, ANA.origin),
      addElement(doc, { kind: 'rectangle', author: ANA.id, colour: ink, x: 1, y: 2, w: 3, h: 4, width: 2, fill: '#ffffff' }, ANA.origin),
      addElement(doc, { kind: 'ellipse', author: ANA.id, colour: ink, x: 1, y: 2, w: 3, h: 4, width: 2 }, ANA.origin),
      addElement(doc, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200, text: 'Breathe' }, ANA.origin),
      addElement(doc, { kind: 'text', author: BEN.id, colour: ink, x: 0, y: 0, w: 100, h: 30, text: 'Title', fontSize: 24 }, BEN.origin)
    ];
    const { items, problems } = readBoard(doc);
    expect(problems).toEqual([]);
    expect(items.map((item) => item.id)).toEqual(ids);
    expect(items.map((item) => item.kind)).toEqual(['line', 'arrow', 'rectangle', 'ellipse', 'sticky', 'text']);
    expect(items[2]).toMatchObject({ x: 1, y: 2, w: 3, h: 4, fill: '#ffffff' });
    expect(items[3]).toMatchObject({ fill: null });
    expect(items[4]).toMatchObject({ text: 'Breathe', colour: '#fff1a8' });
    expect(items[5]).toMatchObject({ text: 'Title', fontSize: 24, author: BEN.id });
  });
});

describe('move, resize, delete, colour', () => {
  it('moves every kind by the same offset', () => {
    const doc = new Y.Doc();
    const stroke = addStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    const arrow = addElement(doc, { kind: 'arrow', author: ANA.id, colour: ink, x1: 0, y1: 0, x2: 10, y2: 0, width: 2 }, ANA.origin);
    const note = addElement(doc, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 5, y: 5, w: 200, h: 200 }, ANA.origin);
    const before = readBoard(doc).items.map(frameOf);
    moveElements(doc, [stroke, arrow, note], 30, -20, ANA.origin);
    const after = readBoard(doc).items.map(frameOf);
    after.forEach((frame, index) => {
      expect(frame.x).toBeCloseTo(before[index].x + 30);
      expect(frame.y).toBeCloseTo(before[index].y - 20);
      expect(frame.w).toBeCloseTo(before[index].w);
    });
  });

  it('resizes a box, a line and a stroke into a new frame', () => {
    const doc = new Y.Doc();
    const box = addElement(doc, { kind: 'rectangle', author: ANA.id, colour: ink, x: 0, y: 0, w: 10, h: 10, width: 2 }, ANA.origin);
    const arrow = addElement(doc, { kind: 'arrow', author: ANA.id, colour: ink, x1: 10, y1: 10, x2: 0, y2: 0, width: 2 }, ANA.origin);
    const stroke = addStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    const target = { x: 100, y: 50, w: 40, h: 20 };
    for (const id of [box, arrow, stroke]) resizeElement(doc, id, target, ANA.origin);
    const items = readBoard(doc).items;
    for (const item of items) {
      const frame = frameOf(item);
      expect(frame.x).toBeCloseTo(100, 0);
      expect(frame.y).toBeCloseTo(50, 0);
      expect(frame.w).toBeCloseTo(40, 0);
      expect(frame.h).toBeCloseTo(20, 0);
    }
    // The arrow still points the same way (from bottom-right to top-left).
    expect(items[1]).toMatchObject({ x1: 140, y1: 70, x2: 100, y2: 50 });
  });

  it('never resizes below the minimum size', () => {
    const doc = new Y.Doc();
    const id = addElement(doc, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200 }, ANA.origin);
    resizeElement(doc, id, { x: 0, y: 0, w: -50, h: 0 }, ANA.origin);
    expect(onlyItem<StickyItem>(doc)).toMatchObject({ w: 4, h: 4 });
  });

  it('sets the ends of a line being drawn', () => {
    const doc = new Y.Doc();
    const id = addElement(doc, { kind: 'line', author: ANA.id, colour: ink, x1: 0, y1: 0, x2: 0, y2: 0, width: 2 }, ANA.origin);
    setLineEnds(doc, id, { x1: 0, y1: 0, x2: 30, y2: 40 }, ANA.origin);
    expect(onlyItem<LineItem>(doc)).toMatchObject({ x2: 30, y2: 40 });
  });

  it('deletes some and clears all', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2].map(() => addStroke(doc, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin));
    deleteElements(doc, [ids[1], 'no-such-id'], ANA.origin);
    expect(itemIds(doc)).toEqual([ids[0], ids[2]]);
    clearBoard(doc, ANA.origin);
    expect(itemIds(doc)).toEqual([]);
    expect(boardElements(doc).size).toBe(0);
  });

  it('recolours elements', () => {
    const doc = new Y.Doc();
    const id = addElement(doc, { kind: 'ellipse', author: ANA.id, colour: ink, x: 0, y: 0, w: 10, h: 10, width: 2 }, ANA.origin);
    setColour(doc, [id], '#c62828', ANA.origin);
    expect(onlyItem<ShapeItem>(doc).colour).toBe('#c62828');
  });
});

describe('concurrent edits from two peers', () => {
  it('merge: both strokes, a move and a delete all land on both', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const shared = addElement(ana, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200 }, ANA.origin);
    const doomed = addStroke(ana, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    sync(ana, ben);

    const anaStroke = addStroke(ana, { author: ANA.id, colour: ink, width: 2, points: line }, ANA.origin);
    moveElements(ana, [shared], 10, 0, ANA.origin);
    const benStroke = addStroke(ben, { author: BEN.id, colour: '#1b5fd1', width: 2, points: line }, BEN.origin);
    deleteElements(ben, [doomed], BEN.origin);
    sync(ana, ben);

    expect(itemIds(ana)).toEqual(itemIds(ben));
    expect(new Set(itemIds(ana))).toEqual(new Set([shared, anaStroke, benStroke]));
    expect(readBoard(ben).items.find((item) => item.id === shared)).toMatchObject({ x: 10 });
  });

  it('merge sticky note text typed by two people at once', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const id = addElement(ana, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 0, y: 0, w: 200, h: 200, text: 'walk' }, ANA.origin);
    sync(ana, ben);
    editText(ana, id, 'go for a walk', ANA.origin);
    editText(ben, id, 'walk outside', BEN.origin);
    sync(ana, ben);
    expect(elementText(ana, id)?.toString()).toBe('go for a walk outside');
    expect(elementText(ben, id)?.toString()).toBe('go for a walk outside');
  });
});

describe('textChange', () => {
  it('finds the one splice between two strings', () => {
    expect(textChange('walk', 'walk')).toBeNull();
    expect(textChange('walk', 'go walk')).toEqual({ index: 0, remove: 0, insert: 'go ' });
    expect(textChange('a walk', 'a talk')).toEqual({ index: 2, remove: 1, insert: 't' });
    expect(textChange('aaa', 'aa')).toEqual({ index: 2, remove: 1, insert: '' });
    expect(textChange('abc', '')).toEqual({ index: 0, remove: 3, insert: '' });
  });
});

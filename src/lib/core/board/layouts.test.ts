import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke } from './document';
import { frameOf } from './geometry';
import { LAYOUTS, applyLayout, isLayoutName, layoutElementIds, layoutElements } from './layouts';
import { readBoard } from './read';
import { ANA, line } from './testing';
import { createBoardUndoManager } from './undo';

describe('layouts', () => {
  it.each(LAYOUTS.map((layout) => layout.name))('%s reads back whole, inside its 1200 × 800 frame', (name) => {
    const doc = new Y.Doc();
    const ids = applyLayout(doc, name, ANA.id, ANA.origin);
    const { items, problems } = readBoard(doc);
    expect(problems).toEqual([]);
    expect(items.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(items).toHaveLength(layoutElements(name).length);
    for (const item of items) {
      const frame = frameOf(item);
      expect(item.layout).toBe(true);
      expect(frame.x).toBeGreaterThanOrEqual(0);
      expect(frame.y).toBeGreaterThanOrEqual(0);
      expect(frame.x + frame.w).toBeLessThanOrEqual(1200);
      expect(frame.y + frame.h).toBeLessThanOrEqual(800);
    }
  });

  it('gives the grid, triangle and timeline their labels', () => {
    const texts = (name: Parameters<typeof layoutElements>[0]) =>
      layoutElements(name).flatMap((element) => (element.kind === 'text' ? [element.text] : []));
    expect(texts('pros-cons')).toEqual(['Pros of changing', 'Cons of changing', 'Pros of staying the same', 'Cons of staying the same']);
    expect(texts('thought-feeling-behaviour')).toEqual(['Thoughts', 'Feelings', 'Behaviours']);
    expect(texts('timeline')).toEqual(['Before', 'Then', 'Now', 'Next']);
    expect(layoutElements('thought-feeling-behaviour').filter((element) => element.kind === 'arrow')).toHaveLength(3);
  });

  it('replaces the previous layout, keeps what people drew, and puts the layout underneath', () => {
    const doc = new Y.Doc();
    applyLayout(doc, 'pros-cons', ANA.id, ANA.origin);
    const drawing = addStroke(doc, { author: ANA.id, colour: '#1f2a33', width: 2, points: line }, ANA.origin);
    const timeline = applyLayout(doc, 'timeline', ANA.id, ANA.origin);
    expect(layoutElementIds(doc).sort()).toEqual([...timeline].sort());
    const order = readBoard(doc).items.map((item) => item.id);
    expect(order.at(-1)).toBe(drawing);
    applyLayout(doc, 'blank', ANA.id, ANA.origin);
    expect(readBoard(doc).items.map((item) => item.id)).toEqual([drawing]);
  });

  it('is undone in one step', () => {
    const doc = new Y.Doc();
    applyLayout(doc, 'timeline', ANA.id, ANA.origin);
    const before = readBoard(doc).items.map((item) => item.id);
    const undo = createBoardUndoManager(doc, ANA.origin);
    applyLayout(doc, 'pros-cons', ANA.id, ANA.origin);
    undo.undo();
    expect(readBoard(doc).items.map((item) => item.id)).toEqual(before);
  });

  it('knows its names', () => {
    expect(isLayoutName('timeline')).toBe(true);
    expect(isLayoutName('kanban')).toBe(false);
  });
});

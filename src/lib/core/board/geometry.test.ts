import { describe, expect, it } from 'vitest';
import type { BoardItem, LineItem, ShapeItem, StickyItem, StrokeItem } from './elements';
import { arrowHead, boundsOf, frameOf, itemContainsPoint, itemsInside, rectFromCorners, strokesTouching, topItemAt, unionRects } from './geometry';

const base = { author: 'a', colour: '#1f2a33', layout: false };
const stroke = (id: string, points: number[], z = 0): StrokeItem => ({ ...base, id, z, kind: 'stroke', points, width: 4, highlighter: false, done: true });
const rect = (id: string, x: number, y: number, w: number, h: number, z = 0): ShapeItem => ({ ...base, id, z, kind: 'rectangle', x, y, w, h, width: 2, fill: null });
const ellipse = (id: string): ShapeItem => ({ ...rect(id, 0, 0, 100, 50), kind: 'ellipse' });
const note = (id: string, z: number): StickyItem => ({ ...base, id, z, kind: 'sticky', x: 0, y: 0, w: 200, h: 200, text: '' });
const arrow: LineItem = { ...base, id: 'arrow', z: 0, kind: 'arrow', x1: 0, y1: 0, x2: 100, y2: 0, width: 2 };

describe('frames and bounds', () => {
  it('frames geometry and pads bounds by ink width and arrow head', () => {
    const diagonal = stroke('s', [10, 20, 0.5, 30, 5, 0.5, 20, 40, 0.5]);
    expect(frameOf(diagonal)).toEqual({ x: 10, y: 5, w: 20, h: 35 });
    expect(boundsOf(diagonal)).toEqual({ x: 8, y: 3, w: 24, h: 39 });
    expect(frameOf(arrow)).toEqual({ x: 0, y: 0, w: 100, h: 0 });
    expect(boundsOf(arrow).w).toBeGreaterThanOrEqual(100 + 2 + 2 * 10);
    expect(boundsOf(note('n', 0))).toEqual({ x: 0, y: 0, w: 200, h: 200 });
  });

  it('joins rectangles and builds one from a drag either way', () => {
    expect(unionRects([])).toBeNull();
    expect(unionRects([{ x: 0, y: 0, w: 1, h: 1 }, { x: 5, y: -5, w: 1, h: 1 }])).toEqual({ x: 0, y: -5, w: 6, h: 6 });
    expect(rectFromCorners({ x: 10, y: 10 }, { x: 0, y: 20 })).toEqual({ x: 0, y: 10, w: 10, h: 10 });
  });
});

describe('hit-testing', () => {
  it('touches a stroke near its line, not in the empty corner of its box', () => {
    const diagonal = stroke('s', [0, 0, 0.5, 100, 100, 0.5]);
    expect(itemContainsPoint(diagonal, { x: 50, y: 51 })).toBe(true);
    expect(itemContainsPoint(diagonal, { x: 90, y: 10 })).toBe(false);
    expect(itemContainsPoint(diagonal, { x: 90, y: 10 }, 60)).toBe(true);
  });

  it('touches an ellipse inside its curve but not in its box corner', () => {
    expect(itemContainsPoint(ellipse('e'), { x: 50, y: 25 })).toBe(true);
    expect(itemContainsPoint(ellipse('e'), { x: 3, y: 3 })).toBe(false);
  });

  it('picks the topmost item under the pointer', () => {
    const items: BoardItem[] = [note('below', 0), note('above', 1)];
    expect(topItemAt(items, { x: 100, y: 100 })?.id).toBe('above');
    expect(topItemAt(items, { x: 500, y: 500 })).toBeUndefined();
  });

  it('erases only freehand strokes under the eraser', () => {
    const items: BoardItem[] = [note('n', 0), stroke('near', [0, 0, 0.5, 50, 0, 0.5]), stroke('far', [0, 100, 0.5, 50, 100, 0.5]), arrow];
    expect(strokesTouching(items, { x: 25, y: 8 }, 8).map((item) => item.id)).toEqual(['near']);
  });

  it('selects what lies wholly inside a drag', () => {
    const items: BoardItem[] = [rect('in', 10, 10, 20, 20), rect('across', 90, 90, 40, 40)];
    expect(itemsInside(items, { x: 0, y: 0, w: 100, h: 100 }).map((item) => item.id)).toEqual(['in']);
  });

  it('points an arrow head at the end of the arrow', () => {
    const [tip, left, right] = arrowHead(arrow);
    expect(tip).toEqual({ x: 100, y: 0 });
    expect(left.x).toBeLessThan(100);
    expect(right.x).toBeLessThan(100);
    expect(left.y).toBeCloseTo(-right.y);
  });
});

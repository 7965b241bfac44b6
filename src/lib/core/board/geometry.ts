/** Pure geometry of board items: frames, bounds, hit-testing (select, stroke eraser), arrow heads. */
import { type BoardItem, type LineItem, type Point, type Rect, type StrokeItem, HIGHLIGHTER_SCALE } from './elements';

const frames = new WeakMap<BoardItem, Rect>();

/** The element's geometry without its stroke width: what resizing maps to a new rectangle. */
export function frameOf(item: BoardItem): Rect {
  let frame = frames.get(item);
  if (!frame) {
    frame = computeFrame(item);
    frames.set(item, frame);
  }
  return frame;
}

function computeFrame(item: BoardItem): Rect {
  switch (item.kind) {
    case 'stroke':
      return pointsFrame(item.points);
    case 'line':
    case 'arrow':
      return {
        x: Math.min(item.x1, item.x2),
        y: Math.min(item.y1, item.y2),
        w: Math.abs(item.x2 - item.x1),
        h: Math.abs(item.y2 - item.y1)
      };
    default:
      return { x: item.x, y: item.y, w: item.w, h: item.h };
  }
}

function pointsFrame(points: readonly number[]): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let index = 0; index + 1 < points.length; index += 3) {
    const x = points[index];
    const y = points[index + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return Number.isFinite(minX) ? { x: minX, y: minY, w: maxX - minX, h: maxY - minY } : { x: 0, y: 0, w: 0, h: 0 };
}

/** How wide the ink of an item is drawn, in board units. */
export function inkWidth(item: BoardItem): number {
  if (item.kind === 'stroke') return item.highlighter ? item.width * HIGHLIGHTER_SCALE : item.width;
  if (item.kind === 'line' || item.kind === 'arrow' || item.kind === 'rectangle' || item.kind === 'ellipse') return item.width;
  return 0;
}

/** Everything the item paints, including its ink width and arrow head. */
export function boundsOf(item: BoardItem): Rect {
  const pad = inkWidth(item) / 2 + (item.kind === 'arrow' ? arrowHeadLength(item.width) : 0);
  return inflate(frameOf(item), pad);
}

export function inflate(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, w: rect.w + 2 * by, h: rect.h + 2 * by };
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function pointInRect(point: Point, rect: Rect): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h;
}

/** The smallest rectangle around all the given ones, or null for none. */
export function unionRects(rects: Iterable<Rect>): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rect of rects) {
    minX = Math.min(minX, rect.x);
    minY = Math.min(minY, rect.y);
    maxX = Math.max(maxX, rect.x + rect.w);
    maxY = Math.max(maxY, rect.y + rect.h);
  }
  return Number.isFinite(minX) ? { x: minX, y: minY, w: maxX - minX, h: maxY - minY } : null;
}

/** A rectangle from two corners in any order (a drag). */
export function rectFromCorners(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

export function distanceToSegment(point: Point, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((point.x - ax) * dx + (point.y - ay) * dy) / lengthSquared));
  return Math.hypot(point.x - (ax + t * dx), point.y - (ay + t * dy));
}

function nearStroke(item: StrokeItem, point: Point, reach: number): boolean {
  const { points } = item;
  if (points.length < 6) return Math.hypot(point.x - points[0], point.y - points[1]) <= reach;
  for (let index = 0; index + 5 < points.length; index += 3) {
    if (distanceToSegment(point, points[index], points[index + 1], points[index + 3], points[index + 4]) <= reach) return true;
  }
  return false;
}

function nearLine(item: LineItem, point: Point, reach: number): boolean {
  return distanceToSegment(point, item.x1, item.y1, item.x2, item.y2) <= reach;
}

function insideEllipse(rect: Rect, point: Point, reach: number): boolean {
  const rx = rect.w / 2 + reach;
  const ry = rect.h / 2 + reach;
  const dx = point.x - (rect.x + rect.w / 2);
  const dy = point.y - (rect.y + rect.h / 2);
  return (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry) <= 1;
}

/** Whether a point (with a reach, e.g. half a finger) touches the item. Shapes, notes and labels count inside too. */
export function itemContainsPoint(item: BoardItem, point: Point, reach = 0): boolean {
  if (!pointInRect(point, inflate(boundsOf(item), reach))) return false;
  const ink = inkWidth(item) / 2 + reach;
  switch (item.kind) {
    case 'stroke':
      return nearStroke(item, point, ink);
    case 'line':
    case 'arrow':
      return nearLine(item, point, ink);
    case 'ellipse':
      return insideEllipse(item, point, ink);
    default:
      return true;
  }
}

/** The topmost item under a point, for select. `items` are in stacking order, bottom first. */
export function topItemAt(items: readonly BoardItem[], point: Point, reach = 0): BoardItem | undefined {
  for (let index = items.length - 1; index >= 0; index--) {
    if (itemContainsPoint(items[index], point, reach)) return items[index];
  }
  return undefined;
}

/** The freehand strokes an eraser of radius `reach` at `point` touches. */
export function strokesTouching(items: readonly BoardItem[], point: Point, reach: number): StrokeItem[] {
  return items.filter((item): item is StrokeItem => item.kind === 'stroke' && itemContainsPoint(item, point, reach));
}

/** Items lying wholly inside a rectangle (a selection drag). */
export function itemsInside(items: readonly BoardItem[], rect: Rect): BoardItem[] {
  return items.filter((item) => rectContains(rect, boundsOf(item)));
}

export function arrowHeadLength(width: number): number {
  return Math.max(10, width * 4);
}

/** The three corners of an arrow head at (x2, y2): tip, left, right. */
export function arrowHead(item: Pick<LineItem, 'x1' | 'y1' | 'x2' | 'y2' | 'width'>): [Point, Point, Point] {
  const angle = Math.atan2(item.y2 - item.y1, item.x2 - item.x1);
  const length = arrowHeadLength(item.width);
  const spread = Math.PI / 7;
  const tip = { x: item.x2, y: item.y2 };
  const corner = (side: number) => ({
    x: item.x2 - length * Math.cos(angle + side * spread),
    y: item.y2 - length * Math.sin(angle + side * spread)
  });
  return [tip, corner(1), corner(-1)];
}

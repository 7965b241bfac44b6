/**
 * Freehand strokes as filled outlines (perfect-freehand): the same outline feeds the canvas (as a Path2D built from
 * the SVG path text) and the SVG export, so both look alike.
 */
import { getStroke } from 'perfect-freehand';
import { type StrokeItem, HIGHLIGHTER_SCALE } from './elements';

export function strokeOutline(item: Pick<StrokeItem, 'points' | 'width' | 'highlighter' | 'done'>): number[][] {
  const input: number[][] = [];
  for (let index = 0; index + 2 < item.points.length; index += 3) {
    input.push([item.points[index], item.points[index + 1], item.points[index + 2]]);
  }
  const highlighter = item.highlighter;
  return getStroke(input, {
    size: highlighter ? item.width * HIGHLIGHTER_SCALE : item.width * 2,
    thinning: highlighter ? 0 : 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: false,
    start: { cap: true },
    end: { cap: true },
    last: item.done
  });
}

const round = (value: number) => Math.round(value * 100) / 100;

/** An outline as SVG path data (quadratic curves through the midpoints), closed. */
export function outlineToPath(outline: readonly number[][]): string {
  if (outline.length === 0) return '';
  if (outline.length < 3) {
    const [x, y] = outline[0];
    return `M${round(x)} ${round(y)}Z`;
  }
  const parts: string[] = [];
  const mid = (a: number[], b: number[]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const [first, second] = outline;
  const start = mid(first, second);
  parts.push(`M${round(start[0])} ${round(start[1])}`);
  for (let index = 1; index <= outline.length; index++) {
    const current = outline[index % outline.length];
    const next = outline[(index + 1) % outline.length];
    const end = mid(current, next);
    parts.push(`Q${round(current[0])} ${round(current[1])} ${round(end[0])} ${round(end[1])}`);
  }
  parts.push('Z');
  return parts.join('');
}

/** SVG path data of a freehand stroke. */
export function strokePath(item: Pick<StrokeItem, 'points' | 'width' | 'highlighter' | 'done'>): string {
  return outlineToPath(strokeOutline(item));
}

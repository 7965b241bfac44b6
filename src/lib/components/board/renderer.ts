/**
 * Draws board items on a Canvas 2D context. Fast with thousands of strokes: each finished stroke's outline is built
 * once as a Path2D (items are immutable, so the cache is keyed by the item object and a changed stroke simply gets
 * a new entry), items outside the view or too small to see are skipped, and pan and zoom only change the transform.
 * Browser-only (Path2D, canvas); the geometry and outlines come from the pure model in $lib/core/board.
 */
import type { BoardItem, Rect, StickyItem, StrokeItem, TextItem } from '$lib/core/board/elements';
import { HIGHLIGHTER_ALPHA } from '$lib/core/board/elements';
import { type Camera, type ScreenSize, visibleRect } from '$lib/core/board/camera';
import { strokePath } from '$lib/core/board/freehand';
import { arrowHead, boundsOf, inflate, rectsIntersect } from '$lib/core/board/geometry';
import { FONT_FAMILY, STICKY_PADDING, fontSizeOf, textLines } from '$lib/core/board/svg';
import { LINE_HEIGHT } from '$lib/core/board/text-layout';

export interface RendererOptions {
  /** Keep Path2D outlines of strokes between frames (off only for the benchmark's reference). */
  cachePaths?: boolean;
  /** Skip items outside the view (off only for the benchmark's reference). */
  cull?: boolean;
}

export interface DrawOptions {
  background?: string;
  /** An item whose text is being edited in place: its text is left to the editor. */
  editingId?: string | null;
}

/** Items smaller than this on screen (CSS pixels) are not drawn. */
const MIN_VISIBLE_PX = 0.5;

export class BoardRenderer {
  private readonly paths = new WeakMap<StrokeItem, Path2D>();
  private readonly lines = new WeakMap<StickyItem | TextItem, string[]>();
  private readonly cachePaths: boolean;
  private readonly cull: boolean;

  constructor(options: RendererOptions = {}) {
    this.cachePaths = options.cachePaths ?? true;
    this.cull = options.cull ?? true;
  }

  /** Clears and draws the whole view: `dpr` is the device pixel ratio the canvas is scaled by. */
  draw(ctx: CanvasRenderingContext2D, items: readonly BoardItem[], camera: Camera, screen: ScreenSize, dpr: number, options: DrawOptions = {}): number {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = options.background ?? '#ffffff';
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    const scale = camera.zoom * dpr;
    ctx.setTransform(scale, 0, 0, scale, -camera.x * scale, -camera.y * scale);
    const view = inflate(visibleRect(camera, screen), 2 / camera.zoom);
    const smallest = MIN_VISIBLE_PX / camera.zoom;
    let drawn = 0;
    for (const item of items) {
      if (this.cull) {
        const bounds = boundsOf(item);
        if (!rectsIntersect(bounds, view) || (bounds.w < smallest && bounds.h < smallest)) continue;
      }
      this.drawItem(ctx, item, options.editingId === item.id);
      drawn++;
    }
    return drawn;
  }

  /** Draws items (already in stacking order) with whatever transform the context has: for export. */
  drawAll(ctx: CanvasRenderingContext2D, items: readonly BoardItem[]): void {
    for (const item of items) this.drawItem(ctx, item, false);
  }

  private strokePath(item: StrokeItem): Path2D {
    if (!this.cachePaths) return new Path2D(strokePath(item));
    let path = this.paths.get(item);
    if (!path) {
      path = new Path2D(strokePath(item));
      this.paths.set(item, path);
    }
    return path;
  }

  private textLines(ctx: CanvasRenderingContext2D, item: StickyItem | TextItem): string[] {
    let lines = this.lines.get(item);
    if (!lines) {
      lines = textLines(item, (text) => ctx.measureText(text).width);
      this.lines.set(item, lines);
    }
    return lines;
  }

  private drawItem(ctx: CanvasRenderingContext2D, item: BoardItem, hideText: boolean): void {
    ctx.globalAlpha = 1;
    switch (item.kind) {
      case 'stroke':
        ctx.globalAlpha = item.highlighter ? HIGHLIGHTER_ALPHA : 1;
        ctx.fillStyle = item.colour;
        ctx.fill(this.strokePath(item));
        return;
      case 'line':
      case 'arrow':
        ctx.strokeStyle = item.colour;
        ctx.lineWidth = item.width;
        ctx.lineCap = 'round';
        ctx.lineJoin = 'round';
        ctx.beginPath();
        ctx.moveTo(item.x1, item.y1);
        ctx.lineTo(item.x2, item.y2);
        ctx.stroke();
        if (item.kind === 'arrow') {
          const [tip, left, right] = arrowHead(item);
          ctx.fillStyle = item.colour;
          ctx.beginPath();
          ctx.moveTo(tip.x, tip.y);
          ctx.lineTo(left.x, left.y);
          ctx.lineTo(right.x, right.y);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        }
        return;
      case 'rectangle':
      case 'ellipse':
        ctx.beginPath();
        if (item.kind === 'rectangle') ctx.rect(item.x, item.y, item.w, item.h);
        else ctx.ellipse(item.x + item.w / 2, item.y + item.h / 2, item.w / 2, item.h / 2, 0, 0, Math.PI * 2);
        if (item.fill) {
          ctx.fillStyle = item.fill;
          ctx.fill();
        }
        ctx.strokeStyle = item.colour;
        ctx.lineWidth = item.width;
        ctx.lineJoin = 'round';
        ctx.stroke();
        return;
      case 'sticky':
        ctx.fillStyle = item.colour;
        ctx.fillRect(item.x, item.y, item.w, item.h);
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.15)';
        ctx.lineWidth = 1;
        ctx.strokeRect(item.x, item.y, item.w, item.h);
        if (!hideText) this.drawText(ctx, item, '#1f2a33', STICKY_PADDING);
        return;
      case 'text':
        if (!hideText) this.drawText(ctx, item, item.colour, 0);
        return;
    }
  }

  private drawText(ctx: CanvasRenderingContext2D, item: StickyItem | TextItem, ink: string, inset: number): void {
    const size = fontSizeOf(item);
    ctx.font = `${size}px ${FONT_FAMILY}`;
    ctx.fillStyle = ink;
    ctx.textBaseline = 'alphabetic';
    this.textLines(ctx, item).forEach((line, index) => {
      ctx.fillText(line, item.x + inset, item.y + inset + size * (index + 1) * LINE_HEIGHT - size * 0.25);
    });
  }
}

/** The dashed box around a selection and, for one item, its resize handle; drawn in screen space. */
export function drawSelection(ctx: CanvasRenderingContext2D, rect: Rect, camera: Camera, dpr: number, handle: boolean): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  const x = (rect.x - camera.x) * camera.zoom;
  const y = (rect.y - camera.y) * camera.zoom;
  const w = rect.w * camera.zoom;
  const h = rect.h * camera.zoom;
  ctx.strokeStyle = '#1b5fd1';
  ctx.lineWidth = 1.5;
  ctx.setLineDash([6, 4]);
  ctx.strokeRect(x - 4, y - 4, w + 8, h + 8);
  ctx.setLineDash([]);
  if (handle) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x + w - 2, y + h - 2, HANDLE_SIZE, HANDLE_SIZE);
    ctx.strokeRect(x + w - 2, y + h - 2, HANDLE_SIZE, HANDLE_SIZE);
  }
}

/** Size of the resize handle in CSS pixels; it sits at the bottom-right corner of the selection. */
export const HANDLE_SIZE = 12;

/** A rubber-band rectangle (selection drag), in board units. */
export function drawMarquee(ctx: CanvasRenderingContext2D, rect: Rect, camera: Camera, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = 'rgba(27, 95, 209, 0.08)';
  ctx.strokeStyle = '#1b5fd1';
  ctx.lineWidth = 1;
  const x = (rect.x - camera.x) * camera.zoom;
  const y = (rect.y - camera.y) * camera.zoom;
  ctx.fillRect(x, y, rect.w * camera.zoom, rect.h * camera.zoom);
  ctx.strokeRect(x, y, rect.w * camera.zoom, rect.h * camera.zoom);
}

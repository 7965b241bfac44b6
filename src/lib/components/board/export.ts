/** Export of a board as PNG (drawn by the renderer on an offscreen canvas) and SVG (the pure serialiser in core). */
import type { BoardItem } from '$lib/core/board/elements';
import { boundsOf, unionRects } from '$lib/core/board/geometry';
import { boardToSvg } from '$lib/core/board/svg';
import { BoardRenderer } from './renderer';

const PADDING = 24;
/** Longest side of an exported PNG, in pixels, so a vast board cannot exhaust memory. */
const MAX_PNG_SIDE = 8000;

export function boardSvgBlob(items: readonly BoardItem[], title: string): Blob {
  return new Blob([boardToSvg(items, { padding: PADDING, title })], { type: 'image/svg+xml' });
}

export function boardPngBlob(items: readonly BoardItem[], scale = 2): Promise<Blob> {
  const content = unionRects(items.map(boundsOf)) ?? { x: 0, y: 0, w: 400, h: 300 };
  const area = { x: content.x - PADDING, y: content.y - PADDING, w: content.w + 2 * PADDING, h: content.h + 2 * PADDING };
  const fit = Math.min(scale, MAX_PNG_SIDE / Math.max(area.w, area.h));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(area.w * fit);
  canvas.height = Math.ceil(area.h * fit);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(fit, 0, 0, fit, -area.x * fit, -area.y * fit);
  new BoardRenderer().drawAll(ctx, items);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'));
}

/** A safe file name from a board title. */
export function exportName(title: string, extension: 'png' | 'svg'): string {
  const base = title.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'board';
  return `${base}.${extension}`;
}

/** The board as a standalone SVG document (export). Pure: text is escaped, colours were validated when read. */
import { type BoardItem, HIGHLIGHTER_ALPHA, STICKY_FONT_SIZE } from './elements';
import { arrowHead, boundsOf, unionRects } from './geometry';
import { strokePath } from './freehand';
import { LINE_HEIGHT, estimateMeasure, fitLines, wrapText } from './text-layout';

export const STICKY_PADDING = 12;
export const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const n = (value: number) => String(Math.round(value * 100) / 100);

/** The lines of a sticky note or label as drawn (shared with the canvas, which passes its own measure). */
export function textLines(item: Extract<BoardItem, { kind: 'sticky' | 'text' }>, measure = estimateMeasure(fontSizeOf(item))): string[] {
  if (item.kind === 'sticky') {
    const inner = Math.max(1, item.w - 2 * STICKY_PADDING);
    return fitLines(wrapText(item.text, inner, measure), item.h - 2 * STICKY_PADDING, STICKY_FONT_SIZE);
  }
  return wrapText(item.text, item.w, measure);
}

export function fontSizeOf(item: Extract<BoardItem, { kind: 'sticky' | 'text' }>): number {
  return item.kind === 'sticky' ? STICKY_FONT_SIZE : item.fontSize;
}

function textElement(item: Extract<BoardItem, { kind: 'sticky' | 'text' }>): string {
  const size = fontSizeOf(item);
  const inset = item.kind === 'sticky' ? STICKY_PADDING : 0;
  const ink = item.kind === 'sticky' ? '#1f2a33' : item.colour;
  const spans = textLines(item)
    .map((line, index) => `<tspan x="${n(item.x + inset)}" y="${n(item.y + inset + size * (index + 1) * LINE_HEIGHT - size * 0.25)}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text font-family="${FONT_FAMILY}" font-size="${n(size)}" fill="${ink}" xml:space="preserve">${spans}</text>`;
}

/** One item as SVG markup. */
export function itemToSvg(item: BoardItem): string {
  const line = `fill="none" stroke="${item.colour}" stroke-linecap="round" stroke-linejoin="round"`;
  switch (item.kind) {
    case 'stroke': {
      const opacity = item.highlighter ? ` fill-opacity="${HIGHLIGHTER_ALPHA}"` : '';
      return `<path d="${strokePath(item)}" fill="${item.colour}"${opacity}/>`;
    }
    case 'line':
    case 'arrow': {
      const body = `<line x1="${n(item.x1)}" y1="${n(item.y1)}" x2="${n(item.x2)}" y2="${n(item.y2)}" ${line} stroke-width="${n(item.width)}"/>`;
      if (item.kind === 'line') return body;
      const head = arrowHead(item).map((point) => `${n(point.x)},${n(point.y)}`).join(' ');
      return `${body}<polygon points="${head}" fill="${item.colour}" stroke="${item.colour}" stroke-linejoin="round" stroke-width="${n(item.width)}"/>`;
    }
    case 'rectangle':
      return `<rect x="${n(item.x)}" y="${n(item.y)}" width="${n(item.w)}" height="${n(item.h)}" rx="4" ${line.replace('fill="none"', `fill="${item.fill ?? 'none'}"`)} stroke-width="${n(item.width)}"/>`;
    case 'ellipse':
      return `<ellipse cx="${n(item.x + item.w / 2)}" cy="${n(item.y + item.h / 2)}" rx="${n(item.w / 2)}" ry="${n(item.h / 2)}" ${line.replace('fill="none"', `fill="${item.fill ?? 'none'}"`)} stroke-width="${n(item.width)}"/>`;
    case 'sticky':
      return `<g><rect x="${n(item.x)}" y="${n(item.y)}" width="${n(item.w)}" height="${n(item.h)}" rx="6" fill="${item.colour}" stroke="#00000022"/>${textElement(item)}</g>`;
    case 'text':
      return textElement(item);
  }
}

export interface SvgOptions {
  /** Space around the drawing, in board units. */
  padding?: number;
  background?: string;
  title?: string;
}

/** The whole board (items in stacking order) as an SVG document framed around its content. */
export function boardToSvg(items: readonly BoardItem[], options: SvgOptions = {}): string {
  const padding = options.padding ?? 24;
  const content = unionRects(items.map(boundsOf)) ?? { x: 0, y: 0, w: 400, h: 300 };
  const view = { x: content.x - padding, y: content.y - padding, w: content.w + 2 * padding, h: content.h + 2 * padding };
  const background = options.background ?? '#ffffff';
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(view.x)} ${n(view.y)} ${n(view.w)} ${n(view.h)}" width="${Math.ceil(view.w)}" height="${Math.ceil(view.h)}">`,
    title,
    `<rect x="${n(view.x)}" y="${n(view.y)}" width="${n(view.w)}" height="${n(view.h)}" fill="${escapeXml(background)}"/>`,
    ...items.map(itemToSvg),
    '</svg>'
  ].join('');
}

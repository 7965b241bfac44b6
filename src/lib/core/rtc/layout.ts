/**
 * The video grid's arrangement for 2 to 10 people on a laptop or a phone. Pure: the grid measures its box and asks.
 * The speaker (the current turn, or the facilitator's spotlight) gets the big tile; my own view comes last, small.
 */

export interface GridShape {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/** Columns and rows that give `count` tiles of `aspect` the largest size inside `width` x `height`. */
export function gridShape(count: number, width: number, height: number, aspect = 16 / 9, gap = 8): GridShape {
  const tiles = Math.max(1, count);
  let best: GridShape = { columns: 1, rows: tiles, tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const maxWidth = (width - gap * (columns - 1)) / columns;
    const maxHeight = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(maxWidth, maxHeight * aspect));
    if (tileWidth > best.tileWidth) best = { columns, rows, tileWidth: Math.floor(tileWidth), tileHeight: Math.floor(tileWidth / aspect) };
  }
  return best;
}

export interface TileOrderInput {
  /** Remote people with media, in the room's order. */
  others: string[];
  self: string;
  speaker: string | null;
  pinned: string | null;
}

/** Who goes in the big tile: my pin first, else the speaker, else nobody (an even grid). Never myself unless pinned. */
export function featured({ others, self, speaker, pinned }: TileOrderInput): string | null {
  if (pinned && (pinned === self || others.includes(pinned))) return pinned;
  if (speaker && others.includes(speaker)) return speaker;
  return null;
}

/** The order of the small tiles: the others in room order, then my own view last. */
export function tileOrder(input: TileOrderInput): string[] {
  const big = featured(input);
  return [...input.others, input.self].filter((id) => id !== big);
}

/** A narrow screen (a phone held upright) stacks the big tile over a strip; a wide one puts the strip beside it. */
export function isNarrow(width: number): boolean {
  return width < 640;
}

/**
 * gallery: everyone else's face is the main area (my pin, if any, large with the others beside it);
 * filmstrip: the room's stage shows a board or worksheet, faces go in one row of small tiles (speaker first);
 * phone: one large tile (my pin, else the speaker, else the first person) over a strip of the others.
 * My own view is always small (a tile of its own beside the controls, or the end of the strip).
 */
export type VideoMode = 'gallery' | 'filmstrip' | 'phone';

export interface Arrangement {
  /** The large tile, or null. */
  big: string | null;
  /** The even grid (gallery) or the strip (filmstrip, phone, and beside a pinned tile), in order. */
  tiles: string[];
  /** Whether my own small view ends the strip (filmstrip, phone) rather than sitting apart. */
  selfInStrip: boolean;
}

export function arrange(mode: VideoMode, { others, self, speaker, pinned }: TileOrderInput): Arrangement {
  const pin = pinned && others.includes(pinned) ? pinned : null;
  if (mode === 'filmstrip') {
    const first = speaker && others.includes(speaker) ? [speaker] : [];
    return { big: null, tiles: [...first, ...others.filter((id) => !first.includes(id)), self], selfInStrip: true };
  }
  if (mode === 'phone') {
    const big = pin ?? (speaker && others.includes(speaker) ? speaker : (others[0] ?? self));
    return { big, tiles: [...others, self].filter((id) => id !== big), selfInStrip: true };
  }
  if (others.length === 0) return { big: null, tiles: [self], selfInStrip: true };
  return { big: pin, tiles: others.filter((id) => id !== pin), selfInStrip: false };
}

/** The narrowest and widest a strip's small tile may be (px), by the video's mode and the window's width. */
export interface StripLimits {
  min: number;
  max: number;
}

/** The window width from which the filmstrip takes its laptop size (the room's phone query is max-width: 699px). */
export const LAPTOP_FROM = 700;

/**
 * `roomy`: the strip is all the video on a phone's screen and holds few faces (a side room: the member and the
 * facilitator, over their conversation), so they may share the whole width rather than stay thumbnails.
 */
export function stripLimits(mode: VideoMode, windowWidth: number, roomy = false): StripLimits {
  if (mode === 'filmstrip' && windowWidth >= LAPTOP_FROM) return { min: 160, max: 168 };
  if (roomy) return { min: 84, max: 200 };
  // A phone: four faces share an upright phone's width (about 86 px each at 390 px) before the strip scrolls.
  return { min: 84, max: mode === 'phone' ? 128 : 110 };
}

export interface StripFit {
  /** Every small tile's width (px): the same for all, whole pixels. */
  tileWidth: number;
  /** More faces than fit at the narrowest: the strip scrolls sideways on purpose, my own view pinned at its end. */
  scrolls: boolean;
}

/**
 * How wide the strip's `count` tiles are in a strip `width` px wide (inside its padding): they share the width (no
 * wider than `max`); when sharing would make them narrower than `min`, they stay `min` wide and the strip scrolls.
 * Counted from the faces shown, never from the tiles' own size, so showing or hiding a scrollbar cannot change it.
 * Before the strip is measured (width 0) the tiles take `min` and the strip does not scroll.
 */
export function stripFit(count: number, width: number, { min, max }: StripLimits, gap = 8): StripFit {
  if (count <= 0 || width <= 0) return { tileWidth: min, scrolls: false };
  const shared = Math.floor((width - gap * (count - 1)) / count);
  if (shared < min) return { tileWidth: min, scrolls: true };
  return { tileWidth: Math.min(shared, max), scrolls: false };
}

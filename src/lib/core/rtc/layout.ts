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

import { describe, expect, it } from 'vitest';
import { arrange, featured, gridShape, isNarrow, stripFit, stripLimits, tileOrder } from './layout';

describe('gridShape', () => {
  it('puts two people side by side on a laptop and one above the other on an upright phone', () => {
    expect(gridShape(2, 1200, 600)).toMatchObject({ columns: 2, rows: 1 });
    expect(gridShape(2, 360, 640)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('fits ten people in a 4x3 or 5x2 grid on a laptop, and two columns on a phone', () => {
    const laptop = gridShape(10, 1280, 720);
    expect(laptop.columns * laptop.rows).toBeGreaterThanOrEqual(10);
    expect(laptop.columns).toBeGreaterThanOrEqual(4);
    const phone = gridShape(10, 360, 640);
    expect(phone.columns).toBe(2);
    expect(phone.rows).toBe(5);
  });

  it('never makes tiles larger than the box, and keeps them 16:9', () => {
    for (let count = 2; count <= 10; count++) {
      const shape = gridShape(count, 900, 500);
      expect(shape.columns * shape.tileWidth).toBeLessThanOrEqual(900);
      expect(shape.rows * shape.tileHeight).toBeLessThanOrEqual(500);
      expect(Math.abs(shape.tileWidth / shape.tileHeight - 16 / 9)).toBeLessThan(0.05);
    }
  });
});

describe('featured and tileOrder', () => {
  const base = { others: ['a', 'b', 'c'], self: 'me', speaker: null, pinned: null };

  it('features the speaker and lists everyone else with me last', () => {
    expect(featured({ ...base, speaker: 'b' })).toBe('b');
    expect(tileOrder({ ...base, speaker: 'b' })).toEqual(['a', 'c', 'me']);
  });

  it('lets my own pin win over the speaker', () => {
    expect(featured({ ...base, speaker: 'b', pinned: 'c' })).toBe('c');
  });

  it('does not feature me when I am the speaker (I see the group), nor someone without media', () => {
    expect(featured({ ...base, speaker: 'me' })).toBeNull();
    expect(featured({ ...base, speaker: 'zz' })).toBeNull();
    expect(tileOrder(base)).toEqual(['a', 'b', 'c', 'me']);
  });

  it('calls a phone held upright narrow', () => {
    expect(isNarrow(390)).toBe(true);
    expect(isNarrow(1024)).toBe(false);
  });
});

describe('arrange', () => {
  const input = { others: ['ana', 'ben', 'cat'], self: 'me', speaker: 'ben', pinned: null };

  it('gallery: everyone else in an even grid, the speaker among them (outlined, not moved), me apart and small', () => {
    expect(arrange('gallery', input)).toEqual({ big: null, tiles: ['ana', 'ben', 'cat'], selfInStrip: false });
    expect(arrange('gallery', { ...input, pinned: 'cat' })).toEqual({ big: 'cat', tiles: ['ana', 'ben'], selfInStrip: false });
    expect(arrange('gallery', { ...input, others: [] })).toEqual({ big: null, tiles: ['me'], selfInStrip: true });
  });

  it('filmstrip: the speaker first, then the others, me last', () => {
    expect(arrange('filmstrip', input)).toEqual({ big: null, tiles: ['ben', 'ana', 'cat', 'me'], selfInStrip: true });
    expect(arrange('filmstrip', { ...input, speaker: 'me' }).tiles).toEqual(['ana', 'ben', 'cat', 'me']);
  });

  it('phone: one large tile (my pin, else the speaker, else the first person) over the others and me', () => {
    expect(arrange('phone', input)).toEqual({ big: 'ben', tiles: ['ana', 'cat', 'me'], selfInStrip: true });
    expect(arrange('phone', { ...input, pinned: 'cat' }).big).toBe('cat');
    expect(arrange('phone', { ...input, speaker: null }).big).toBe('ana');
    expect(arrange('phone', { ...input, others: [] })).toEqual({ big: 'me', tiles: [], selfInStrip: true });
  });
});

describe('the room gallery at 1280×800', () => {
  // The gallery's box as the e2e run measures it at 1280×800 with the side panel open (tests/e2e/meeting-room-run.ts).
  const BOX = { width: 851, height: 570 };
  it.each([
    [2, 360],
    [5, 280],
    [9, 200]
  ])('fits %i other people with tiles at least %i px wide (3, 6 and 10 people in the room)', (others, least) => {
    expect(gridShape(others, BOX.width, BOX.height).tileWidth).toBeGreaterThanOrEqual(least);
  });
});

describe('stripFit: the small tiles share the strip by count', () => {
  // An upright phone (390 px): the room's padding and the strip's own leave about 372 px for the tiles.
  const PHONE_STRIP = 372;
  const phone = stripLimits('phone', 390);

  it('shares the phone strip between the faces shown, so three others (two small tiles and me) fit without scrolling', () => {
    const fit = stripFit(3, PHONE_STRIP, phone);
    expect(fit.scrolls).toBe(false);
    expect(3 * fit.tileWidth + 2 * 8).toBeLessThanOrEqual(PHONE_STRIP);
    expect(fit.tileWidth).toBeGreaterThanOrEqual(phone.min);
  });

  it('never makes a tile wider than the most, however few faces', () => {
    expect(stripFit(1, PHONE_STRIP, phone)).toEqual({ tileWidth: phone.max, scrolls: false });
    expect(stripFit(2, 2000, stripLimits('filmstrip', 1280))).toEqual({ tileWidth: 168, scrolls: false });
  });

  it('fits every count that fits at the narrowest, and scrolls (tiles at the narrowest) only past it', () => {
    for (let count = 1; count <= 10; count++) {
      const fit = stripFit(count, PHONE_STRIP, phone);
      const needed = count * phone.min + (count - 1) * 8;
      expect({ count, scrolls: fit.scrolls }).toEqual({ count, scrolls: needed > PHONE_STRIP });
      if (fit.scrolls) expect(fit.tileWidth).toBe(phone.min);
      else expect(count * fit.tileWidth + (count - 1) * 8).toBeLessThanOrEqual(PHONE_STRIP);
    }
    // Four faces still fit on the phone; five scroll.
    expect(stripFit(4, PHONE_STRIP, phone).scrolls).toBe(false);
    expect(stripFit(5, PHONE_STRIP, phone).scrolls).toBe(true);
  });

  it('depends only on the count and the strip width: the same input always gives the same tiles', () => {
    expect(stripFit(3, 372, phone)).toEqual(stripFit(3, 372, phone));
    expect(Number.isInteger(stripFit(3, 371.5, phone).tileWidth)).toBe(true);
  });

  it('takes the narrowest without scrolling before the strip is measured, and for no faces', () => {
    expect(stripFit(3, 0, phone)).toEqual({ tileWidth: phone.min, scrolls: false });
    expect(stripFit(0, PHONE_STRIP, phone)).toEqual({ tileWidth: phone.min, scrolls: false });
  });

  it('lets a side room’s two faces share a phone’s width (half each), and keeps the laptop’s filmstrip as it is', () => {
    const roomy = stripLimits('filmstrip', 390, true);
    const two = stripFit(2, PHONE_STRIP, roomy);
    expect(two).toEqual({ tileWidth: Math.floor((PHONE_STRIP - 8) / 2), scrolls: false });
    expect(two.tileWidth).toBeGreaterThan(stripFit(2, PHONE_STRIP, stripLimits('filmstrip', 390)).tileWidth);
    expect(stripLimits('filmstrip', 1280, true)).toEqual(stripLimits('filmstrip', 1280));
  });

  it('keeps the laptop filmstrip at 160 px or more, and the phone one small', () => {
    expect(stripLimits('filmstrip', 1280).min).toBe(160);
    expect(stripLimits('filmstrip', 390).max).toBeLessThan(160);
    // Ten people on the stage at 1280×800 (the strip the full width of the video column): 160 px tiles, scrolling.
    expect(stripFit(10, 845, stripLimits('filmstrip', 1280))).toEqual({ tileWidth: 160, scrolls: true });
  });
});

import { describe, expect, it } from 'vitest';
import { arrange, featured, gridShape, isNarrow, tileOrder } from './layout';

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

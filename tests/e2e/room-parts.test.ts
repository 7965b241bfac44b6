/**
 * Side room and breakout pairs with three people in Chromium (tests/e2e/room-parts-run.ts does the work through the
 * visible UI inside a loopback-only network namespace and prints what it measured).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let run = new Map<string, any>();
let five = new Map<string, any>();
const shots: Record<string, string> = process.env.SCREENSHOTS ? { SCREENSHOTS: process.env.SCREENSHOTS } : {};

beforeAll(async () => {
  run = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', shots);
  five = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', { ...shots, PEOPLE: '5' });
}, 900_000);

describe('a side room with three people', () => {
  it('keeps the member decoding the facilitator on the same connection through the move', () => {
    expect(run.get('before')).toBe(true);
    const during = run.get('quinnDecodingDuringMove') as number[];
    expect(during.length).toBeGreaterThan(10);
    for (const count of during) expect(count).toBeGreaterThanOrEqual(1);
    expect(run.get('sideLinkKept')).toBe(true);
  });

  it('connects only member and facilitator: both decode each other, the third person has no connection to them', () => {
    expect(run.get('sideRoomConnections')).toEqual({ fran: 1, quinn: 1 });
    expect(run.get('sideRoomRising')).toEqual({ fran: true, quinn: true });
    expect(run.get('patConnectedInSideRoom')).toBe(0);
  });

  it('shows the group “with a facilitator” tiles and a calm pause, and the facilitator the member’s check-in', () => {
    expect(run.get('patTiles')).toEqual(expect.arrayContaining([expect.stringContaining('With a facilitator')]));
    expect((run.get('patTiles') as string[]).length).toBe(2);
    expect(run.get('checkinShown')).toContain('At home, Leeds');
    expect(run.get('checkinShown')).toContain('Sam Rivers');
    expect(run.get('axeSideRoom')).toEqual({ fran: [], pat: [], quinn: [] });
  });

  it('brings everyone back when the member returns: all three decode again', () => {
    expect(run.get('afterReturnRising')).toEqual({ fran: true, pat: true, quinn: true });
  });
});

describe('breakout pairs with three people', () => {
  it('connects the pair only, shows the timer, lets a raised hand reach the facilitator, who visits and calls back', () => {
    expect(run.get('pairConnections')).toEqual({ fran: 0, pat: 1, quinn: 1 });
    expect(run.get('pairRising')).toEqual({ pat: true, quinn: true });
    expect(run.get('pairTimer')).toMatch(/^[12]:\d\d left$/);
    expect(run.get('handReachedFacilitator')).toBe(true);
    expect(run.get('visitRising')).toBe(true);
    expect(run.get('afterPairs')).toBe(true);
    expect(run.get('axePairs')).toEqual({ fran: [], pat: [] });
    expect(run.get('errors')).toEqual([]);
  });
});

describe('breakout with two pairs (five people)', () => {
  it('each member decodes only their partner, the facilitator nobody, and all decode everyone once back', () => {
    expect(five.get('fiveBefore')).toBe(true);
    expect(five.get('twoPairsConnections')).toEqual([0, 1, 1, 1, 1]);
    expect(five.get('twoPairsRising')).toEqual([true, true, true, true]);
    expect(five.get('twoPairsBack')).toBe(true);
    expect(five.get('errors')).toEqual([]);
  });
});

/**
 * Side room and breakout pairs in Chromium: three people, five (two pairs), and four with a co-facilitator
 * (tests/e2e/room-parts-run.ts does the work through the visible UI inside a loopback-only network namespace and
 * prints what it measured).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let run = new Map<string, any>();
let five = new Map<string, any>();
let sheets = new Map<string, any>();
let co = new Map<string, any>();
const shots: Record<string, string> = process.env.SCREENSHOTS ? { SCREENSHOTS: process.env.SCREENSHOTS } : {};

beforeAll(async () => {
  run = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', shots);
  five = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', { ...shots, PEOPLE: '5' });
  sheets = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', { ...shots, PEOPLE: '5', SHEETS: '1' });
  co = await runInLoopbackNamespace('tests/e2e/room-parts-run.ts', { ...shots, CO: '1' });
}, 1_200_000);

describe('a side room with three people', () => {
  it('keeps the member decoding the facilitator on the same connection through the move', () => {
    expect(run.get('before')).toBe(true);
    const during = run.get('quinnDecodingDuringMove') as number[];
    expect(during.length).toBeGreaterThan(10);
    for (const count of during) expect(count).toBeGreaterThanOrEqual(1);
    expect(run.get('sideLinkKept')).toBe(true);
  });

  it('connects only member and facilitator: both see and hear each other, the third person has no connection to them', () => {
    expect(run.get('sideRoomConnections')).toEqual({ fran: 1, quinn: 1 });
    expect(run.get('sideRoomRising')).toEqual({ fran: true, quinn: true });
    expect(run.get('sideRoomHearing')).toEqual({ fran: true, quinn: true });
    expect(run.get('sideRoomHearingQuinnMuted')).toBe(false);
    expect(run.get('patConnectedInSideRoom')).toBe(0);
  });

  it('shows the group “with a facilitator” tiles and a calm pause, and the facilitator the member’s check-in', () => {
    expect(run.get('patTiles')).toEqual(expect.arrayContaining([expect.stringContaining('With a facilitator')]));
    expect((run.get('patTiles') as string[]).length).toBe(2);
    expect(run.get('checkinShown')).toContain('At home, Leeds');
    expect(run.get('checkinShown')).toContain('Sam Rivers');
    expect(run.get('axeSideRoom')).toEqual({ fran: [], pat: [], quinn: [] });
  });

  it('lets member and facilitator write to each other in the side room’s chat, which the third person never sees', () => {
    expect(run.get('sideChat')).toEqual({ fran: true, quinn: true, patSeesIt: false, patListed: 0, patReadStatus: 403 });
  });

  it('brings everyone back when the member returns: all three decode again', () => {
    expect(run.get('afterReturnRising')).toEqual({ fran: true, pat: true, quinn: true });
  });
});

describe('a side room while a co-facilitator stays with the group (four people)', () => {
  it('does not pause the group: Pat and Cora see and hear each other, Fran and Quinn each other, and nobody else', () => {
    expect(co.get('coBefore')).toBe(true);
    expect(co.get('coConnections')).toEqual({ fran: 1, pat: 1, quinn: 1, cora: 1 });
    expect(co.get('coRising')).toEqual({ fran: true, pat: true, quinn: true, cora: true });
    expect(co.get('coHearing')).toEqual({ pat: true, cora: true });
    expect(co.get('coPaused')).toEqual({ pat: 0, cora: 0 });
  });

  it('tells Cora the group is hers for now, and Pat where Fran and Quinn are; everyone decodes everyone once Quinn returns', () => {
    expect(co.get('coLeading')).toBe('Fran is with Quinn in a side room. You are with the group.');
    const tiles = co.get('coPatTiles') as string[];
    expect(tiles).toHaveLength(2);
    expect(tiles.find((t) => t.includes('Quinn'))).toContain('With a facilitator');
    expect(tiles.find((t) => t.includes('Fran'))).toContain('In a side room');
    expect(co.get('coAxe')).toEqual({ pat: [], cora: [] });
    for (const [who, fit] of Object.entries(co.get('coLaptop') as Record<string, any>)) {
      expect({ who, ...fitOf(fit) }).toEqual({ who, page: { width: 1280, height: 800 }, overlaps: [], outside: [], covered: [], tilesOverControls: [] });
    }
    const phone = co.get('coPhone');
    expect(fitOf(phone.fit)).toEqual(fitsPhone);
    expect(phone.leading).toMatchObject(onFirstScreen);
    expect(co.get('coBack')).toEqual({ leading: 0 });
    expect(co.get('errors')).toEqual([]);
  });
});

describe('breakout pairs with three people', () => {
  it('connects the pair only, shows the timer and the pair’s worksheet, lets a raised hand reach the facilitator, who visits and calls back', () => {
    expect(run.get('pairConnections')).toEqual({ fran: 0, pat: 1, quinn: 1 });
    expect(run.get('pairRising')).toEqual({ pat: true, quinn: true });
    expect(run.get('pairTimer')).toMatch(/^[45]:\d\d left$/);
    expect(run.get('handReachedFacilitator')).toBe(true);
    expect(run.get('visitRising')).toBe(true);
    expect(run.get('pairSheetLive')).toBe(true);
    expect(run.get('quinnWorksheetTab')).toBe('true');
    expect(run.get('visitorSeesSheet')).toBe(true);
    expect(run.get('afterPairs')).toBe(true);
    expect(run.get('axePairs')).toEqual({ fran: [], pat: [], quinn: [] });
    expect(run.get('errors')).toEqual([]);
  });
});

/** The whole object on failure: what overlaps, what is off screen or covered, and how big the page is. */
const fitOf = (fit: any) => ({
  page: { width: fit.pageWidth, height: fit.pageHeight },
  overlaps: fit.overlaps,
  outside: fit.outside,
  covered: fit.covered,
  tilesOverControls: fit.tilesOverControls
});
const fitsPhone = { page: { width: 390, height: 844 }, overlaps: [], outside: [], covered: [], tilesOverControls: [] };
const onFirstScreen = { whole: true, uncovered: true, scrolledBy: 0 };

describe('the side room and a pair on a phone (390×844), and the same on a laptop', () => {
  it('shows member and facilitator both faces, the conversation and the box to write in on the first screen, nothing scrolled, overlapping or sideways', () => {
    const screens = { quinn: run.get('sideRoomPhone').quinn, fran: run.get('sideRoomFacilitatorPhone') };
    for (const [who, screen] of Object.entries(screens)) {
      expect({ who, ...fitOf(screen.fit) }).toEqual({ who, ...fitsPhone });
      expect(screen.faces).toHaveLength(2);
      for (const part of ['box', 'thread', 'back', 'keep']) expect({ who, part, ...screen[part] }).toMatchObject({ who, part, ...onFirstScreen });
      for (const face of screen.faces) expect({ who, ...face }).toMatchObject({ who, ...onFirstScreen });
      // Room for a few messages, not a sliver, and faces a person can read (half the phone's width each).
      expect(screen.thread.box.bottom - screen.thread.box.top).toBeGreaterThanOrEqual(150);
      for (const face of screen.faces) expect(face.box.right - face.box.left).toBeGreaterThanOrEqual(160);
    }
  });

  it('shows a pair member on a phone their worksheet’s first answer whole under the faces, with the hand and “I need support” in reach', () => {
    const pair = run.get('pairPhone');
    expect(fitOf(pair.fit)).toEqual(fitsPhone);
    expect(pair.faces).toHaveLength(2);
    for (const part of ['firstAnswer', 'hand', 'support']) expect({ part, ...pair[part] }).toMatchObject({ part, ...onFirstScreen });
    for (const face of pair.faces) expect(face).toMatchObject(onFirstScreen);
  });

  it('keeps the laptop’s side room and pair on one screen with nothing overlapping or covered', () => {
    const laptop = { fran: run.get('sideRoomLaptop').fran, quinn: run.get('sideRoomMemberLaptop'), pat: run.get('pairLaptop') };
    for (const [who, fit] of Object.entries(laptop)) {
      const { outside: _outside, ...seen } = fitOf(fit);
      expect({ who, ...seen }).toEqual({ who, page: { width: 1280, height: 800 }, overlaps: [], covered: [], tilesOverControls: [] });
      expect({ who, self: fit.self.inside }).toEqual({ who, self: true });
    }
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

describe('chosen pairs, each with a worksheet (two pairs, five people)', () => {
  it('gives each pair its own worksheet: partners see each other’s words live, the other pair sees none of them; on a phone without a camera the card saying so and the first answer share the first screen', () => {
    // The pairs Fran chose in the form, not the order the members are listed in.
    expect(sheets.get('chosenPairs')).toEqual([['Pat', 'Riley'], ['Quinn', 'Sasha']]);
    expect(sheets.get('pairSheetsLive')).toEqual({ pairOne: true, pairTwo: true });
    expect(sheets.get('otherPairSees')).toEqual({ twoA: false, twoB: false, oneA: false, oneB: false });
    expect(sheets.get('otherPairRefused')).toEqual({ status: 403, reason: 'not_in_pair' });
    expect(sheets.get('panelLinks')).toBe(2);
    expect(sheets.get('facilitatorSeesVisited')).toBe(true);
    expect(sheets.get('axePairSheets')).toEqual({ member: [], facilitator: [] });
    expect(sheets.get('axePairSheetPhone')).toEqual([]);
    const withProblem = sheets.get('pairSheetPhoneWithProblem');
    expect(fitOf(withProblem.fit)).toEqual(fitsPhone);
    for (const part of ['problem', 'firstAnswer', 'support']) expect({ part, ...withProblem[part] }).toMatchObject({ part, ...onFirstScreen });
    expect(sheets.get('problemOptionsOpen')).toEqual({
      expanded: 'true',
      options: ['Try again', 'Continue with sound only', 'Continue without camera or microphone', 'Fewer options']
    });
    expect(sheets.get('sheetGoneAfter')).toBe(0);
    expect(sheets.get('errors')).toEqual([]);
  });
});

/**
 * The room as a meeting room, in Chromium with fake cameras inside a loopback-only network namespace, against the
 * built server (meeting-room-run.ts does the work through the visible UI and prints measurements): three people run a
 * session (keyboard only for the facilitator's admitting, calling, go-around, view switching and acknowledging), and
 * six people measure the tiles. Frames are counted with RTCPeerConnection.getStats() (inbound video framesDecoded).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInLoopbackNamespace } from './netns';

let three = new Map<string, any>();
let six = new Map<string, any>();

beforeAll(async () => {
  three = await runInLoopbackNamespace('tests/e2e/meeting-room-run.ts');
}, 480_000); // three Chromium pages with fake cameras on two cores: slow on a busy machine

type Measure = {
  layout: string;
  remote: Array<{ name: string; width: number; height: number; top: number; bottom: number }>;
  self: { width: number } | null;
  board: { width: number; height: number; top: number; bottom: number } | null;
  pageHeight: number;
  pageWidth: number;
  viewport: { width: number; height: number };
  tabsOverflow: boolean | null;
};

const fitsScreen = (m: Measure) => {
  expect(m.pageHeight).toBeLessThanOrEqual(m.viewport.height);
  expect(m.pageWidth).toBeLessThanOrEqual(m.viewport.width);
};

describe('three people in the meeting room', () => {
  it('tells participants with the group page or the dashboard open that the session started, and names group and session at check-in', () => {
    expect(three.get('sessionNoticeMs')).toBeLessThan(1000);
    expect(three.get('dashboardNoticeMs')).toBeLessThan(1000);
    expect(three.get('checkinNames')).toBe('Tuesday CBT group · Session 4');
    const waiting = three.get('waitingRoom');
    expect(waiting.text).toContain('The facilitator will let you in.');
    expect(waiting.previewWidth).toBeGreaterThan(0);
    expect(waiting.axe).toEqual([]);
  });

  it('decodes every remote face on every page (laptop and phone), and again after a reload', () => {
    const { first, later } = three.get('frames') as Record<'first' | 'later', Record<string, number[]>>;
    for (const viewer of ['Fran', 'Pat', 'Quinn']) {
      expect(first[viewer]).toHaveLength(2);
      later[viewer]!.forEach((frames, index) => expect(frames).toBeGreaterThan(first[viewer]![index]!));
    }
    const reloaded = three.get('framesAfterReload') as number[];
    expect(reloaded.filter((frames) => frames > 0)).toHaveLength(2);
  });

  it('gallery: faces at least 360 px wide at 1280×800, one large tile over a strip on the phone, no page scroll', () => {
    const gallery = three.get('gallery') as Record<string, Measure>;
    for (const viewer of ['Fran', 'Pat']) {
      const m = gallery[viewer]!;
      expect(m.viewport).toEqual({ width: 1280, height: 800 });
      expect(m.remote).toHaveLength(2);
      for (const tile of m.remote) {
        expect(tile.width).toBeGreaterThanOrEqual(360);
        expect(tile.bottom).toBeLessThanOrEqual(800);
      }
      expect(m.self!.width).toBeLessThan(m.remote[0]!.width);
      fitsScreen(m);
    }
    const phone = gallery.Quinn!;
    expect(phone.viewport).toEqual({ width: 390, height: 844 });
    expect(phone.remote[0]!.width).toBeGreaterThanOrEqual(340);
    expect(phone.remote[1]!.width).toBeGreaterThanOrEqual(100);
    expect(phone.tabsOverflow).toBe(false);
    fitsScreen(phone);
  });

  it('stage: the board takes at least 60% of the width and most of the height, the filmstrip tiles at least 160 px, everyone follows', () => {
    const stage = three.get('stage') as Record<string, Measure>;
    for (const viewer of ['Fran', 'Pat']) {
      const m = stage[viewer]!;
      expect(m.layout).toBe('stage');
      expect(m.board!.width).toBeGreaterThanOrEqual(0.6 * 1280);
      // The drawing area itself (the canvas), below the filmstrip and one line of the board's tools.
      expect(m.board!.height).toBeGreaterThanOrEqual(0.4 * 800);
      expect(m.board!.bottom).toBeLessThanOrEqual(800);
      for (const tile of m.remote) expect(tile.width).toBeGreaterThanOrEqual(160);
      fitsScreen(m);
    }
    expect(stage.Quinn!.layout).toBe('stage');
    expect(three.get('phoneStageTab')).toBe('true');
    // On the phone the drawing area is on screen without scrolling.
    expect(stage.Quinn!.board!.bottom).toBeLessThanOrEqual(844);
    expect(stage.Quinn!.board!.height).toBeGreaterThanOrEqual(0.3 * 844);
    expect(stage.Quinn!.board!.width).toBeGreaterThanOrEqual(0.85 * 390);
    fitsScreen(stage.Quinn!);
  });

  it('phone: the board tools never overflow sideways; they open as a menu within the screen and close on a choice', () => {
    const tools = three.get('phoneTools');
    for (const state of [tools.closed, tools.open]) expect(state).toEqual({ scrolls: false, outside: 0, pageWidth: 390 });
    expect(tools.closesAfterChoice).toBe('false');
    expect(tools.laptopToggle).toBe(false);
  });

  it('unlocking and archiving a board reach the participants within a second, without a reload', () => {
    expect(three.get('unlockReachedMs')).toBeLessThan(1000);
    expect(three.get('archiveReachedMs')).toBeLessThan(1000);
    expect(three.get('archivedReadOnly')).toBe(1);
  });

  it('a worksheet started from the stage reaches everyone within a second, without a reload', () => {
    expect(three.get('worksheetReachedMs')).toBeLessThan(1000);
  });

  it('two facilitators see the same support banner: one acknowledges, the other’s banner goes within a second', () => {
    const cora = three.get('coFacilitatorBanner');
    expect(cora.before).toBe(true);
    expect(cora.goneMs).toBeLessThan(1000);
    expect(cora.title).not.toMatch(/^\(/);
    expect(cora.history).toMatch(/Pat asked at .* seen by Fran/);
  });

  it('a board created and locked from the stage reaches the others within a second, without a reload', () => {
    expect(three.get('boardReachedMs')).toBeLessThan(1000);
    expect(three.get('lockReachedMs')).toBeLessThan(1000);
  });

  it('sets a speaker’s raised hand aside during their go-around turn (no contradictory controls) and restores it', () => {
    expect(three.get('turnControls')).toEqual({ setAside: true, raise: 0, lower: 0, finish: 1 });
    expect(three.get('handRestored')).toBe('Your place in the queue: 1');
  });

  it('opens a step’s tool when the facilitator moves to it: the order picker, the board, the worksheet, the faces', () => {
    expect(three.get('agendaOpensTools')).toEqual({ goAroundTab: 'true', boardStep: 'stage', worksheetStep: 'worksheet', talkStep: 'gallery' });
  });

  it('shows a support signal at the top of every facilitator view until acknowledged, with a count in the title', () => {
    expect(three.get('title')).toMatch(/^\(1\) /);
    const banner = three.get('banner') as Record<string, boolean>;
    expect(Object.keys(banner).sort()).toEqual(['gallery', 'panel hidden', 'phone', 'stage', 'tab Agenda', 'tab People', 'tab Speaking', 'tab Support']);
    for (const [view, shown] of Object.entries(banner)) expect({ view, shown }).toEqual({ view, shown: true });
    const after = three.get('afterAcknowledge');
    expect(after.title).not.toMatch(/^\(/);
    expect(after.history).toMatch(/Pat asked at .* seen by Fran/);
    fitsScreen(three.get('facilitatorPhone'));
  });

  it('asks before ending a session, on the group page and in the room', () => {
    expect(three.get('groupPageEndAsks')).toBe(true);
    expect(three.get('endAsks')).toBe(true);
    expect(three.get('stillLiveBeforeConfirm')).toBe(true);
  });

  it('has no serious or critical axe findings in any view, and no uncaught page errors', () => {
    const axe = three.get('axe') as Record<string, string[]>;
    expect(Object.keys(axe).sort()).toEqual(['facilitatorPhone', 'gallery', 'phoneGallery', 'phoneStage', 'sidePanel', 'stage']);
    for (const [view, findings] of Object.entries(axe)) expect({ view, findings }).toEqual({ view, findings: [] });
    expect(three.get('errors')).toEqual([]);
    expect(three.has('fatal')).toBe(false);
  });
});

describe('six people in the meeting room', () => {
  beforeAll(async () => {
    // Six Chromium pages on two cores: when a run fails or not every page decodes every face, run once more (and
    // say so). A room that cannot connect six people fails both runs.
    const run = () => runInLoopbackNamespace('tests/e2e/meeting-room-run.ts', { PEOPLE: '6' });
    const complete = (results: typeof six) => {
      const frames = results.get('frames') as number[][] | undefined;
      return !!frames && frames.length === 6 && frames.every((counts) => counts.filter((n) => n > 0).length >= 5);
    };
    // An incomplete run prints which link stayed dark and what both its ends did (meeting-room-run.ts, explainMesh).
    const explain = (results: typeof six) => `${JSON.stringify(results.get('frames'))}\n${results.get('meshDiagnosis') ?? ''}`;
    const first = await run().catch((error: Error) => error);
    if (first instanceof Error || !complete(first)) {
      console.warn('six-person run incomplete, running once more:', first instanceof Error ? first.message : explain(first));
      six = await run();
      if (!complete(six)) console.warn('six-person run incomplete again:', explain(six));
    } else six = first;
  }, 1_440_000); // six Chromium pages with fake cameras on two cores: the run waits up to 90 s per page for frames

  it('decodes every remote face on all six pages, with gallery tiles at least 280 px and filmstrip tiles 160 px', () => {
    const frames = six.get('frames') as number[][];
    expect(frames).toHaveLength(6);
    for (const counts of frames) expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
    for (const key of ['gallery', 'galleryParticipant']) {
      const m = six.get(key) as Measure;
      expect(m.remote).toHaveLength(5);
      for (const tile of m.remote) expect(tile.width).toBeGreaterThanOrEqual(280);
      fitsScreen(m);
    }
    const stage = six.get('stage') as Measure;
    expect(stage.board!.width).toBeGreaterThanOrEqual(0.6 * 1280);
    expect(stage.board!.bottom).toBeLessThanOrEqual(800);
    for (const tile of stage.remote) expect(tile.width).toBeGreaterThanOrEqual(160);
    fitsScreen(stage);
    fitsScreen(six.get('phoneGallery'));
    fitsScreen(six.get('phoneStage'));
    expect(six.get('errors')).toEqual([]);
  });
});

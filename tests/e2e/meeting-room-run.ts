/**
 * The room as a meeting room, as a facilitator and participants use it (tests/e2e/meeting-room.test.ts runs this under
 * `unshare -n`, so WebRTC stays on loopback): the built server, Chromium with fake cameras, the visible UI only.
 * PEOPLE=3 (default) runs the whole session; PEOPLE=6 (or 10) only measures tiles and frames with that many people.
 * SCREENSHOTS=dir writes a PNG of each view at 1280×800 and 390×844 there. Prints one JSON line per measurement.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { report, runScript } from './netns';
import { apiCall, axeFindings, fakeMediaArgs, launchBrowser, signupViaApi, startServer } from './harness';
import { CAPTURE_PEER_CONNECTIONS, CHECKIN, LAPTOP, PHONE, explainMesh, meshSummary, sleep } from './room-fixtures';

const PEOPLE = Number(process.env.PEOPLE ?? 3);
const SHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
const NAMES = ['Fran', 'Pat', 'Quinn', 'Riley', 'Sasha', 'Toni', 'Uma', 'Val', 'Wren', 'Yael'];

/** Frames decoded so far on each connected peer connection's inbound video (getStats). */
const framesDecoded = (page: Page) =>
  page.evaluate(async () => {
    const counts: number[] = [];
    for (const pc of (window as any).__pcs as RTCPeerConnection[]) {
      if (pc.connectionState !== 'connected') continue;
      let frames = 0;
      (await pc.getStats()).forEach((stat: any) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames += stat.framesDecoded ?? 0;
      });
      counts.push(frames);
    }
    return counts;
  });

/** Waits until the page decodes video from `others` connections; returns the frame counts. */
async function waitForFrames(page: Page, others: number, timeoutMs = 45_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let counts = await framesDecoded(page);
  while (Date.now() < deadline && !(counts.length >= others && counts.filter((n) => n > 0).length >= others)) {
    await sleep(500);
    counts = await framesDecoded(page);
  }
  return counts;
}

/** Sizes of the remote tiles (and my own), the page's height against the viewport, and the board's width. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height), top: Math.round(r.top), bottom: Math.round(r.bottom) };
    };
    const tiles = [...document.querySelectorAll<HTMLElement>('[data-testid="video-tile"]')];
    const canvas = document.querySelector('[data-testid="stage"] canvas');
    return {
      layout: document.querySelector<HTMLElement>('[data-testid="meeting-room"]')?.dataset.layout ?? null,
      remote: tiles.filter((t) => t.dataset.self !== 'true').map((t) => ({ name: t.dataset.name, ...rect(t) })),
      self: tiles.filter((t) => t.dataset.self === 'true').map(rect)[0] ?? null,
      board: canvas ? rect(canvas) : null,
      galleryBox: (() => {
        const area = document.querySelector('[data-testid="video-grid"] .area');
        return area ? { width: area.clientWidth, height: area.clientHeight } : null;
      })(),
      pageHeight: document.documentElement.scrollHeight,
      pageWidth: document.documentElement.scrollWidth,
      viewport: { width: innerWidth, height: innerHeight },
      tabsOverflow: (() => {
        const tabs = document.querySelector('[role="tablist"]');
        return tabs ? tabs.scrollWidth > tabs.clientWidth + 1 : null;
      })()
    };
  });

/** Presses Tab until the focused element's text (or label) matches, then returns; throws after `max` presses. */
async function tabTo(page: Page, name: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`.trim() : '';
    });
    if (name.test(focused)) return;
  }
  throw new Error(`keyboard: could not reach ${name} with Tab`);
}

/** Banner check: visible, at the top of the screen, in this view. */
const bannerShown = async (page: Page) => {
  const banner = page.getByTestId('support-banner').first();
  if (!(await banner.isVisible())) return false;
  const box = (await banner.boundingBox())!;
  return box.y >= 0 && box.y + box.height <= 200;
};

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  // Three pages at 10 fps, six (or ten) at 5: see fakeMediaArgs.
  const browser: Browser = await launchBrowser(fakeMediaArgs(PEOPLE > 3 ? 5 : 10));
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const shot = async (page: Page, name: string) => SHOTS && page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  try {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const people = await Promise.all(NAMES.slice(0, PEOPLE).map(async (name) => ({ name, ...(await signupViaApi(server, name)) })));
    const [fran, ...participants] = people;
    const { group } = await call(fran!.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 20 });
    for (const person of participants) await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const { session } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    const roomUrl = `${server.url}/sessions/${session.id}/room`;

    const open = async (cookie: string, name: string, viewport = LAPTOP) => {
      const context = await browser.newContext({ viewport, locale: 'en-GB', bypassCSP: true });
      contexts.push(context);
      await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
      await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${name}: ${String(error)}`));
      return page;
    };

    if (PEOPLE > 3) {
      // Many people: admit everyone through the API, measure the tiles in each view, check every remote face decodes.
      await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/start`);
      await call(fran!.cookie, 'POST', `/api/groups/${group.id}/boards`, { title: 'Values' });
      for (const person of participants) await call(person.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
      const pages: Page[] = [];
      for (const person of people) {
        const page = await open(person.cookie, person.name);
        await page.goto(roomUrl);
        pages.push(page);
      }
      await pages[0]!.getByTestId('meeting-room').waitFor({ timeout: 20_000 });
      // 'admit_all' lets in who is waiting at that moment, and on a busy machine the last pages take more than a few
      // seconds to get there: the facilitator lets people in again until every page shows the room.
      const inRoom = async () => (await Promise.all(pages.map((page) => page.getByTestId('meeting-room').isVisible()))).every(Boolean);
      for (const until = Date.now() + 120_000; Date.now() < until; await sleep(2000)) {
        // 409: nobody is waiting just now (let in already, or not there yet).
        await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'admit_all' }).catch((error: Error) => {
          if (!/: 409 /.test(error.message)) throw error;
        });
        if (await inRoom()) break;
      }
      const frames = [];
      for (const page of pages) frames.push(await waitForFrames(page, PEOPLE - 1, 90_000));
      report('frames', frames);
      const named = people.map((person, index) => ({ name: person.name, userId: person.user.id, page: pages[index]! }));
      report('meshSummary', await meshSummary(named));
      // Some page did not decode every face (or asked for): which link stayed dark, and what both its ends did.
      if (frames.some((counts) => counts.filter((n) => n > 0).length < PEOPLE - 1) || process.env.EXPLAIN_MESH) {
        report('meshDiagnosis', await explainMesh(named));
      }
      report('gallery', await measure(pages[0]!));
      report('galleryParticipant', await measure(pages[1]!));
      await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_layout', layout: 'stage' });
      await pages[1]!.locator('[data-layout="stage"]').waitFor();
      await pages[0]!.locator('[data-testid="stage"] canvas').waitFor({ timeout: 60_000 });
      await sleep(500);
      report('stage', await measure(pages[0]!));
      await pages[1]!.setViewportSize(PHONE);
      await sleep(500);
      report('phoneStage', await measure(pages[1]!));
      await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_layout', layout: 'gallery' });
      await pages[1]!.locator('[data-layout="gallery"]').waitFor();
      await sleep(500);
      report('phoneGallery', await measure(pages[1]!));
      await shot(pages[0]!, `gallery-${PEOPLE}-people-1280x800`);
      await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_layout', layout: 'stage' });
      await pages[0]!.locator('[data-layout="stage"] [data-testid="stage"]').waitFor({ timeout: 60_000 });
      await sleep(1500);
      await shot(pages[0]!, `stage-${PEOPLE}-people-1280x800`);
      report('errors', errors);
      return;
    }

    const [pat, quinn] = participants as [(typeof people)[0], (typeof people)[0]];
    // Cora, a co-facilitator, joins later (after the tile sizes of three people are measured) to check the shared banner.
    const cora = await signupViaApi(server, 'Cora');
    await call(cora.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const coraId = (await call(cora.cookie, 'GET', '/api/me')).user.id;
    await call(fran!.cookie, 'PATCH', `/api/groups/${group.id}/members/${coraId}`, { role: 'co_facilitator' });
    // Pat has the group page open before the session starts.
    const patPage = await open(pat.cookie, 'Pat');
    await patPage.goto(`${server.url}/groups/${group.id}`);
    await patPage.getByRole('heading', { name: 'Tuesday CBT group' }).waitFor();
    // Quinn has the dashboard open on a phone.
    const quinnPage = await open(quinn.cookie, 'Quinn', PHONE);
    await quinnPage.goto(`${server.url}/dashboard`);
    await quinnPage.getByRole('heading', { name: 'My groups' }).waitFor();
    await sleep(500);

    // Fran starts the session from the group page; Pat's open page says so without a reload.
    const franPage = await open(fran!.cookie, 'Fran');
    await franPage.goto(`${server.url}/groups/${group.id}`);
    await franPage.getByRole('button', { name: 'Start Session 4' }).click();
    const startedAt = Date.now();
    await patPage.getByText('Session started — Session 4').waitFor({ timeout: 5000 });
    report('sessionNoticeMs', Date.now() - startedAt);
    await quinnPage.getByText('Session started — Session 4').waitFor({ timeout: 5000 });
    report('dashboardNoticeMs', Date.now() - startedAt);
    // Ending from the group page asks first: cancelling leaves the session live.
    await franPage.getByRole('button', { name: 'End Session 4' }).click();
    await franPage.getByRole('button', { name: 'Yes, end the session' }).waitFor();
    report('groupPageEndAsks', await franPage.getByText('End “Session 4” for everyone?').isVisible());
    await franPage.getByRole('button', { name: 'Cancel' }).click();
    await franPage.getByRole('link', { name: 'Open the room' }).first().click();
    await franPage.getByTestId('meeting-room').waitFor();

    // Pat follows the notice: the check-in names the group and session, then the waiting room checks camera and mic.
    await patPage.getByTestId('live-session-notice').getByRole('link', { name: 'Open the room' }).click();
    const where = await patPage.getByTestId('checkin-where').textContent();
    report('checkinNames', where);
    await shot(patPage, 'checkin-1280x800');
    await patPage.getByLabel('Where are you right now?').fill(CHECKIN.location);
    await patPage.getByLabel('Emergency contact name').fill(CHECKIN.emergencyContactName);
    await patPage.getByLabel('Emergency contact phone').fill(CHECKIN.emergencyContactPhone);
    await patPage.getByRole('button', { name: 'Continue to the waiting room' }).click();
    await patPage.getByTestId('waiting-room').waitFor();
    await patPage.waitForFunction(() => (document.querySelector('[data-testid="camera-preview"]') as HTMLVideoElement | null)?.videoWidth! > 0, undefined, { timeout: 10_000 });
    await patPage.waitForFunction(() => Number((document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement | null)?.value) > 0, undefined, { timeout: 10_000 });
    report('waitingRoom', {
      text: await patPage.getByTestId('waiting-room').textContent(),
      previewWidth: await patPage.getByTestId('camera-preview').evaluate((v) => (v as HTMLVideoElement).videoWidth),
      axe: await axeFindings(patPage)
    });
    await shot(patPage, 'waiting-room-1280x800');

    // Quinn joins on a phone.
    await call(quinn.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    await quinnPage.getByTestId('live-session-notice').getByRole('link', { name: 'Open the room' }).click();
    await quinnPage.getByTestId('waiting-room').waitFor();
    await shot(quinnPage, 'waiting-room-390x844');

    // Keyboard only: Fran admits both from the banner at the top of the room.
    await franPage.getByRole('button', { name: 'Admit Quinn' }).waitFor();
    await franPage.locator('body').click({ position: { x: 5, y: 300 } });
    await franPage.keyboard.press('Home');
    await tabTo(franPage, /^Admit Pat/);
    await franPage.keyboard.press('Enter');
    await patPage.getByTestId('meeting-room').waitFor({ timeout: 5000 });
    await tabTo(franPage, /^Admit Quinn/);
    await franPage.keyboard.press('Enter');
    await quinnPage.getByTestId('meeting-room').waitFor({ timeout: 5000 });

    // Every remote face decodes on every page, the phone included.
    const pages = { Fran: franPage, Pat: patPage, Quinn: quinnPage };
    const frames: Record<string, number[]> = {};
    for (const [name, page] of Object.entries(pages)) frames[name] = await waitForFrames(page, 2);
    await sleep(2000);
    const later: Record<string, number[]> = {};
    for (const [name, page] of Object.entries(pages)) later[name] = await framesDecoded(page);
    report('frames', { first: frames, later });

    // Gallery at 1280×800 (Fran, Pat) and the phone (Quinn).
    report('gallery', { Fran: await measure(franPage), Pat: await measure(patPage), Quinn: await measure(quinnPage) });
    await shot(franPage, 'gallery-1280x800');
    await shot(quinnPage, 'gallery-390x844');
    const axe: Record<string, string[]> = {};
    axe.gallery = await axeFindings(franPage);
    axe.phoneGallery = await axeFindings(quinnPage);

    // After a reload Pat sees both faces again.
    await patPage.reload();
    await patPage.getByTestId('meeting-room').waitFor({ timeout: 10_000 });
    report('framesAfterReload', await waitForFrames(patPage, 2));

    // Keyboard: Pat raises a hand, Fran calls the next speaker, then starts a go-around.
    await patPage.getByRole('button', { name: 'Raise my hand' }).click();
    await franPage.getByRole('listitem').filter({ hasText: /^Pat/ }).first().waitFor();
    await tabTo(franPage, /^Call the next speaker$/);
    await franPage.keyboard.press('Enter');
    await patPage.getByTestId('your-turn').waitFor();
    await patPage.getByRole('button', { name: 'Finish my turn' }).click();
    await patPage.getByRole('button', { name: 'Raise my hand' }).click();
    await franPage.getByText('No one has the floor.').waitFor();
    await tabTo(franPage, /^Start a go-around \(as listed\)$/);
    await franPage.keyboard.press('Enter');
    await patPage.getByTestId('your-turn').waitFor();
    // During Pat's go-around turn the raised hand is set aside and the only controls are the turn's own.
    report('turnControls', {
      setAside: await patPage.getByTestId('hand-set-aside').isVisible(),
      raise: await patPage.getByRole('button', { name: 'Raise my hand' }).count(),
      lower: await patPage.getByRole('button', { name: 'Lower my hand' }).count(),
      finish: await patPage.getByRole('button', { name: 'Finish my turn' }).count()
    });
    await patPage.getByRole('button', { name: 'Finish my turn' }).click();
    await quinnPage.getByTestId('your-turn').waitFor();
    await quinnPage.getByRole('button', { name: 'Finish my turn' }).click();
    await franPage.getByText('Everyone has had their turn.').waitFor();
    report('handRestored', await patPage.getByTestId('my-place').textContent());
    await franPage.getByRole('button', { name: 'End the go-around' }).click();

    // Keyboard: Fran switches everyone to the stage.
    await franPage.locator('body').click({ position: { x: 5, y: 300 } });
    await tabTo(franPage, /^Stage$/);
    await franPage.keyboard.press('Enter');
    await franPage.locator('[data-layout="stage"]').waitFor({ timeout: 5000 });
    await patPage.locator('[data-layout="stage"]').waitFor({ timeout: 5000 });
    await quinnPage.locator('[data-layout="stage"]').waitFor({ timeout: 5000 });
    report('phoneStageTab', await quinnPage.getByRole('tab', { name: 'Board' }).getAttribute('aria-selected'));

    // A board created from the stage reaches the others without a reload; locking it too.
    await franPage.getByRole('button', { name: 'New board' }).click();
    await franPage.getByLabel('New board title').fill('Values');
    await franPage.getByRole('button', { name: 'Create the board' }).click();
    const createdAt = Date.now();
    await patPage.getByTestId('stage').getByRole('region', { name: 'Values' }).waitFor({ timeout: 5000 });
    report('boardReachedMs', Date.now() - createdAt);
    await franPage.getByRole('button', { name: 'Lock the board' }).click();
    const lockedAt = Date.now();
    await patPage.getByTestId('stage').locator('[data-read-only="true"]').waitFor({ timeout: 5000 });
    report('lockReachedMs', Date.now() - lockedAt);
    await franPage.locator('[data-testid="stage"] canvas').waitFor();
    await patPage.locator('[data-testid="stage"] canvas').waitFor();
    await sleep(800);
    report('stage', { Fran: await measure(franPage), Pat: await measure(patPage), Quinn: await measure(quinnPage) });
    await shot(franPage, 'stage-1280x800');
    await shot(quinnPage, 'stage-390x844');
    await shot(patPage, 'stage-participant-1280x800');
    axe.stage = await axeFindings(franPage);
    axe.phoneStage = await axeFindings(quinnPage);
    // On the phone the board's tools do not scroll sideways: one "Tools" button, its menu within the screen.
    const phoneTools = quinnPage.getByTestId('stage').getByRole('toolbar', { name: 'Board tools' });
    const overflowOf = () =>
      quinnPage.evaluate(() => {
        const bar = document.querySelector('[data-testid="stage"] [role="toolbar"][aria-label="Board tools"]')!;
        const line = bar.parentElement!;
        const outside = [...line.querySelectorAll('*')].filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1);
        }).length;
        // Scrolls sideways: a box that may scroll (overflow-x not visible) holding more than its width.
        const scrolls = (el: Element) => getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
        return { scrolls: scrolls(bar) || scrolls(line), outside, pageWidth: document.documentElement.scrollWidth };
      });
    const closedTools = await overflowOf();
    await phoneTools.getByRole('button', { name: /^Tools: / }).click();
    await phoneTools.getByRole('button', { name: 'Select' }).waitFor({ timeout: 5000 });
    const openTools = await overflowOf();
    await shot(quinnPage, 'stage-tools-menu-390x844');
    await phoneTools.getByRole('button', { name: 'Select' }).click();
    const closesAfterChoice = await phoneTools.getByRole('button', { name: /^Tools: / }).getAttribute('aria-expanded');
    // At 1280 px every tool shows in place: no Tools button.
    const laptopToggle = await franPage.getByTestId('stage').getByRole('button', { name: /^Tools: / }).isVisible();
    report('phoneTools', { closed: closedTools, open: openTools, closesAfterChoice, laptopToggle });

    // Unlocking and archiving the board reach the others without a reload.
    await franPage.getByRole('button', { name: 'Unlock the board' }).click();
    const unlockedAt = Date.now();
    await patPage.getByTestId('stage').locator('[data-read-only="false"]').waitFor({ timeout: 5000 });
    await quinnPage.getByTestId('stage').locator('[data-read-only="false"]').waitFor({ timeout: 5000 });
    report('unlockReachedMs', Date.now() - unlockedAt);
    await quinnPage.getByTestId('stage').getByText('Up to date').waitFor({ timeout: 10_000 });
    await shot(quinnPage, 'stage-participant-390x844');
    const boardId = await franPage.getByTestId('stage').locator('[data-board-id]').getAttribute('data-board-id');
    await call(fran!.cookie, 'PATCH', `/api/boards/${boardId}`, { archived: true });
    const archivedAt = Date.now();
    await patPage.getByTestId('stage').getByText('Archived: view only').waitFor({ timeout: 5000 });
    await quinnPage.getByTestId('stage').getByText('Archived: view only').waitFor({ timeout: 5000 });
    report('archiveReachedMs', Date.now() - archivedAt);
    report('archivedReadOnly', await patPage.getByTestId('stage').locator('[data-read-only="true"]').count());

    // A second facilitator in the room: both see the same support banner.
    const coraPage = await open(cora.cookie, 'Cora');
    await coraPage.goto(roomUrl);
    await coraPage.getByTestId('meeting-room').waitFor({ timeout: 20_000 });

    // A support signal: a banner at the top of every facilitator view until acknowledged, and a count in the title.
    await patPage.getByRole('button', { name: 'I need support' }).click();
    await franPage.getByTestId('support-banner').waitFor({ timeout: 15_000 });
    await coraPage.getByTestId('support-banner').waitFor({ timeout: 15_000 });
    const coraBanner: Record<string, unknown> = { before: await bannerShown(coraPage) };
    const banner: Record<string, boolean> = { stage: await bannerShown(franPage) };
    report('title', await franPage.title());
    for (const tab of ['People', 'Agenda', 'Support', 'Speaking']) {
      await franPage.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      banner[`tab ${tab}`] = await bannerShown(franPage);
    }
    await franPage.getByRole('tab', { name: /^Support/ }).click();
    await shot(franPage, 'side-panel-support-1280x800');
    axe.sidePanel = await axeFindings(franPage);
    await franPage.getByRole('button', { name: 'Hide the side panel' }).click();
    banner['panel hidden'] = await bannerShown(franPage);
    await franPage.getByRole('button', { name: 'Show the side panel' }).click();
    await franPage.getByRole('button', { name: 'Gallery' }).click();
    await patPage.locator('[data-layout="gallery"]').waitFor();
    banner.gallery = await bannerShown(franPage);
    // The same page at phone size.
    await franPage.setViewportSize(PHONE);
    await sleep(500);
    banner.phone = await bannerShown(franPage);
    await shot(franPage, 'facilitator-support-390x844');
    report('facilitatorPhone', await measure(franPage));
    axe.facilitatorPhone = await axeFindings(franPage);
    await franPage.getByRole('tab', { name: /^Support/ }).click();
    await shot(franPage, 'side-panel-support-390x844');
    await franPage.setViewportSize(LAPTOP);
    await sleep(300);
    report('banner', banner);
    // Acknowledged from the keyboard; it stays listed for the session.
    await franPage.locator('body').click({ position: { x: 5, y: 400 } });
    await franPage.keyboard.press('Home');
    await tabTo(franPage, /^I have seen this/);
    await franPage.keyboard.press('Enter');
    await patPage.getByTestId('support-status').filter({ hasText: 'A facilitator has seen your message.' }).waitFor({ timeout: 15_000 });
    const acknowledgedAt = Date.now();
    await franPage.getByTestId('support-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await coraPage.getByTestId('support-banner').waitFor({ state: 'detached', timeout: 15_000 });
    coraBanner.goneMs = Date.now() - acknowledgedAt;
    coraBanner.title = await coraPage.title();
    coraBanner.history = await coraPage.getByRole('tab', { name: /^Support/ }).click().then(() => coraPage.getByTestId('support-history').textContent());
    report('coFacilitatorBanner', coraBanner);
    await coraPage.context().close();
    report('afterAcknowledge', {
      title: await franPage.title(),
      history: await franPage.getByTestId('support-history').textContent()
    });

    // An agenda step opens its tool: a go-around step the order picker, a board or worksheet step the stage.
    await franPage.getByRole('tab', { name: 'Agenda' }).click();
    await franPage.getByRole('button', { name: 'Use the “CBT group” template' }).click();
    await franPage.getByRole('button', { name: 'Go to “Check-in round”' }).click();
    await franPage.getByTestId('go-around-order').waitFor({ timeout: 15_000 });
    const opened: Record<string, unknown> = { goAroundTab: await franPage.getByRole('tab', { name: 'Speaking' }).getAttribute('aria-selected') };
    await franPage.getByRole('tab', { name: 'Agenda' }).click();
    await franPage.getByRole('button', { name: 'Go to “Skill teaching”' }).click();
    await patPage.locator('[data-layout="stage"] [data-testid="stage"][data-tool="board"]').waitFor({ timeout: 15_000 });
    opened.boardStep = await patPage.getByTestId('meeting-room').getAttribute('data-layout');
    await franPage.getByRole('button', { name: 'Next: Worksheet practice' }).click();
    await patPage.locator('[data-testid="stage"][data-tool="worksheet"]').waitFor({ timeout: 15_000 });
    opened.worksheetStep = await patPage.getByTestId('stage').getAttribute('data-tool');
    // A worksheet started from the stage reaches everyone without a reload.
    await franPage.getByRole('button', { name: 'Start a worksheet for “Worksheet practice”' }).click();
    await franPage.getByRole('button', { name: 'Start the worksheet' }).click();
    const worksheetAt = Date.now();
    await patPage.getByTestId('room-worksheet-title').waitFor({ timeout: 5000 });
    await quinnPage.getByTestId('room-worksheet-title').waitFor({ timeout: 5000 });
    report('worksheetReachedMs', Date.now() - worksheetAt);
    await franPage.getByTestId('room-worksheet-title').waitFor({ timeout: 5000 });
    await sleep(1000);
    await shot(franPage, 'stage-worksheet-1280x800');
    await shot(patPage, 'stage-worksheet-participant-1280x800');
    await shot(quinnPage, 'stage-worksheet-390x844');
    await franPage.getByRole('button', { name: 'Next: Homework' }).click();
    await patPage.locator('[data-layout="gallery"]').waitFor({ timeout: 15_000 });
    opened.talkStep = await patPage.getByTestId('meeting-room').getAttribute('data-layout');
    report('agendaOpensTools', opened);

    // Ending asks first; the session goes on until confirmed.
    await franPage.getByRole('button', { name: 'End the session' }).click();
    report('endAsks', await franPage.getByText('End the session for everyone?').isVisible());
    await sleep(500);
    report('stillLiveBeforeConfirm', await patPage.getByTestId('meeting-room').isVisible());
    await franPage.getByRole('button', { name: 'Yes, end the session' }).click();
    await patPage.getByTestId('ended').waitFor({ timeout: 5000 });
    await quinnPage.getByTestId('ended').waitFor({ timeout: 5000 });
    report('axe', axe);
    report('errors', errors);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  }
}

runScript(main);

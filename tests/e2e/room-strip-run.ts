/**
 * The room's faces with OTHERS (1 to 9) other people, seen by Pat (a participant) at 390×844 and 1280×800, in the
 * gallery and on the stage. Run inside a loopback-only network namespace (netns.ts), like meeting-room-run.ts:
 *   npx tsx -e "import('./tests/e2e/netns.ts').then(async (m) => console.log(JSON.stringify([...(await m.runInLoopbackNamespace('tests/e2e/room-strip-run.ts', { OTHERS: '9', SCREENSHOTS: '/tmp/shots' }))])))"
 * At most four Chromium pages (Pat, Fran and two members) send video; past three others, the rest are members whose
 * room stream is open from here (no browser) and who work in pairs, so the group sees their tiles as "In pair N".
 * Prints one JSON line per measurement (RoomFit from room-fixtures.ts) and writes a PNG of each view.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, apiCall, launchBrowser, signupViaApi, startServer } from './harness';
import { CAPTURE_PEER_CONNECTIONS, CHECKIN, LAPTOP, PHONE, roomFit, sleep } from './room-fixtures';

const OTHERS = Number(process.env.OTHERS ?? 3);
const SHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
const NAMES = ['Pat', 'Fran', 'Quinn', 'Riley', 'Sasha', 'Toni', 'Uma', 'Val', 'Wren', 'Yael'];
const BROWSER_OTHERS = 3;

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  const contexts: BrowserContext[] = [];
  const streams: AbortController[] = [];
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  try {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const people = await Promise.all(NAMES.slice(0, OTHERS + 1).map(async (name) => ({ name, ...(await signupViaApi(server, name)) })));
    const pat = people[0]!;
    const fran = people[1]!;
    const members = people.filter((p) => p !== fran);
    const { group } = await call(fran.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 20 });
    for (const person of members) await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const { session } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/start`);
    await call(fran.cookie, 'POST', `/api/groups/${group.id}/boards`, { title: 'Values' });
    for (const person of members) await call(person.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    const roomUrl = `${server.url}/sessions/${session.id}/room`;

    const open = async (cookie: string, viewport = LAPTOP) => {
      const context = await browser.newContext({ viewport, locale: 'en-GB', bypassCSP: true });
      contexts.push(context);
      await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
      await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
      const page = await context.newPage();
      await page.goto(roomUrl);
      return page;
    };
    const inBrowser = people.slice(0, 1 + Math.min(OTHERS, BROWSER_OTHERS));
    const streamOnly = people.slice(inBrowser.length);
    // Fran first; then everyone comes straight in, whenever their page (or stream) arrives.
    const franPage = await open(fran.cookie, { width: 640, height: 400 });
    await franPage.getByTestId('meeting-room').waitFor({ timeout: 20_000 });
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_auto_admit', on: true });
    const viewer = await open(pat.cookie, PHONE);
    for (const person of inBrowser.slice(2)) await open(person.cookie, { width: 640, height: 400 });
    // The others without a browser: their room stream open, as a page would hold it.
    for (const person of streamOnly) {
      const abort = new AbortController();
      streams.push(abort);
      const res = await fetch(`${server.url}/api/sessions/${session.id}/room/events`, { headers: { cookie: `gst_session=${person.cookie}` }, signal: abort.signal });
      void res.body?.pipeTo(new WritableStream()).catch(() => undefined);
    }
    await sleep(1500);
    if (streamOnly.length >= 2) {
      const ids = streamOnly.map((p) => p.user.id);
      const pairs: string[][] = [];
      for (let i = 0; i < ids.length; i += 2) pairs.push(ids.slice(i, i + 2));
      if (pairs.at(-1)!.length === 1) pairs.at(-2)!.push(...pairs.pop()!);
      await call(fran.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'start_breakout', minutes: 10, pairs });
    }
    await viewer.getByTestId('meeting-room').waitFor({ timeout: 20_000 });
    await viewer.waitForFunction((count) => document.querySelectorAll('[data-testid="video-tile"]').length >= count, OTHERS + 1, { timeout: 90_000 }).catch(async (error) => {
      if (SHOTS) await viewer.screenshot({ path: path.join(SHOTS, `failed-${OTHERS}-others.png`) });
      report('tilesSeen', await viewer.$$eval('[data-testid="video-tile"]', (tiles) => tiles.map((t) => (t as HTMLElement).dataset.name)));
      throw error;
    });
    // Let the videos start (fake camera) before measuring.
    await viewer.waitForFunction(() => [...document.querySelectorAll('video')].filter((v) => v.videoWidth > 0).length >= 2, undefined, { timeout: 90_000 }).catch(() => undefined);

    const look = async (view: string, viewport: { width: number; height: number }) => {
      await viewer.setViewportSize(viewport);
      await sleep(1500);
      // Settled: the strip's tiles keep their widths over two seconds (a strip that resizes itself never settles).
      const first = await roomFit(viewer);
      await sleep(2000);
      const fit = await roomFit(viewer);
      report(`${view}-${viewport.width}x${viewport.height}`, { ...fit, settled: JSON.stringify(first.strip) === JSON.stringify(fit.strip) });
      if (SHOTS) await viewer.screenshot({ path: path.join(SHOTS, `${view}-${OTHERS}-others-${viewport.width}x${viewport.height}.png`), timeout: 90_000 });
    };
    await look('gallery', PHONE);
    await look('gallery', LAPTOP);
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_layout', layout: 'stage' });
    await viewer.locator('[data-layout="stage"]').waitFor({ timeout: 10_000 });
    await viewer.locator('[data-testid="stage"]').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    await look('stage', LAPTOP);
    // On a phone the stage is a tab of its own (it opens by itself when the view changes there; here the window shrank).
    await viewer.setViewportSize(PHONE);
    await viewer.getByRole('tab', { name: 'Board' }).click();
    await look('stage', PHONE);
  } finally {
    for (const abort of streams) abort.abort();
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  }
}

runScript(main);

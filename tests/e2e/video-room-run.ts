/**
 * The video grid in the real room page (the built server, `node build/server.js`), inside a network namespace with
 * only loopback (tests/e2e/video-room.test.ts runs it under `unshare -n`): three people enter the room, each page
 * plays the two others' video, the facilitator mutes one person for the group, then removes another.
 * Prints one JSON line per measurement.
 */
import type { Page } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, launchBrowser, signupViaApi, startServer } from './harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Frames each remote tile's <video> has shown so far, by name (a decoded frame is the only way to show one). */
const remoteFrames = (page: Page) =>
  page.evaluate(() => {
    const frames: Record<string, number> = {};
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="video-tile"]')) {
      const name = tile.dataset.name ?? '';
      const video = tile.querySelector('video');
      if (!video || video.classList.contains('mirrored')) continue;
      frames[name] = video.videoWidth > 0 ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
    }
    return frames;
  });

const tileNames = (page: Page) => page.$$eval('[data-testid="video-tile"]', (tiles) => tiles.map((tile) => (tile as HTMLElement).dataset.name ?? ''));

async function main() {
  const server = await startServer();
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  try {
    const signup = async (name: string) => (await signupViaApi(server, name, `${name.toLowerCase()}.${Date.now()}@example.org`)).cookie;
    const call = async (cookie: string, method: string, url: string, body?: unknown) => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: { cookie: `gst_session=${cookie}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : method === 'POST' ? '{}' : undefined
      });
      const json = (await res.json()) as any;
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const fran = await signup('Fran');
    const pat = await signup('Pat');
    const quinn = await signup('Quinn');
    const { group } = await call(fran, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
    const ids: Record<string, string> = {};
    for (const [name, cookie] of [['Pat', pat], ['Quinn', quinn]] as const) {
      await call(cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
      ids[name] = (await call(cookie, 'GET', '/api/me')).user.id;
    }
    const { session } = await call(fran, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Skills practice' });
    await call(fran, 'POST', `/api/sessions/${session.id}/start`);
    for (const cookie of [pat, quinn]) {
      await call(cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, { location: 'At home, Leeds', emergencyContactName: 'Sam', emergencyContactPhone: '+44 113 496 0000' });
    }

    const pages: Record<string, Page> = {};
    for (const [name, cookie] of [['Fran', fran], ['Pat', pat], ['Quinn', quinn]] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
      const page = await context.newPage();
      page.on('pageerror', (error) => report('pageerror', `${name}: ${String(error)}`));
      await page.goto(`${server.url}/sessions/${session.id}/room`);
      pages[name] = page;
    }
    for (const name of ['Pat', 'Quinn']) await pages[name]!.getByTestId('waiting-room').waitFor({ timeout: 15_000 });
    for (const name of ['Pat', 'Quinn']) await call(fran, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'admit', userId: ids[name] });

    // Everyone plays both others' video: frames shown rise on every remote tile.
    const deadline = Date.now() + 40_000;
    const ready = async () => {
      for (const page of Object.values(pages)) {
        const frames = await remoteFrames(page);
        if (Object.keys(frames).length !== 2 || Object.values(frames).some((count) => count === 0)) return false;
      }
      return true;
    };
    while (Date.now() < deadline && !(await ready())) await sleep(500);
    const before = Object.fromEntries(await Promise.all(Object.entries(pages).map(async ([name, page]) => [name, await remoteFrames(page)])));
    await sleep(3000);
    const after = Object.fromEntries(await Promise.all(Object.entries(pages).map(async ([name, page]) => [name, await remoteFrames(page)])));
    report('frames', { before, after });
    report('tiles', Object.fromEntries(await Promise.all(Object.entries(pages).map(async ([name, page]) => [name, (await tileNames(page)).sort()]))));

    // The facilitator mutes Pat for the group.
    // Tile controls show on hover (or keyboard focus), in the name bar under the face.
    const patTile = pages.Fran!.locator('[data-testid="video-tile"][data-name="Pat"]');
    await patTile.hover();
    await patTile.getByRole('button', { name: /Mute for group/ }).click();
    await pages.Pat!.getByText('A facilitator muted your microphone').waitFor({ timeout: 5000 });
    await pages.Quinn!.locator('[data-testid="video-tile"][data-name="Pat"]').getByText('Muted by facilitator').waitFor({ timeout: 5000 });
    report('muted', {
      patButton: await pages.Pat!.getByRole('toolbar', { name: 'Video controls' }).getByRole('button', { name: 'Unmute' }).count(),
      quinnSeesPatMuted: await pages.Quinn!.locator('[data-testid="video-tile"][data-name="Pat"] video').evaluate((video) => (video as HTMLVideoElement).muted)
    });

    // The facilitator removes Quinn: Quinn's tile leaves the others' grids within a second.
    const removedAt = Date.now();
    await call(fran, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'remove', userId: ids.Quinn });
    const gone: Record<string, number | null> = {};
    for (const name of ['Fran', 'Pat']) {
      gone[name] = await pages[name]!
        .waitForFunction(() => !document.querySelector('[data-testid="video-tile"][data-name="Quinn"]'), undefined, { timeout: 5000, polling: 20 })
        .then(() => Date.now() - removedAt)
        .catch(() => null);
    }
    report('quinnGoneMs', gone);
  } finally {
    await browser.close();
    await server.stop();
  }
}

runScript(main);

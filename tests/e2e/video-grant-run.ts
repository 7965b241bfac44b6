/**
 * Runs inside a network namespace with only loopback (tests/e2e/video-grant.test.ts): the real mesh manager in
 * Chromium for a facilitator and a co-facilitator, connected with video. The co-facilitator shares a screen; the
 * facilitator then demotes them and later promotes them again through the API. Reports what the co-facilitator's
 * mesh shows after each change (without a reload) and whether the call went on.
 */
import type { Page } from 'playwright-core';
import { enterRoom, liveSession } from '../video/fixtures';
import { sleep } from '../video/server';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, launchBrowser } from './harness';
import { joinAll, probeAll, startVideoServer, waitForVideo } from './video-browser';

const view = (page: Page) =>
  page.evaluate(() => {
    const snapshot = (window as any).mesh.snapshot();
    return { facilitating: snapshot.facilitating, sharingScreen: snapshot.local.sharingScreen, notice: snapshot.notice, status: snapshot.status };
  });

/**
 * Notes, in the page, when its mesh first says `facilitating` (the page's clock is this machine's), so the time is
 * the mesh's own and not that of polling the page from here.
 */
const watchFacilitating = (page: Page, facilitating: boolean) =>
  page.evaluate((want) => {
    const w = window as any;
    w.flippedAt = null;
    const stop = w.mesh.onChange((snapshot: any) => {
      if (snapshot.facilitating === want && w.flippedAt === null) w.flippedAt = Date.now();
    });
    w.stopWatching = stop;
  }, facilitating);

/** The ms from `since` until the watched change, or null when it did not come within 5 s. */
async function untilFacilitating(page: Page, since: number): Promise<number | null> {
  return page
    .waitForFunction(() => (window as any).flippedAt !== null, undefined, { timeout: 5000, polling: 20 })
    .then(() => page.evaluate(() => (window as any).flippedAt as number))
    .then((at) => at - since)
    .catch(() => null);
}

async function main() {
  const server = await startVideoServer();
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  try {
    const live = await liveSession(server, 1);
    const inRoom = await enterRoom(server, live);
    const pat = live.participants[0]!;
    const member = `/api/groups/${live.groupId}/members/${pat.user.id}`;
    const setRole = async (role: string) => {
      const res = await live.facilitator.client.patch(member, { role });
      if (res.status !== 200) throw new Error(`role change refused: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await setRole('co_facilitator');
    const pages = await joinAll(browser, server, [live.facilitator, pat], live.sessionId, (error) => report('pageerror', error));
    await waitForVideo(pages);
    const patPage = pages[1]!;
    await patPage.evaluate(() => (window as any).mesh.shareScreen(true));
    report('before', await view(patPage));

    const [beforeDemotion] = await probeAll(pages.slice(0, 1));
    await watchFacilitating(patPage, false);
    await setRole('participant');
    // Timed from the change's answer, as tests/security/role-change-across-processes.test.ts times it.
    let at = Date.now();
    report('demotedMs', await untilFacilitating(patPage, at));
    await sleep(300);
    report('demoted', await view(patPage));
    // The call goes on: the facilitator still decodes Pat's video.
    await sleep(1000);
    const [afterDemotion] = await probeAll(pages.slice(0, 1));
    report('framesAcrossDemotion', { before: beforeDemotion![0]?.framesDecoded ?? 0, after: afterDemotion![0]?.framesDecoded ?? 0 });

    await patPage.evaluate(() => (window as any).stopWatching());
    await watchFacilitating(patPage, true);
    await setRole('co_facilitator');
    at = Date.now();
    report('promotedMs', await untilFacilitating(patPage, at));
    report('promoted', await view(patPage));
    for (const stream of inRoom) stream.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

runScript(main);

/**
 * Remote stroke latency: two Chromium pages show the same board page of the real app, served by build/server.js on
 * loopback. Page A draws strokes with real mouse input (CDP, so the app's own pointer handlers, rAF batching and
 * y-websocket provider run); page B watches its board. Per stroke:
 * - "in B's document": from A's pointerdown to the moment B's board shows one more element (the Board component's
 *   `data-elements`, updated from its Yjs observer);
 * - "drawn on B": to the end of the first animation frame on B after that, i.e. when the canvas has drawn it.
 * Both pages run in one browser on one machine, so `performance.timeOrigin + performance.now()` is one clock.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/harness';
import type { OurServer } from '../lib/servers';

export interface LatencyFigures {
  inDocument: number[];
  drawn: number[];
  /** Time between strokes (the pace of drawing). */
  paceMs: number;
}

interface Watcher {
  seen: Array<{ count: number; at: number; drawnAt: number }>;
}

/**
 * Installed on page B: records when the board's element count changes, and when the next frame has run. A string,
 * because tsx's helpers (`__name`) do not exist in the page.
 */
const WATCH_BOARD = `(() => {
  const board = document.querySelector('.live-board section.board');
  const watcher = { seen: [] };
  new MutationObserver(() => {
    const entry = { count: Number(board.getAttribute('data-elements')), at: performance.timeOrigin + performance.now(), drawnAt: 0 };
    watcher.seen.push(entry);
    requestAnimationFrame(() => setTimeout(() => { entry.drawnAt = performance.timeOrigin + performance.now(); }, 0));
  }).observe(board, { attributes: true, attributeFilter: ['data-elements'] });
  globalThis.boardWatcher = watcher;
})()`;

/** Installed on page A: the time of each pointerdown on the canvas. */
const WATCH_POINTER = `(() => {
  const downs = [];
  document.querySelector('.live-board canvas').addEventListener('pointerdown', () => downs.push(performance.timeOrigin + performance.now()), { capture: true });
  globalThis.pointerDowns = downs;
})()`;

async function openBoard(browser: Browser, url: string, cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const split = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, split), value: cookie.slice(split + 1), url: new URL(url).origin }]);
  const page = await context.newPage();
  await page.goto(url);
  try {
    await page.getByText('Up to date').waitFor({ timeout: 30_000 });
  } catch (error) {
    throw new Error(`the board page did not connect: ${(await page.locator('main, body').first().innerText()).slice(0, 400)}`, { cause: error });
  }
  await page.locator('.live-board canvas').evaluate((canvas) => canvas.scrollIntoView({ block: 'center' }));
  return page;
}

export async function remoteStrokeLatency(server: OurServer, strokes: number, paceMs = 100): Promise<LatencyFigures> {
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const { board } = await server.api.request<{ board: { id: string } }>('POST', `/api/groups/${server.groupId}/boards`, { title: 'Latency' });
  const url = `${baseUrl}/groups/${server.groupId}/boards/${board.id}`;
  const browser = await launchBrowser();
  try {
    // One person on two devices (a laptop and a phone): the same sign-in in two browser contexts.
    const drawer = await openBoard(browser, url, server.api.cookie);
    const viewer = await openBoard(browser, url, server.api.cookie);
    await viewer.evaluate(WATCH_BOARD);
    await drawer.evaluate(WATCH_POINTER);
    const box = (await drawer.locator('.live-board canvas').boundingBox())!;
    for (let index = 0; index < strokes; index++) {
      const x = box.x + 40 + (index % 20) * 40;
      const y = box.y + 40 + Math.floor(index / 20) * 50;
      await drawer.mouse.move(x, y);
      await drawer.mouse.down();
      for (let step = 1; step <= 4; step++) await drawer.mouse.move(x + step * 6, y + (step % 2) * 8);
      await drawer.mouse.up();
      await viewer.waitForFunction(`globalThis.boardWatcher.seen.some((entry) => entry.count >= ${index + 1} && entry.drawnAt > 0)`, undefined, {
        timeout: 10_000,
        polling: 5
      });
      await new Promise((resolve) => setTimeout(resolve, paceMs));
    }
    const downs = (await drawer.evaluate('globalThis.pointerDowns')) as number[];
    const seen = (await viewer.evaluate('globalThis.boardWatcher.seen')) as Watcher['seen'];
    const inDocument: number[] = [];
    const drawn: number[] = [];
    downs.forEach((down, index) => {
      const first = seen.find((entry) => entry.count >= index + 1)!;
      inDocument.push(first.at - down);
      drawn.push(first.drawnAt - down);
    });
    return { inDocument, drawn, paceMs };
  } finally {
    await browser.close();
  }
}

/**
 * Shared by the video e2e runner and bench/video: our server on port 0 with a test page that runs the real mesh
 * manager (bundled with esbuild from tests/e2e/video-page.ts), and people joining it from Chromium contexts.
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { Person } from '../video/fixtures';
import { startSignallingServer, type SignallingServer } from '../video/server';
import type { PairStats } from './video-page';

export type VideoServer = SignallingServer;

/** The server with the live room's admission and `/video-test`, a page that loads the mesh manager as `VideoTest`. */
export async function startVideoServer(): Promise<VideoServer> {
  const bundle = await build({
    entryPoints: [path.resolve('tests/e2e/video-page.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'VideoTest',
    platform: 'browser',
    write: false,
    logLevel: 'silent'
  });
  const script = bundle.outputFiles[0]!.text;
  return startSignallingServer({
    routes: (app) => {
      app.get('/video-test', (c) => c.html('<!doctype html><title>video</title><script src="/video-test/mesh.js"></script>'));
      app.get('/video-test/mesh.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }));
    }
  });
}

/** One browser context per person, signed in with their cookie, each running the mesh manager in the test page. */
export async function joinAll(browser: Browser, server: VideoServer, people: Person[], sessionId: string, onError: (error: string) => void = () => {}): Promise<Page[]> {
  const pages: Page[] = [];
  for (const person of people) {
    const context = await browser.newContext();
    const [name, value] = person.client.cookie!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: server.origin }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => onError(String(error)));
    await page.goto(`${server.origin}/video-test`);
    await page.evaluate(async (id) => {
      const w = window as any;
      w.mesh = new w.VideoTest.VideoMesh({ sessionId: id, qualityEveryMs: 1000 });
      await w.mesh.join();
    }, sessionId);
    pages.push(page);
  }
  return pages;
}

export const probeAll = (pages: Page[]): Promise<PairStats[][]> =>
  Promise.all(pages.map((page) => page.evaluate(() => (window as any).VideoTest.probe((window as any).mesh) as Promise<PairStats[]>)));


/** Polls until every page decodes video from every other page (or the deadline passes); returns the last probes. */
export async function waitForVideo(pages: Page[], timeoutMs = 30_000): Promise<PairStats[][]> {
  const deadline = Date.now() + timeoutMs;
  const ready = (probes: PairStats[][]) =>
    probes.every((pairs) => pairs.length === pages.length - 1 && pairs.every((pair) => pair.framesDecoded > 0));
  let probes = await probeAll(pages);
  while (Date.now() < deadline && !ready(probes)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    probes = await probeAll(pages);
  }
  return probes;
}

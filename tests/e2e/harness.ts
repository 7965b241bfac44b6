/**
 * End-to-end harness: starts the built server (`node build/server.js`, as `npm start` does) on port 0 with a
 * fresh data folder, and Debian's Chromium through playwright-core. Run `npm run build` first (`npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: string[];
  dataDir: string;
  /**
   * Sends `signal` and waits for the exit. Then DATA_DIR is removed, unless `keepDataDir` (a restart on the same
   * data follows); a PostgreSQL the app left running (after SIGKILL) is stopped first.
   */
  stop(signal?: NodeJS.Signals, options?: { keepDataDir?: boolean }): Promise<number | null>;
}

/** Stops the embedded PostgreSQL a killed app left running in `dataDir`, if any (fast shutdown). */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 600; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The built server, on a fresh DATA_DIR (its embedded PostgreSQL) unless `dataDir` names one to reuse. */
export async function startServer(env: Record<string, string> = {}, reuseDataDir?: string): Promise<RunningServer> {
  const entry = path.resolve('build/server.js');
  if (!existsSync(entry)) throw new Error('build/server.js is missing: run `npm run build` first');
  const dataDir = reuseDataDir ?? mkdtempSync(path.join(tmpdir(), 'gst-e2e-'));
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('\n')}`)), 60_000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        try {
          const entryLine = JSON.parse(line);
          if (entryLine.msg === 'listening') {
            clearTimeout(timer);
            resolve(entryLine.port);
          }
        } catch {
          /* not JSON */
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    process: child,
    output,
    dataDir,
    async stop(signal: NodeJS.Signals = 'SIGTERM', { keepDataDir = false } = {}) {
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
        else child.once('exit', (code) => resolve(code));
      });
      child.kill(signal);
      const code = await exited;
      if (!keepDataDir) {
        await stopLeftoverPostgres(dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
      return code;
    }
  };
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage'
];

/** Fake camera and microphone, for WebRTC tests (the fake camera gives 20 frames a second). */
export const FAKE_MEDIA_ARGS = fakeMediaArgs();

/**
 * The same with the fake camera at `fps` frames a second. Every page of a run shares this machine's two cores, where
 * each real person has a device of their own: a run with many pages lowers the frame rate so that encoding a copy of
 * every camera for every other page does not starve the browsers (six pages at 20 fps encode 30 streams, 600 frames a
 * second, and their connections time out). What these runs check (every face decodes, tiles, timing of changes) does
 * not depend on the frame rate.
 */
export function fakeMediaArgs(fps?: number): string[] {
  return [
    fps ? `--use-fake-device-for-media-stream=fps=${fps}` : '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection'
  ];
}

export function launchBrowser(extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_ARGS, ...extraArgs], ...options });
}

/** Signs up through the API (faster than the form) and returns the session cookie's value and the user. */
export async function signupViaApi(server: { url: string }, name: string, email = `${name.toLowerCase()}@example.org`): Promise<{ cookie: string; user: { id: string; email: string; displayName: string } }> {
  const credentials = { email, password: 'a calm long password' };
  const res = await fetch(`${server.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, displayName: name })
  });
  if (res.status !== 202) throw new Error(`signup ${res.status}`);
  // Sign-up signs nobody in: sign in next, as the page does.
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials)
  });
  if (login.status !== 200) throw new Error(`login ${login.status}`);
  return { cookie: /gst_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1], user: (await login.json()).user };
}

/** Calls the API as the person holding `cookie`; throws with the error body unless it answers 2xx. */
export async function apiCall(server: { url: string }, cookie: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: `gst_session=${cookie}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  });
  const json = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A new browser context signed in with `cookie`. bypassCSP lets tests inject axe-core, which the app's CSP refuses. */
export async function signedInPage(
  browser: Browser,
  server: { url: string },
  cookie: string,
  options: Parameters<Browser['newContext']>[0] = {}
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true, ...options });
  await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
  return { context, page: await context.newPage() };
}

/**
 * Serious and critical axe-core findings on the page as it is now, as "rule: targets" lines. `alsoRules` turns on
 * rules axe leaves off by default (its experimental ones, such as label-content-name-mismatch).
 */
export async function axeFindings(page: import('playwright-core').Page, alsoRules: string[] = []): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  await page.addScriptTag({ content: readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async (extra) => {
    type Violation = { id: string; impact: string; nodes: Array<{ target: string[] }> };
    const result = (await (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: Violation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
      rules: Object.fromEntries(extra.map((rule) => [rule, { enabled: true }]))
    })) as { violations: Violation[] };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, alsoRules);
}

/**
 * The pages a group meets every week, in Chromium against the built server, as a facilitator (Fran), a participant
 * (Pat), a person setting up private notes (Robin) and a visitor who is not signed in would meet them: the right words
 * for each person's role, a dashboard that fits the person, signed-out pages without console errors, a board version
 * that opens without an error, a recovery code that can be copied and downloaded, and a header that knows the person is
 * still signed in after an offline reload. No page throws an uncaught error anywhere in the run.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Uncaught errors of every page in the run, as "page: message". */
const pageErrors: string[] = [];
let franCookie = '';
let patCookie = '';
let groupId = '';
let inviteToken = '';
let board: { id: string };
let liveSessionId = '';

const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);

/** A page that records its uncaught errors (and, into `consoleErrors`, its console errors). */
function watch(page: Page, name: string, consoleErrors: string[] = []) {
  page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/**
 * Runs `steps` on `page`; if they fail, prints what the page did meanwhile (console, requests, sockets), what its
 * main region showed and the server's last log lines, then fails as they did. Quiet when they pass.
 */
async function explainedOnFailure(page: Page, steps: () => Promise<void>): Promise<void> {
  const lines: string[] = [];
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(2)}s`;
  const isAsset = (url: string) => url.includes('/_app/') || url.endsWith('.svg');
  page.on('console', (m) => lines.push(`${at()} console.${m.type()} ${m.text()}`));
  page.on('request', (r) => isAsset(r.url()) || lines.push(`${at()} > ${r.method()} ${r.url()}`));
  page.on('response', (r) => isAsset(r.url()) || lines.push(`${at()} < ${r.status()} ${r.url()}`));
  page.on('requestfailed', (r) => lines.push(`${at()} x ${r.url()} ${r.failure()?.errorText}`));
  page.on('websocket', (ws) => {
    lines.push(`${at()} ws open ${ws.url()}`);
    ws.on('close', () => lines.push(`${at()} ws close ${ws.url()}`));
  });
  try {
    await steps();
  } catch (error) {
    const shown = await page.locator('main').innerText().catch((e: Error) => e.message);
    const log = server.output.filter((line) => !line.includes('"route":"/*"')).slice(-40);
    console.error(`page trace:\n${lines.join('\n')}\nmain shows:\n${shown}\nserver log (last lines):\n${log.join('\n')}`);
    throw error;
  }
}

async function pageFor(cookie: string, name: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const { context, page } = await signedInPage(browser, server, cookie, options);
  contexts.push(context);
  return watch(page, name);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  franCookie = (await signupViaApi(server, 'Fran')).cookie;
  patCookie = (await signupViaApi(server, 'Pat')).cookie;
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
  groupId = group.id;
  const { invite } = await call(franCookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  inviteToken = invite.token;
  await call(patCookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  ({ board } = await call(franCookie, 'POST', `/api/groups/${group.id}/boards`, { title: 'Coping strategies' }));
  // Titles that do not begin with "Session": a button named "Start Weekly check-in" but labelled "Start session"
  // is what axe's label-content-name-mismatch is about.
  const { session } = await call(franCookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Weekly check-in' });
  liveSessionId = session.id;
  await call(franCookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Next week' });
  await call(franCookie, 'POST', `/api/sessions/${session.id}/start`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('everyday pages', () => {
  it('signed-out pages log no console error, and the dashboard sends a visitor to sign in without saying a sign-in ended', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const consoleErrors: string[] = [];
    const visitor = watch(await context.newPage(), 'visitor', consoleErrors);
    for (const path of ['/', '/signin', '/signup', `/invite/${inviteToken}`]) {
      await visitor.goto(`${server.url}${path}`);
      await visitor.getByRole('link', { name: 'Sign in' }).first().waitFor();
      await visitor.waitForLoadState('networkidle');
    }
    await visitor.goto(`${server.url}/dashboard`);
    await visitor.waitForURL('**/signin?next=%2Fdashboard');
    await visitor.getByRole('button', { name: 'Sign in' }).waitFor();
    await visitor.waitForLoadState('networkidle');
    expect(visitor.url()).not.toContain('reason=ended');
    expect(await visitor.getByText(/sign-in ended|signed out/i).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('the group page says each person’s role in words, and axe finds no name that differs from its visible label', async () => {
    const fran = await pageFor(franCookie, 'fran group page');
    const pat = await pageFor(patCookie, 'pat group page');
    for (const page of [fran, pat]) await page.goto(`${server.url}/groups/${groupId}`);
    await fran.getByText('CBT group · You are the facilitator').waitFor();
    await pat.getByText('CBT group · You are a participant').waitFor();
    await fran.getByRole('button', { name: 'Start Next week' }).waitFor();
    await fran.getByRole('button', { name: 'End Weekly check-in' }).waitFor();
    for (const page of [fran, pat]) expect(await axeFindings(page, ['label-content-name-mismatch'])).toEqual([]);
  });

  it('a dashboard opens the group form only on request: “Start a group” for a participant, “Create a group” for a facilitator', async () => {
    const pat = await pageFor(patCookie, 'pat dashboard');
    await pat.goto(`${server.url}/dashboard`);
    await pat.getByText('You are a participant').waitFor();
    const start = pat.getByRole('button', { name: 'Start a group' });
    await start.waitFor();
    expect(await pat.getByLabel('Group name').count()).toBe(0);
    expect(await pat.getByRole('heading', { name: 'Create a group' }).count()).toBe(0);
    await start.click();
    await pat.getByLabel('Group name').waitFor();
    expect(await pat.getByLabel('Group name').evaluate((field) => field === document.activeElement)).toBe(true);

    const fran = await pageFor(franCookie, 'fran dashboard');
    await fran.goto(`${server.url}/dashboard`);
    await fran.getByText('You are the facilitator').waitFor();
    const create = fran.getByRole('button', { name: 'Create a group' });
    await create.waitFor();
    expect(await fran.getByLabel('Group name').count()).toBe(0);
    expect(await fran.getByRole('button', { name: 'Start a group' }).count()).toBe(0);
    await create.click();
    await fran.getByLabel('Group name').waitFor();
    expect(await fran.getByLabel('Group name').evaluate((field) => field === document.activeElement)).toBe(true);
  });

  it('the facilitator is never told that “the facilitator is choosing a worksheet”', async () => {
    const fran = await pageFor(franCookie, 'fran room');
    await fran.goto(`${server.url}/sessions/${liveSessionId}/room`);
    // In the room (commands need it); the worksheet opens on the stage once a worksheet step is current.
    await fran.getByTestId('meeting-room').waitFor();
    await call(franCookie, 'POST', `/api/sessions/${liveSessionId}/room/commands`, {
      type: 'set_agenda',
      steps: [{ title: 'Thought record', plannedMinutes: 15, tool: 'worksheet' }]
    });
    const { state } = await call(franCookie, 'GET', `/api/sessions/${liveSessionId}/room`);
    await call(franCookie, 'POST', `/api/sessions/${liveSessionId}/room/commands`, { type: 'go_to_step', stepId: state.agenda.steps[0].id });
    const waiting = fran.getByTestId('room-worksheet-waiting');
    await waiting.waitFor({ state: 'attached' });
    const text = (await waiting.textContent())!.trim();
    expect(text).not.toContain('The facilitator is choosing');
    expect(text).toContain('This step has no worksheet yet');
    await fran.close();
  });

  it('opening a saved version of a board, with the pointer just over the live board, throws no error', async () => {
    await call(franCookie, 'POST', `/api/boards/${board.id}/versions`, { label: 'Before the break' });
    const fran = await pageFor(franCookie, 'fran board');
    await explainedOnFailure(fran, async () => {
      await fran.goto(`${server.url}/groups/${groupId}/boards/${board.id}`);
      await fran.getByText('Up to date').waitFor();
      const errorsBefore = pageErrors.length;
      // The pointer moves over the board and the version opens in the same task, as a quick click does: the board's
      // next frame is still pending when the live board is taken down.
      await fran.getByRole('button', { name: 'Open Before the break' }).evaluate((button) => {
        const canvas = document.querySelector('.live-board canvas')!;
        const box = canvas.getBoundingClientRect();
        canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: box.x + 120, clientY: box.y + 120, bubbles: true }));
        (button as HTMLButtonElement).click();
      });
      await fran.locator('section.version section.board').waitFor();
      await fran.getByText('This is a saved version').waitFor();
      await fran.getByRole('button', { name: 'Back to the live board' }).click();
      await fran.getByText('Up to date').waitFor();
      expect(pageErrors.slice(errorsBefore)).toEqual([]);
    });
  });

  it('the versions list stays in place when the live board re-reads its record, so a click on “Open” then still opens', async () => {
    const { board: other } = await call(franCookie, 'POST', `/api/groups/${groupId}/boards`, { title: 'Feelings wheel' });
    await call(franCookie, 'POST', `/api/boards/${other.id}/versions`, { label: 'First draft' });
    const fran = await pageFor(franCookie, 'fran versions');
    // The live board re-reads the board's record once it has synced with the relay: held back until the button is
    // in hand, and renamed meanwhile, so that the page visibly takes the fresh record in.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await fran.route(`${server.url}/api/boards/${other.id}`, async (route) => {
      await held;
      await route.continue();
    });
    await fran.goto(`${server.url}/groups/${groupId}/boards/${other.id}`);
    await fran.getByText('Up to date').waitFor();
    const open = (await fran.getByRole('button', { name: 'Open First draft' }).elementHandle())!;
    await call(franCookie, 'PATCH', `/api/boards/${other.id}`, { title: 'Feelings wheel (renamed)' });
    release();
    await fran.getByRole('heading', { level: 1, name: 'Feelings wheel (renamed)' }).waitFor();
    expect(await open.evaluate((button) => button.isConnected)).toBe(true);
    await open.click();
    await fran.locator('section.version section.board').waitFor();
    await fran.close();
  });

  describe('private notes', () => {
    let robin: Page;
    let robinContext: BrowserContext;

    beforeAll(async () => {
      const { cookie } = await signupViaApi(server, 'Robin');
      ({ context: robinContext } = await signedInPage(browser, server, cookie, { viewport: { width: 1280, height: 800 }, acceptDownloads: true }));
      contexts.push(robinContext);
      await robinContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      robin = watch(await robinContext.newPage(), 'robin notes');
    });

    it('the recovery code can be copied and downloaded', async () => {
      await robin.goto(`${server.url}/notes`);
      await robin.getByLabel('Your account password').fill('a calm long password');
      await robin.getByRole('button', { name: 'Set up my notes' }).click();
      const code = (await robin.getByTestId('recovery-code').textContent())!.trim();
      expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);

      await robin.getByRole('button', { name: 'Copy the code' }).click();
      await robin.getByText('Copied.').waitFor();
      expect(await robin.evaluate(() => navigator.clipboard.readText())).toBe(code);

      const [file] = await Promise.all([robin.waitForEvent('download'), robin.getByRole('button', { name: 'Download it as a file' }).click()]);
      expect(file.suggestedFilename()).toBe('notes-recovery-code.txt');
      expect(readFileSync((await file.path())!, 'utf8')).toContain(code);

      await robin.getByLabel('I have saved my recovery code').check();
      await robin.getByRole('button', { name: 'Continue to my notes' }).click();
      await robin.getByRole('button', { name: 'New note' }).waitFor();
    });

    it('after an offline reload the header does not ask a signed-in person to sign in, and names them once back online', async () => {
      await robin.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
      await robinContext.setOffline(true);
      await robin.reload();
      await robin.getByRole('heading', { name: 'My notes' }).waitFor();
      const header = robin.locator('header.app-header');
      await header.getByText('Offline').waitFor();
      expect(await header.getByRole('link', { name: 'My notes' }).count()).toBe(1);
      expect(await header.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
      await robin.getByRole('button', { name: 'Unlock' }).waitFor();

      await robinContext.setOffline(false);
      await header.getByRole('link', { name: 'Your account: Robin' }).waitFor();
      expect(await header.getByText('Offline').count()).toBe(0);
    });
  });

  it('no page threw an uncaught error in the whole run', () => {
    expect(pageErrors).toEqual([]);
  });
});

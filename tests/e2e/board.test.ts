/**
 * The shared whiteboard in Chromium with two people of one group (Fran, the facilitator, and Pat, a participant),
 * against the built server and its relay: both draw and see each other's strokes and cursors, sticky note text
 * typed by both merges, the lock stops Pat (controls disabled, and a forced write with Pat's cookie is not stored),
 * a reload keeps everything, exports produce files, the boards page manages boards, the room shows the board, and
 * ending the session keeps a version that opens read only and can be restored as a new board.
 * Content is checked through the page (the board's element count and its list of notes), never through pixels.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { addElement } from '../../src/lib/core/board/document';
import { readBoard } from '../../src/lib/core/board/read';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let fran: Page;
let pat: Page;
let franCookie = '';
let patCookie = '';
let groupId = '';
let sessionId = '';
let board: { id: string; docName: string; title: string };
let boardUrl = '';
/** Elements on the board once everyone has drawn (set before the reload). */
let total = 0;

const signup = async (name: string) => (await signupViaApi(server, name)).cookie;
const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
async function pageFor(cookie: string): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { acceptDownloads: true });
  contexts.push(context);
  return page;
}




/** The live board's element count, as the Board component exposes it. */
const elementCount = async (page: Page, scope = '.live-board') => Number(await page.locator(`${scope} section.board`).getAttribute('data-elements'));

async function waitForCount(page: Page, expected: number, scope = '.live-board') {
  await page.locator(`${scope} section.board[data-elements="${expected}"]`).waitFor({ timeout: 10_000 });
}

/** Draws a freehand stroke with the mouse across the canvas, from (x, y) relative to the canvas. */
async function drawStroke(page: Page, x: number, y: number) {
  const box = await canvasBox(page);
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  for (let step = 1; step <= 12; step++) await page.mouse.move(box.x + x + step * 8, box.y + y + Math.sin(step / 2) * 20);
  await page.mouse.up();
}

/** The live canvas, scrolled into the middle of the viewport (mouse coordinates are the viewport's). */
async function canvasBox(page: Page) {
  const canvas = page.locator('.live-board canvas');
  await canvas.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  return (await canvas.boundingBox())!;
}

async function clickCanvas(page: Page, x: number, y: number) {
  const box = await canvasBox(page);
  await page.mouse.click(box.x + x, box.y + y);
}

/** The texts of the board's sticky notes, from its accessible list view. */
async function noteTexts(page: Page, scope = '.live-board'): Promise<string[]> {
  const list = page.locator(`${scope} details.list-view`);
  if (!(await list.evaluate((element) => (element as HTMLDetailsElement).open))) await list.locator('summary').click();
  return list.locator('li').evaluateAll((items) => items.map((item) => item.textContent!.replace(/\s+/g, ' ').replace(/^ ?Sticky note: /, '').replace(/ Edit ?$/, '').trim()));
}

/** A stock y-websocket client in Node with someone's cookie: to write around the page, as a modified client could. */
function rawClient(cookie: string) {
  const doc = new Y.Doc();
  const CookieSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `gst_session=${cookie}` } });
    }
  };
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, board.docName, doc, {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true
  });
  const denied: string[] = [];
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  return { doc, provider, denied, destroy: () => (provider.destroy(), doc.destroy()) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  franCookie = await signup('Fran');
  patCookie = await signup('Pat');
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
  groupId = group.id;
  const { invite } = await call(franCookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  await call(patCookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  ({ board } = await call(franCookie, 'POST', `/api/groups/${group.id}/boards`, { title: 'Coping strategies' }));
  ({ session: { id: sessionId } } = await call(franCookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 3' }));
  await call(franCookie, 'POST', `/api/sessions/${sessionId}/start`);
  boardUrl = `${server.url}/groups/${groupId}/boards/${board.id}`;
  fran = await pageFor(franCookie);
  pat = await pageFor(patCookie);
  await Promise.all([fran.goto(boardUrl), pat.goto(boardUrl)]);
  for (const page of [fran, pat]) await page.getByText('Up to date').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the shared whiteboard in the browser', () => {
  it('both draw and see each other’s strokes, and each other’s named cursors', async () => {
    await drawStroke(fran, 100, 100);
    await waitForCount(pat, 1);
    await drawStroke(pat, 200, 300);
    await waitForCount(fran, 2);
    expect(await elementCount(pat)).toBe(2);

    const box = await canvasBox(fran);
    await fran.mouse.move(box.x + 400, box.y + 200);
    await pat.locator('.live-board .cursor', { hasText: 'Fran' }).waitFor();
    const patBox = await canvasBox(pat);
    await pat.mouse.move(patBox.x + 300, patBox.y + 250);
    await fran.locator('.live-board .cursor', { hasText: 'Pat' }).waitFor();
  });

  it('sticky note text typed by both people merges', async () => {
    await fran.getByRole('button', { name: /^Sticky note/ }).click();
    await clickCanvas(fran, 600, 150);
    const franEditor = fran.getByRole('textbox', { name: 'Sticky note text' });
    await franEditor.waitFor();
    await franEditor.pressSequentially('walk');
    await franEditor.press('Escape');
    await until(async () => (await noteTexts(pat)).includes('walk'), 'Pat to see the note');

    // Both open the note's editor, then type at once: Fran at the start, Pat at the end.
    expect(await noteTexts(fran)).toEqual(['walk']);
    await fran.locator('.live-board details.list-view li', { hasText: 'walk' }).getByRole('button', { name: 'Edit' }).click();
    await pat.locator('.live-board details.list-view li', { hasText: 'walk' }).getByRole('button', { name: 'Edit' }).click();
    const patEditor = pat.getByRole('textbox', { name: 'Sticky note text' });
    await franEditor.press('Control+Home');
    await patEditor.press('Control+End');
    await Promise.all([franEditor.pressSequentially('Morning '), patEditor.pressSequentially(' outside')]);
    await franEditor.press('Escape');
    await patEditor.press('Escape');
    for (const page of [fran, pat]) {
      await until(async () => (await noteTexts(page)).includes('Morning walk outside'), 'the merged text');
    }
    expect(await elementCount(fran)).toBe(3);
  });

  it('the lock stops the participant: controls disabled, and a forced write is not stored', async () => {
    await fran.getByRole('button', { name: 'Lock for participants' }).click();
    await pat.getByText('The facilitator has locked this board').waitFor();
    await until(async () => pat.getByRole('button', { name: /^Pen/ }).isDisabled(), 'Pat’s pen to be disabled');
    expect(await pat.getByRole('button', { name: /^Sticky note/ }).isDisabled()).toBe(true);
    expect(await pat.locator('.live-board').getAttribute('data-read-only')).toBe('true');
    // Pat's drawing gesture on the canvas pans instead of drawing.
    await drawStroke(pat, 150, 400);
    expect(await elementCount(pat)).toBe(3);
    // Fran still draws (the sticky note tool hands over to Select once a note is placed: pick the pen again).
    await fran.getByRole('button', { name: /^Pen/ }).click();
    await drawStroke(fran, 100, 500);
    await waitForCount(pat, 4);

    // A client that ignores the page's rules writes with Pat's cookie: the relay says read-only and drops it.
    const forced = rawClient(patCookie);
    await until(() => forced.provider.synced && forced.denied.length > 0, 'the forced client to sync and be told read-only');
    addElement(forced.doc, { kind: 'sticky', author: 'pat', colour: '#fde68a', x: 0, y: 0, w: 200, h: 200, text: 'forced' }, 'forced');
    await new Promise((resolve) => setTimeout(resolve, 500));
    forced.destroy();
    const fresh = rawClient(franCookie);
    await until(() => fresh.provider.synced, 'a fresh client to sync');
    const seen = readBoard(fresh.doc).items;
    fresh.destroy();
    expect(seen).toHaveLength(4);
    expect(seen.some((item) => item.kind === 'sticky' && item.text === 'forced')).toBe(false);
    expect(await elementCount(fran)).toBe(4);

    await fran.getByRole('button', { name: 'Unlock for participants' }).click();
    await until(async () => !(await pat.getByRole('button', { name: /^Pen/ }).isDisabled()), 'Pat’s pen to be enabled again');
    await pat.getByText('Up to date').waitFor();
    await drawStroke(pat, 300, 450);
    await waitForCount(fran, 5);
  });

  it('a phone draws with touch, and the laptop sees it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'en-GB' });
    contexts.push(context);
    await context.addCookies([{ name: 'gst_session', value: patCookie, url: server.url }]);
    const phone = await context.newPage();
    await phone.goto(boardUrl);
    await phone.getByText('Up to date').waitFor();
    const before = await elementCount(fran);
    const box = await canvasBox(phone);
    const cdp = await context.newCDPSession(phone);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x, y: box.y + y }] });
    await touch('touchStart', 60, 60);
    for (let step = 1; step <= 10; step++) await touch('touchMove', 60 + step * 10, 60 + step * 4);
    await touch('touchEnd', 0, 0);
    await waitForCount(fran, before + 1);
    await waitForCount(phone, before + 1);
    await context.close();
  });

  it('a reload keeps everything', async () => {
    total = await elementCount(fran);
    // Two strokes and a note before the lock, Fran's stroke while locked, Pat's after it, the phone's.
    expect(total).toBe(6);
    const before = await noteTexts(pat);
    await pat.reload();
    await pat.getByText('Up to date').waitFor();
    await waitForCount(pat, total);
    expect(await noteTexts(pat)).toEqual(before);
  });

  it('exports the board as PNG and SVG files', async () => {
    const [png] = await Promise.all([fran.waitForEvent('download'), fran.locator('.live-board').getByRole('button', { name: 'Export PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('Coping-strategies.png');
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(pngBytes.byteLength).toBeGreaterThan(1000);
    const [svg] = await Promise.all([fran.waitForEvent('download'), fran.locator('.live-board').getByRole('button', { name: 'Export SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('Coping-strategies.svg');
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toContain('<svg');
    // The note's text, wrapped into lines by the sticky note's width.
    expect(svgText).toMatch(/Morning.*walk.*outside/s);
  });

  it('the board page has no serious or critical accessibility findings', async () => {
    const violations = await axeFindings(pat);
    expect(violations).toEqual([]);
  });

  it('the live room shows the group’s board; the facilitator picks the board for the current step', async () => {
    const room = await fran.context().newPage();
    await room.goto(`${server.url}/sessions/${sessionId}/room`);
    await room.getByRole('button', { name: 'Stage' }).click();
    await room.locator(`[data-testid="stage"] .live-board[data-board-id="${board.id}"]`).waitFor();
    await waitForCount(room, total, '[data-testid="stage"] .live-board');

    // A second, empty board, linked to the current agenda step through the picker.
    const { board: values } = await call(franCookie, 'POST', `/api/groups/${groupId}/boards`, { title: 'Values' });
    await call(franCookie, 'POST', `/api/sessions/${sessionId}/room/commands`, {
      type: 'set_agenda',
      steps: [{ title: 'Skill practice', plannedMinutes: 20, tool: 'board' }]
    });
    const { state } = await call(franCookie, 'GET', `/api/sessions/${sessionId}/room`);
    await call(franCookie, 'POST', `/api/sessions/${sessionId}/room/commands`, { type: 'go_to_step', stepId: state.agenda.steps[0].id });
    await room.reload();
    // Values is also the newest board, so the stage may show it before the link is stored: wait for the command.
    const linking = room.waitForResponse((response) => response.url().endsWith('/room/commands') && response.request().method() === 'POST');
    await room.getByLabel('Board for “Skill practice”').selectOption({ label: 'Values' });
    expect((await linking).status()).toBe(200);
    await room.locator(`[data-testid="stage"] .live-board[data-board-id="${values.id}"]`).waitFor();
    await waitForCount(room, 0, '[data-testid="stage"] .live-board');
    const linked = await call(franCookie, 'GET', `/api/sessions/${sessionId}/room`);
    expect(linked.state.agenda.steps[0].boardId).toBe(values.id);
    await room.close();
  });

  it('the boards page lists boards; facilitators add, rename, lock and archive them; participants only open them', async () => {
    await fran.goto(`${server.url}/groups/${groupId}/boards`);
    await fran.getByLabel('Title').fill('Thought record');
    await fran.getByRole('button', { name: 'Add board' }).click();
    const row = fran.locator('li[data-board="Thought record"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Rename Thought record' }).click();
    await fran.getByLabel('New title for Thought record').fill('Thought records');
    await fran.getByRole('button', { name: 'Save title' }).click();
    const renamed = fran.locator('li[data-board="Thought records"]');
    await renamed.getByRole('button', { name: 'Lock Thought records' }).click();
    await renamed.getByText('Locked').waitFor();
    await renamed.getByRole('button', { name: 'Archive Thought records' }).click();
    await fran.getByTestId('archived-boards').locator('li[data-board="Thought records"]').waitFor();
    expect(await fran.getByTestId('boards').locator('li[data-board="Coping strategies"]').textContent()).toContain('Last edited');

    await pat.goto(`${server.url}/groups/${groupId}/boards`);
    await pat.getByTestId('archived-boards').locator('li[data-board="Thought records"]').waitFor();
    expect(await pat.getByRole('button', { name: 'Add board' }).count()).toBe(0);
    expect(await pat.getByRole('button', { name: /^(Lock|Archive|Rename) / }).count()).toBe(0);
    await pat.getByRole('link', { name: 'Coping strategies' }).click();
    await pat.getByText('Up to date').waitFor();
    await waitForCount(pat, total);
  });

  it('ending the session keeps a version that opens read only and restores as a new board', async () => {
    await call(franCookie, 'POST', `/api/sessions/${sessionId}/end`);
    await fran.goto(boardUrl);
    await fran.getByText('Up to date').waitFor();
    await fran.getByRole('button', { name: 'Open Session 3' }).click();
    const version = fran.locator('section.version');
    await version.locator(`section.board[data-elements="${total}"]`).waitFor();
    await version.getByText('This is a saved version').waitFor();
    expect(await version.getByRole('button', { name: /^Pen/ }).isDisabled()).toBe(true);
    expect(await noteTexts(fran, 'section.version')).toEqual(['Morning walk outside']);

    await fran.getByRole('button', { name: 'Restore Session 3 as a new board' }).click();
    await fran.getByRole('heading', { name: 'Coping strategies (Session 3)' }).waitFor();
    await fran.getByText('Up to date').waitFor();
    await waitForCount(fran, total);
    expect(fran.url()).not.toBe(boardUrl);
  });
});

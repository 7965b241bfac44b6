/**
 * The live session room in Chromium with three people (a facilitator and two participants), against the built
 * server: wait, check in, admit, raise hands, call the next speaker with a visible timer, a go-around with a pass,
 * the support signal, removing a participant (their page says so and their socket closes), ending and the summary.
 * axe-core runs on the room page for each of them; serious or critical findings fail the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';
import { PHONE, roomFit, sleep, type RoomFit } from './room-fixtures';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let fran: Page;
let pat: Page;
let quinn: Page;
let roomUrl = '';
let joinGroup: (cookie: string) => Promise<unknown>;

const signup = async (name: string) => (await signupViaApi(server, name)).cookie;
const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
async function pageFor(cookie: string, viewport: { width: number; height: number }): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { viewport });
  contexts.push(context);
  return page;
}





/** Counts the page's WebSockets to the relay that are open right now. */
async function watchSockets(page: Page) {
  const sockets: Array<{ url: string; closed: boolean }> = [];
  page.on('websocket', (ws) => {
    const entry = { url: ws.url(), closed: false };
    sockets.push(entry);
    ws.on('close', () => (entry.closed = true));
  });
  return () => sockets.filter((s) => s.url.includes('/collab/') && !s.closed).length;
}

beforeAll(async () => {
  server = await startServer({ ROOM_LEAVE_GRACE_MS: '2000' });
  browser = await launchBrowser();
  const franCookie = await signup('Fran');
  const patCookie = await signup('Pat');
  const quinnCookie = await signup('Quinn');
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
  const { invite } = await call(franCookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  joinGroup = (cookie) => call(cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  for (const cookie of [patCookie, quinnCookie]) await joinGroup(cookie);
  const { session } = await call(franCookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
  fran = await pageFor(franCookie, { width: 1280, height: 900 });
  await fran.goto(`${server.url}/groups/${group.id}`);
  await fran.getByRole('button', { name: 'Start Session 4' }).click();
  await fran.getByRole('link', { name: 'Open the room' }).first().click();
  await fran.waitForURL(`**/sessions/${session.id}/room`);
  roomUrl = fran.url();
  pat = await pageFor(patCookie, { width: 1280, height: 900 });
  quinn = await pageFor(quinnCookie, PHONE);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the live session room in the browser', () => {
  it('refuses people outside the group with a clear page', async () => {
    const stranger = await pageFor(await signup('Stranger'), { width: 1024, height: 768 });
    await stranger.goto(roomUrl);
    await expect(stranger.getByTestId('refusal').textContent()).resolves.toContain('only open to members of the group');
    await stranger.context().close();
  });

  it('participants check in, wait calmly, and are admitted', async () => {
    for (const page of [pat, quinn]) {
      await page.goto(roomUrl);
      await page.getByLabel('Where are you right now?').fill('Leeds, at home');
      await page.getByLabel('Emergency contact name').fill('Sam Rivers');
      await page.getByLabel('Emergency contact phone').fill('+44 113 496 0000');
      await page.getByRole('button', { name: 'Continue to the waiting room' }).click();
      await page.getByTestId('waiting-room').waitFor();
    }
    expect(await axeFindings(pat)).toEqual([]);
    await fran.getByRole('button', { name: 'Admit Pat' }).click();
    await pat.getByRole('button', { name: 'Raise my hand' }).waitFor();
    await fran.getByRole('button', { name: 'Admit Quinn' }).click();
    await quinn.getByRole('tab', { name: 'Speaking' }).waitFor();
    await fran.getByRole('tab', { name: /^Support/ }).click();
    await fran.getByRole('cell', { name: /Quinn/ }).waitFor();
    await fran.getByRole('tab', { name: 'Speaking' }).click();
  });

  it('raises hands in order, calls the next speaker and shows the timer to everyone', async () => {
    await pat.getByRole('button', { name: 'Raise my hand' }).click();
    await pat.getByTestId('my-place').filter({ hasText: '1' }).waitFor();
    await quinn.getByRole('button', { name: 'Raise my hand' }).click();
    await quinn.getByTestId('my-place').filter({ hasText: '2' }).waitFor();
    await pat.getByTestId('you-are-next').waitFor();
    await fran.getByRole('button', { name: 'Call the next speaker' }).click();
    await pat.getByTestId('your-turn').waitFor();
    await pat.getByTestId('announcer').filter({ hasText: 'It is your turn to speak.' }).waitFor();
    await quinn.getByTestId('announcer').filter({ hasText: 'You are next.' }).waitFor();
    for (const page of [fran, pat, quinn]) await page.getByTestId('turn-timer').filter({ hasText: /left of 2:00/ }).waitFor();
    expect(await axeFindings(fran)).toEqual([]);
    expect(await axeFindings(quinn)).toEqual([]);
    await pat.getByRole('button', { name: 'Finish my turn' }).click();
    await fran.getByRole('button', { name: 'Clear the queue' }).click();
    await quinn.getByRole('button', { name: 'Raise my hand' }).waitFor();
  });

  it('runs a go-around where one person passes', async () => {
    await fran.getByRole('button', { name: 'Start a go-around (as listed)' }).click();
    await pat.getByTestId('your-turn').waitFor();
    await pat.getByRole('button', { name: 'Pass' }).click();
    await quinn.getByTestId('your-turn').waitFor();
    await fran.getByRole('listitem').filter({ hasText: 'Pat — passed' }).waitFor();
    await quinn.getByRole('button', { name: 'Finish my turn' }).click();
    await fran.getByText('Everyone has had their turn.').waitFor();
    await fran.getByRole('button', { name: 'End the go-around' }).click();
    await fran.getByRole('tab', { name: 'Agenda' }).click();
    await fran.getByRole('button', { name: 'Use the “CBT group” template' }).click();
    await fran.getByRole('button', { name: 'Go to “Check-in round”' }).click();
    await quinn.getByRole('tab', { name: 'Agenda' }).click();
    await quinn.getByText(/Now: Check-in round/).waitFor();
  });

  it('sends the support signal privately and confirms it was received', async () => {
    await quinn.getByRole('tab', { name: 'Speaking' }).click();
    await quinn.getByRole('button', { name: 'I need support' }).click();
    await quinn.getByTestId('support-status').filter({ hasText: 'Your facilitators have been told.' }).waitFor();
    await fran.getByTestId('support-alerts').filter({ hasText: 'Quinn asked for support' }).waitFor();
    await expect(pat.getByText('asked for support').count()).resolves.toBe(0);
    await fran.getByRole('button', { name: 'I have seen this' }).click();
    await quinn.getByTestId('support-status').filter({ hasText: 'A facilitator has seen your message.' }).waitFor();
  });

  it('removes a participant: their page says so and their socket closes', async () => {
    const openSockets = await watchSockets(pat);
    await pat.reload();
    await pat.getByRole('button', { name: 'Raise my hand' }).waitFor();
    await expect.poll(openSockets, { timeout: 5_000 }).toBe(1);
    await fran.getByRole('tab', { name: 'People' }).click();
    await fran.getByRole('button', { name: 'Remove Pat' }).click();
    await fran.getByRole('button', { name: 'Yes, remove' }).click();
    await pat.getByTestId('removed').waitFor({ timeout: 2_000 });
    await expect.poll(openSockets, { timeout: 1_000 }).toBe(0);
    const people = fran.getByRole('list', { name: 'People in the room' });
    await expect.poll(() => people.textContent(), { timeout: 2_000 }).not.toContain('Pat');
    expect(await people.textContent()).toContain('Quinn');
  });

  it('on a phone with three others: my own tile wholly on screen, the strip settled without scrolling, no control covered', async () => {
    // Riley and Sasha join (Pat was removed, their page closes: four pages at most): Quinn's phone shows Fran large,
    // then Riley, Sasha and Quinn's own view.
    await pat.context().close();
    for (const name of ['Riley', 'Sasha']) {
      const cookie = await signup(name);
      await joinGroup(cookie);
      const page = await pageFor(cookie, { width: 640, height: 400 });
      await page.goto(roomUrl);
      await page.getByLabel('Where are you right now?').fill('Leeds, at home');
      await page.getByLabel('Emergency contact name').fill('Sam Rivers');
      await page.getByLabel('Emergency contact phone').fill('+44 113 496 0000');
      await page.getByRole('button', { name: 'Continue to the waiting room' }).click();
      await fran.getByRole('button', { name: `Admit ${name}` }).click();
      await page.getByRole('button', { name: 'Raise my hand' }).waitFor();
    }
    await quinn.getByTestId('video-tile').nth(3).waitFor();
    await fran.getByTestId('video-tile').nth(3).waitFor();
    const settledFit = async (page: Page): Promise<RoomFit> => {
      const first = await roomFit(page);
      await sleep(1500);
      const later = await roomFit(page);
      // A strip whose tiles resize themselves (a scrollbar that comes and goes) never settles.
      expect(later.strip).toEqual(first.strip);
      return later;
    };
    const phone = await settledFit(quinn);
    expect(phone.tiles).toBe(4);
    // The whole object on failure: where my own tile is and how the strip measures.
    expect({ self: phone.self, strip: phone.strip }).toMatchObject({ self: { inside: true }, strip: { scrolls: false } });
    expect(phone.strip!.scrollWidth).toBeLessThanOrEqual(phone.strip!.clientWidth);
    expect({ pageWidth: phone.pageWidth, pageHeight: phone.pageHeight }).toEqual({ pageWidth: 390, pageHeight: 844 });
    expect({ overlaps: phone.overlaps, outside: phone.outside, covered: phone.covered, tilesOverControls: phone.tilesOverControls }).toEqual({
      overlaps: [],
      outside: [],
      covered: [],
      tilesOverControls: []
    });
    // The mute button and the tabs answer clicks where they are (nothing lies over them).
    await quinn.getByRole('tab', { name: 'Chat' }).click();
    await quinn.getByRole('tab', { name: 'Speaking' }).click();
    const laptop = await settledFit(fran);
    expect(laptop.self).toMatchObject({ inside: true });
    expect({ overlaps: laptop.overlaps, covered: laptop.covered, tilesOverControls: laptop.tilesOverControls }).toEqual({ overlaps: [], covered: [], tilesOverControls: [] });
  });

  it('ends the session: everyone is told, and the facilitator sees the summary', async () => {
    await fran.getByRole('button', { name: 'End the session' }).click();
    await fran.getByRole('button', { name: 'Yes, end the session' }).click();
    await quinn.getByTestId('ended').waitFor();
    await fran.getByRole('heading', { name: 'Session summary' }).waitFor();
    const attendance = await fran.getByTestId('summary-attendance').textContent();
    expect(attendance).toContain('Pat (removed)');
    expect(attendance).toContain('Quinn');
    const talk = await fran.getByTestId('summary-talk').textContent();
    expect(talk).toMatch(/Pat\d+ min \d+ s1/);
    expect(await fran.getByTestId('summary-support').textContent()).toContain('Quinn');
    expect(await axeFindings(fran)).toEqual([]);
  });
});

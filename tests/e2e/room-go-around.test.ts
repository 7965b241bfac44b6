/**
 * A go-around in an order the facilitator chooses, in Chromium against the built server: two participants are
 * admitted, the facilitator drags one above the other, then rearranges with the Move buttons from the keyboard (each
 * move announced, focus kept on the moved person), starts the round, and the chosen person is the first speaker on
 * every page. axe-core runs on the room with the order picker open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let fran: Page;
let pat: Page;
let quinn: Page;

const CHECKIN = { location: 'Leeds, at home', emergencyContactName: 'Sam Rivers', emergencyContactPhone: '+44 113 496 0000' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
  const [franCookie, patCookie, quinnCookie] = await Promise.all(['Fran', 'Pat', 'Quinn'].map(async (name) => (await signupViaApi(server, name)).cookie));
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Thursday DBT group', kind: 'dbt' });
  const { invite } = await call(franCookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  const { session } = await call(franCookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 2' });
  await call(franCookie, 'POST', `/api/sessions/${session.id}/start`);
  const roomUrl = `${server.url}/sessions/${session.id}/room`;
  const pages: Page[] = [];
  for (const cookie of [patCookie, quinnCookie]) {
    await call(cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    await call(cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    const { page } = await signedInPage(browser, server, cookie);
    await page.goto(roomUrl);
    await page.getByTestId('waiting-room').waitFor();
    pages.push(page);
  }
  [pat, quinn] = pages;
  fran = (await signedInPage(browser, server, franCookie)).page;
  await fran.goto(roomUrl);
  await fran.getByRole('button', { name: 'Admit Quinn' }).waitFor();
  await call(franCookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'admit_all' });
  for (const page of pages) await page.getByRole('button', { name: 'Raise my hand' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const orderPicker = () => fran.getByTestId('go-around-order');
const chosenOrder = () => orderPicker().getByRole('listitem').locator('.name').allTextContents();
const focusedText = () => fran.evaluate(() => document.activeElement?.textContent ?? '');

describe('a go-around in an order the facilitator chooses', () => {
  it('arranges the people present by dragging and with the Move buttons, then starts with the chosen first speaker', async () => {
    const toggle = fran.getByRole('button', { name: 'Start a go-around (in an order I choose)' });
    await toggle.focus();
    await fran.keyboard.press('Enter');
    await orderPicker().getByRole('listitem').nth(1).waitFor();
    const listed = (await chosenOrder()).map((text) => text.replace(/^\d+\. /, ''));
    expect([...listed].sort()).toEqual(['Pat', 'Quinn']);
    const [first, second] = listed;
    expect(await axeFindings(fran)).toEqual([]);

    // Dragging the second person onto the first puts them first.
    await orderPicker().getByRole('listitem').filter({ hasText: second }).dragTo(orderPicker().getByRole('listitem').filter({ hasText: first }));
    await expect.poll(chosenOrder).toEqual([`1. ${second}`, `2. ${first}`]);

    // From the keyboard: move them back down, then up again; focus stays with them and each move is announced.
    await orderPicker().getByRole('button', { name: `Move ${second} down` }).focus();
    await fran.keyboard.press('Enter');
    await expect.poll(chosenOrder).toEqual([`1. ${first}`, `2. ${second}`]);
    await fran.getByTestId('order-announcer').filter({ hasText: `${second} is now 2 of 2.` }).waitFor();
    expect(await focusedText()).toBe(`Move ${second} up`);
    await fran.keyboard.press('Enter');
    await expect.poll(chosenOrder).toEqual([`1. ${second}`, `2. ${first}`]);
    await fran.getByTestId('order-announcer').filter({ hasText: `${second} is now 1 of 2.` }).waitFor();
    expect(await focusedText()).toBe(`Move ${second} down`);

    await orderPicker().getByRole('button', { name: 'Start the go-around in this order' }).focus();
    await fran.keyboard.press('Enter');
    const speakerPage = second === 'Pat' ? pat : quinn;
    const waitingPage = second === 'Pat' ? quinn : pat;
    await speakerPage.getByTestId('your-turn').waitFor();
    await fran.getByTestId('current-turn').filter({ hasText: `${second} is speaking` }).waitFor();
    await waitingPage.getByTestId('current-turn').filter({ hasText: `${second} is speaking` }).waitFor();
    const round = fran.getByRole('list', { name: 'Go-around order' }).getByRole('listitem');
    expect(await round.allTextContents()).toEqual([`${second} — speaking`, `${first} — to come`]);
    await expect(orderPicker().count()).resolves.toBe(0);
    expect(await axeFindings(fran)).toEqual([]);
  });
});

/**
 * Being present in a live session keeps a listener signed in, in Chromium against the built server with a 1-minute
 * idle window (real time): Pat sits in the room and does nothing for longer than the window and is still there
 * (their page sent the presence heartbeat); Quinn sits in the waiting room just as long and is signed out, because
 * waiting is not being in the session. Cora, a co-facilitator, is demoted while her room page is open: her Support tab,
 * alerts and "Ask everyone to mute" go without a reload, and "I need support" appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { apiCall, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function pageFor(cookie: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { viewport });
  contexts.push(context);
  return page;
}

async function checkIn(page: Page, roomUrl: string): Promise<void> {
  await page.goto(roomUrl);
  await page.getByLabel('Where are you right now?').fill('Leeds, at home');
  await page.getByLabel('Emergency contact name').fill('Sam Rivers');
  await page.getByLabel('Emergency contact phone').fill('+44 113 496 0000');
  await page.getByRole('button', { name: 'Continue to the waiting room' }).click();
  await page.getByTestId('waiting-room').waitFor();
}

beforeAll(async () => {
  server = await startServer({ SESSION_IDLE_MINUTES: '1', ROOM_LEAVE_GRACE_MS: '2000' });
  // No camera (none is faked): a listener with camera and microphone off, kept signed in by the visible page alone.
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('presence in the live room', () => {
  it('keeps a listener signed in past the idle window; someone only waiting is signed out; a demoted co-facilitator loses the Support tab', { timeout: 240_000 }, async () => {
    const fran = await signupViaApi(server, 'Fran');
    const cora = await signupViaApi(server, 'Cora');
    const pat = await signupViaApi(server, 'Pat');
    const quinn = await signupViaApi(server, 'Quinn');
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
    const { group } = await call(fran.cookie, 'POST', '/api/groups', { name: 'Thursday group', kind: 'cbt' });
    const { invite } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
    for (const person of [cora, pat, quinn]) {
      await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    }
    await call(fran.cookie, 'PATCH', `/api/groups/${group.id}/members/${cora.user.id}`, { role: 'co_facilitator' });
    const { session } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 2' });
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/start`);
    const roomUrl = `${server.url}/sessions/${session.id}/room`;

    const franPage = await pageFor(fran.cookie);
    await franPage.goto(roomUrl);
    const coraPage = await pageFor(cora.cookie);
    await coraPage.goto(roomUrl);
    await coraPage.getByRole('tab', { name: /^Support/ }).waitFor();
    // The set-up may take a while on a busy machine: each person's own last request starts their idle window.
    await call(pat.cookie, 'GET', '/api/me');
    const patPage = await pageFor(pat.cookie);
    const beats: Request[] = [];
    patPage.on('request', (request) => request.url().endsWith('/room/presence') && beats.push(request));
    await checkIn(patPage, roomUrl);
    await franPage.getByRole('button', { name: 'Admit Pat' }).click();
    await patPage.getByRole('button', { name: 'Raise my hand' }).waitFor();
    await call(quinn.cookie, 'GET', '/api/me');
    const quinnPage = await pageFor(quinn.cookie, { width: 390, height: 844 });
    await checkIn(quinnPage, roomUrl);

    // Cora is demoted while her room page is open: the facilitator's tools go without a reload.
    await call(fran.cookie, 'PATCH', `/api/groups/${group.id}/members/${cora.user.id}`, { role: 'participant' });
    await coraPage.getByRole('tab', { name: /^Support/ }).waitFor({ state: 'detached', timeout: 5_000 });
    await coraPage.getByRole('tab', { name: 'Speaking' }).waitFor();
    await coraPage.getByRole('button', { name: 'Ask everyone to mute' }).waitFor({ state: 'detached', timeout: 5_000 });
    await coraPage.getByRole('button', { name: 'I need support' }).waitFor();
    await coraPage.screenshot({ path: 'docs/screenshots/room-demoted-co-facilitator-1280.png' });
    await coraPage.setViewportSize({ width: 390, height: 844 });
    await coraPage.getByRole('button', { name: 'I need support' }).waitFor();
    await coraPage.screenshot({ path: 'docs/screenshots/room-demoted-co-facilitator-390.png' });

    // Nobody touches any page for longer than the idle window (the people inside the room only listen).
    await new Promise((resolve) => setTimeout(resolve, 80_000));
    // Quinn, only waiting, was signed out and sent to sign in again.
    await quinnPage.waitForURL(/\/signin/, { timeout: 30_000 });
    // Pat is still in the room, and their page kept the sign-in alive with heartbeats the server accepted.
    expect(patPage.url()).toBe(roomUrl);
    await patPage.getByRole('button', { name: 'Raise my hand' }).waitFor({ timeout: 2_000 });
    const answered = await Promise.all(beats.map(async (request) => (await request.response())?.status()));
    expect(answered.length).toBeGreaterThanOrEqual(4);
    expect(answered.every((status) => status === 200)).toBe(true);
    expect((await call(pat.cookie, 'GET', '/api/me')).user.id).toBe(pat.user.id);
  });
});

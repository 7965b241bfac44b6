/**
 * Group notes in Chromium against the built server: after a session with two participants has ended, the facilitator
 * sets up notes, starts group notes for the group, writes the session's note (the identical-sections warning appears and
 * goes), signs it (read-only with the signature), adds a signed addendum; the co-facilitator opens group notes (their key
 * pair reaches the server), the facilitator gives them access, and the co-facilitator reads the note and the addendum
 * with both signatures verified. The member record shows only that member's section; print hides the controls; the
 * note reopens offline. When the co-facilitator is demoted, a third facilitator without the key sees that the key is
 * waiting to be renewed, the facilitator's next visit renews it and says so, and the old note stays verified for whoever
 * is given access afterwards. axe-core runs on every new page. With SCREENSHOT_DIR set, each is saved at 1280×800 and 390×844.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/test-app';
import { CHECKIN, streamOf, type EventStream } from '../room/helpers';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

const PASSWORD = 'a calm long password';
const SHOTS = process.env.SCREENSHOT_DIR;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const streams: EventStream[] = [];
let fran: Page;
let franContext: BrowserContext;
let cole: Page;
let groupId = '';
let sessionId = '';
let patId = '';
let franCookie = '';
let coleCookie = '';
let coleId = '';
let inviteToken = '';
let agreementVersion = 0;

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize()!;
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

async function expectAxeClean(page: Page) {
  expect(await axeFindings(page)).toEqual([]);
}

/** The private notes set-up on this person's first visit (the recovery code is shown once). */
async function setUpNotes(page: Page) {
  await page.getByLabel('Your account password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set up my notes' }).click();
  await page.getByTestId('recovery-code').waitFor({ timeout: 20_000 });
  await page.getByLabel('I have saved my recovery code').check();
  await page.getByRole('button', { name: 'Continue to my notes' }).click();
}

async function unlock(page: Page) {
  await page.getByLabel('Your account password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

beforeAll(async () => {
  server = await startServer({ ROOM_LEAVE_GRACE_MS: '1000' });
  browser = await launchBrowser();
  const franSignup = await signupViaApi(server, 'Fran');
  const coleSignup = await signupViaApi(server, 'Cole');
  const pat = await signupViaApi(server, 'Pat');
  const quinn = await signupViaApi(server, 'Quinn');
  [franCookie, coleCookie, patId, coleId] = [franSignup.cookie, coleSignup.cookie, pat.user.id, coleSignup.user.id];
  const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
  groupId = group.id;
  const { invite } = await call(franCookie, 'POST', `/api/groups/${groupId}/invites`, { maxUses: 5 });
  [inviteToken, agreementVersion] = [invite.token, group.agreementVersion];
  for (const cookie of [coleCookie, pat.cookie, quinn.cookie]) {
    await call(cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  }
  await call(franCookie, 'PATCH', `/api/groups/${groupId}/members/${coleSignup.user.id}`, { role: 'co_facilitator' });

  // Session 1: both participants check in and are admitted, then the session ends.
  const { session } = await call(franCookie, 'POST', `/api/groups/${groupId}/sessions`, { title: 'Session 1' });
  sessionId = session.id;
  await call(franCookie, 'POST', `/api/sessions/${sessionId}/start`);
  const request = (p: string, init: RequestInit) => fetch(`${server.url}${p}`, init);
  const as = (cookie: string) => ({ cookie: `gst_session=${cookie}` }) as TestClient;
  streams.push(await streamOf(request, as(franCookie), sessionId));
  const waiting: EventStream[] = [];
  for (const cookie of [pat.cookie, quinn.cookie]) {
    await call(cookie, 'POST', `/api/sessions/${sessionId}/room/checkin`, CHECKIN);
    const stream = await streamOf(request, as(cookie), sessionId);
    streams.push(stream);
    waiting.push(stream);
  }
  await call(franCookie, 'POST', `/api/sessions/${sessionId}/room/commands`, { type: 'admit_all' });
  for (const stream of waiting) await stream.next('status', (s) => s.presence === 'admitted');
  await call(franCookie, 'POST', `/api/sessions/${sessionId}/end`);

  ({ context: franContext, page: fran } = await signedInPage(browser, server, franCookie, { viewport: { width: 1280, height: 900 } }));
  const coleSide = await signedInPage(browser, server, coleCookie, { viewport: { width: 390, height: 844 } });
  cole = coleSide.page;
  contexts.push(franContext, coleSide.context);
}, 120_000);

afterAll(async () => {
  await Promise.all(streams.map((s) => s.close().catch(() => {})));
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

describe('group notes in the browser', () => {
  it('the facilitator starts group notes, writes the session note, signs it and adds a signed addendum', async () => {
    await fran.goto(`${server.url}/groups/${groupId}`);
    await fran.getByRole('link', { name: 'Group notes' }).click();
    await fran.waitForURL(`**/groups/${groupId}/group-notes`);
    await setUpNotes(fran);
    await fran.getByRole('heading', { name: 'Start group notes for this group' }).waitFor({ timeout: 20_000 });
    await expectAxeClean(fran);
    await fran.getByRole('button', { name: 'Start group notes' }).click();
    await fran.getByText('No note yet').waitFor();
    await expectAxeClean(fran);

    await fran.getByRole('link', { name: 'Write the note for Session 1' }).click();
    await fran.getByRole('radio', { name: /SOAP/ }).check();
    await shoot(fran, 'group-note-start');
    await fran.getByRole('button', { name: 'Start the note' }).click();
    await fran.getByRole('group', { name: 'Group section' }).waitFor();
    // One section per attendee, prefilled from attendance and the check-in.
    expect(await fran.getByRole('group', { name: 'Pat' }).textContent()).toContain('Safety check-in done');
    await fran.getByRole('group', { name: 'Quinn' }).waitFor();
    await fran.getByLabel('Themes').fill('Worry time and sleep');
    await fran.getByLabel('Interventions').fill('Cognitive restructuring, worry postponement');
    await fran.getByLabel('Homework set').fill('Thought record, twice');
    await fran.getByLabel('Subjective for Pat').fill('Engaged well.');
    await fran.getByLabel('Subjective for Quinn').fill('Engaged well.');
    await fran.getByTestId('identical-warning').waitFor();
    expect(await fran.getByTestId('identical-warning').textContent()).toContain('Pat and Quinn are identical');
    await expectAxeClean(fran);
    await shoot(fran, 'group-note-draft');
    await fran.getByLabel('Subjective for Quinn').fill('Quiet at first; described a panic episode at work.');
    await fran.getByLabel('Plan for Pat').fill('Review sleep diary next week.');
    expect(await fran.getByTestId('identical-warning').count()).toBe(0);
    await fran.getByRole('button', { name: 'Save draft' }).click();
    await fran.getByText('Draft saved.').waitFor();

    await fran.getByRole('button', { name: 'Sign the note…' }).click();
    await fran.getByRole('button', { name: 'Sign now' }).click();
    await fran.getByTestId('signature').first().waitFor();
    expect(await fran.getByTestId('signature').first().textContent()).toMatch(/Signed by Fran on .*Verified: signed with Fran’s own key/);
    expect(await fran.getByLabel('Themes').count()).toBe(0);
    expect(await fran.getByText('Quiet at first; described a panic episode at work.').count()).toBe(1);

    await fran.getByRole('textbox', { name: 'Addendum' }).fill('Pat phoned the next day: sleeping better.');
    await fran.getByRole('button', { name: 'Sign and add the addendum' }).click();
    await fran.getByText('Pat phoned the next day: sleeping better.').waitFor();
    expect(await fran.getByTestId('signature').count()).toBe(2);
    await expectAxeClean(fran);
    await shoot(fran, 'group-note-signed');

    // Print: the note without buttons, forms or navigation.
    await fran.emulateMedia({ media: 'print' });
    expect(await fran.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await fran.getByRole('textbox', { name: 'Addendum' }).isVisible()).toBe(false);
    expect(await fran.getByText('Pat phoned the next day: sleeping better.').isVisible()).toBe(true);
    await shoot(fran, 'group-note-print');
    await fran.emulateMedia({ media: 'screen' });
  }, 120_000);

  it('the co-facilitator is given access and reads the signed note and its addendum', async () => {
    await cole.goto(`${server.url}/groups/${groupId}/group-notes`);
    await setUpNotes(cole);
    await cole.getByRole('heading', { name: 'Not shared with you yet' }).waitFor({ timeout: 20_000 });
    await expectAxeClean(cole);
    await shoot(cole, 'group-notes-not-shared');

    await fran.goto(`${server.url}/groups/${groupId}/group-notes`);
    await unlock(fran);
    await fran.getByRole('button', { name: 'Give access to Cole' }).click();
    await fran.getByText('Cole can now read this group’s notes.').waitFor();
    await shoot(fran, 'group-notes-list');

    await cole.reload();
    await unlock(cole);
    await cole.getByRole('link', { name: 'Open for Session 1' }).click();
    await cole.getByText('Quiet at first; described a panic episode at work.').waitFor({ timeout: 20_000 });
    await cole.getByText('Pat phoned the next day: sleeping better.').waitFor();
    const signatures = await cole.getByTestId('signature').allTextContents();
    expect(signatures).toHaveLength(2);
    for (const line of signatures) expect(line).toMatch(/by Fran on .*Verified: signed with Fran’s own key/);
    await expectAxeClean(cole);
  }, 120_000);

  it('the member record holds only that member’s section; the note reopens offline', async () => {
    await fran.goto(`${server.url}/groups/${groupId}/group-notes/members/${patId}`);
    await unlock(fran);
    await fran.getByText('Review sleep diary next week.').waitFor({ timeout: 20_000 });
    expect(await fran.getByText('Quiet at first').count()).toBe(0);
    expect(await fran.getByRole('heading', { name: 'Record of Pat' }).isVisible()).toBe(true);
    await expectAxeClean(fran);
    await shoot(fran, 'group-notes-member-record');

    // The service worker kept the visited note page; the note itself comes from this device's encrypted cache.
    const noteUrl = `${server.url}/groups/${groupId}/group-notes/${sessionId}`;
    await fran.goto(noteUrl);
    await fran.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    await unlock(fran);
    await fran.getByTestId('signature').first().waitFor({ timeout: 20_000 });
    await franContext.setOffline(true);
    try {
      await fran.reload();
      await unlock(fran);
      await fran.getByText('Quiet at first; described a panic episode at work.').waitFor({ timeout: 20_000 });
      expect(await fran.getByTestId('signature').count()).toBe(2);
    } finally {
      await franContext.setOffline(false);
    }
  }, 120_000);

  it('after the co-facilitator is demoted, the key waits for renewal, the facilitator’s next visit renews it, old notes stay verified', async () => {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
    const dana = await signupViaApi(server, 'Dana');
    await call(dana.cookie, 'POST', `/api/invites/${inviteToken}/accept`, { agreementVersion });
    await call(franCookie, 'PATCH', `/api/groups/${groupId}/members/${dana.user.id}`, { role: 'co_facilitator' });
    const danaSide = await signedInPage(browser, server, dana.cookie, { viewport: { width: 390, height: 844 } });
    contexts.push(danaSide.context);
    const danaPage = danaSide.page;
    await danaPage.goto(`${server.url}/groups/${groupId}/group-notes`);
    await setUpNotes(danaPage);
    await danaPage.getByRole('heading', { name: 'Not shared with you yet' }).waitFor({ timeout: 20_000 });

    await call(franCookie, 'PATCH', `/api/groups/${groupId}/members/${coleId}`, { role: 'participant' });
    await danaPage.reload();
    await unlock(danaPage);
    await danaPage.getByRole('heading', { name: 'The notes key is waiting to be renewed' }).waitFor({ timeout: 20_000 });
    await expectAxeClean(danaPage);
    await shoot(danaPage, 'group-notes-key-renewal-due');

    await fran.goto(`${server.url}/groups/${groupId}/group-notes`);
    await unlock(fran);
    await fran.getByText('its notes key was renewed just now').waitFor({ timeout: 20_000 });
    await fran.getByRole('button', { name: 'Give access to Dana' }).click();
    await fran.getByText('Dana can now read this group’s notes.').waitFor();
    await expectAxeClean(fran);
    await shoot(fran, 'group-notes-key-renewed');

    await danaPage.reload();
    await unlock(danaPage);
    await danaPage.getByRole('link', { name: 'Open for Session 1' }).click({ timeout: 20_000 });
    await danaPage.getByText('Quiet at first; described a panic episode at work.').waitFor({ timeout: 20_000 });
    const signatures = await danaPage.getByTestId('signature').allTextContents();
    expect(signatures).toHaveLength(2);
    for (const line of signatures) expect(line).toMatch(/by Fran on .*Verified: signed with Fran’s own key/);
  }, 180_000);
});

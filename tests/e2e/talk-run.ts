/**
 * Talking without taking the floor, as three people use it (tests/e2e/talk.test.ts runs this under `unshare -n`, so
 * WebRTC stays on loopback and tiles appear): the built server, Chromium with fake cameras, the visible UI only,
 * by role and label. Fran facilitates at 1280×800, Pat at 1280×800, Quinn on a phone (390×844): the group chat both
 * ways, a private thread only the facilitators see, a reaction on a tile that fades, a thermometer round with a low
 * answer raising the support banner, the facilitators' settings, axe in each view, and the summary and kept chat after
 * the end. SCREENSHOTS=dir writes PNGs there. Prints one JSON line per measurement.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, apiCall, axeFindings, launchBrowser, signupViaApi, startServer } from './harness';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
const CHECKIN = { location: 'At home, Leeds', emergencyContactName: 'Sam Rivers', emergencyContactPhone: '+44 113 496 0000' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const axe: Record<string, string[]> = {};
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const shot = async (page: Page, name: string) => SHOTS && page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  try {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const [fran, pat, quinn] = await Promise.all(['Fran', 'Pat', 'Quinn'].map((name) => signupViaApi(server, name)));
    const { group } = await call(fran!.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
    for (const person of [pat!, quinn!]) await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const { session } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/start`);
    for (const person of [pat!, quinn!]) await call(person.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);

    const open = async (cookie: string, name: string, viewport = LAPTOP) => {
      const context = await browser.newContext({ viewport, locale: 'en-GB', bypassCSP: true });
      contexts.push(context);
      await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
      const page = await context.newPage();
      // The machine may be busy: waits are on conditions, generous.
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => errors.push(`${name}: ${String(error)}`));
      await page.goto(`${server.url}/sessions/${session.id}/room`);
      return page;
    };
    const franPage = await open(fran!.cookie, 'Fran');
    const patPage = await open(pat!.cookie, 'Pat');
    const quinnPage = await open(quinn!.cookie, 'Quinn', PHONE);
    await franPage.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
    await franPage.getByRole('button', { name: 'Admit everyone waiting' }).click({ timeout: 30_000 });
    for (const page of [patPage, quinnPage]) await page.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
    const tile = (page: Page, name: string) => page.locator(`[data-testid="video-tile"][data-name="${name}"]`);
    for (const [page, others] of [[franPage, ['Pat', 'Quinn']], [patPage, ['Fran', 'Quinn']], [quinnPage, ['Fran', 'Pat']]] as const) {
      for (const name of others) await tile(page, name).waitFor({ timeout: 60_000 });
    }

    const pages = { Fran: franPage, Pat: patPage, Quinn: quinnPage };
    try {
      await talk(pages);
    } catch (error) {
      // What each person saw when it failed, to read the failure by.
      for (const [name, page] of Object.entries(pages)) await shot(page, `failed-${name}`).catch(() => undefined);
      throw error;
    }
    report('axe', axe);
    report('errors', errors);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  }

  async function talk({ Fran: franPage, Pat: patPage, Quinn: quinnPage }: Record<'Fran' | 'Pat' | 'Quinn', Page>) {
    const tile = (page: Page, name: string) => page.locator(`[data-testid="video-tile"][data-name="${name}"]`);
    // ── Group chat both ways ──
    const openChat = (page: Page) => page.getByRole('tab', { name: /^Chat/ }).click();
    await openChat(patPage);
    await patPage.getByRole('textbox', { name: 'Message to the group' }).fill('Hello everyone, my notes are at https://example.org/notes');
    await patPage.getByRole('button', { name: 'Send' }).click();
    // Fran sees the unread count on the tab, then the message.
    await franPage.getByRole('tab', { name: /^Chat\s*1\s*new/ }).waitFor({ timeout: 15_000 });
    await openChat(franPage);
    const franLog = franPage.getByRole('log', { name: 'Group chat' });
    await franLog.getByText('Hello everyone, my notes are at https://example.org/notes').waitFor({ timeout: 15_000 });
    await franPage.getByRole('textbox', { name: 'Message to the group' }).fill('Welcome, Pat. We start in a minute.');
    await franPage.getByRole('textbox', { name: 'Message to the group' }).press('Enter');
    await patPage.getByRole('log', { name: 'Group chat' }).getByText('Welcome, Pat. We start in a minute.').waitFor({ timeout: 15_000 });
    await openChat(quinnPage);
    const quinnLog = quinnPage.getByRole('log', { name: 'Group chat' });
    await quinnLog.getByText('Welcome, Pat. We start in a minute.').waitFor({ timeout: 15_000 });
    report('groupChat', {
      franSees: await franLog.getByTestId('chat-message').allTextContents(),
      quinnSees: (await quinnLog.getByTestId('chat-message').count()),
      linksInChat: await franLog.getByRole('link').count() + (await quinnLog.getByRole('link').count())
    });
    await shot(quinnPage, 'talk-chat-390x844');

    // ── A private thread only the facilitators see ──
    await patPage.getByRole('button', { name: 'Facilitators (private)' }).click();
    await patPage.getByRole('textbox', { name: 'Private message to the facilitators' }).fill('I am finding tonight hard');
    await patPage.getByRole('button', { name: 'Send' }).click();
    await patPage.getByRole('log', { name: 'Private conversation' }).getByText('I am finding tonight hard').waitFor();
    await franPage.getByLabel('Private conversation with').selectOption({ label: 'Pat (1)' });
    const franPrivate = franPage.getByRole('log', { name: 'Private conversation' });
    await franPrivate.getByText('I am finding tonight hard').waitFor({ timeout: 15_000 });
    await franPage.getByRole('textbox', { name: 'Private message to Pat' }).fill('Thank you for telling me. I am here.');
    await franPage.getByRole('button', { name: 'Send' }).click();
    await patPage.getByRole('log', { name: 'Private conversation' }).getByText('Thank you for telling me. I am here.').waitFor({ timeout: 15_000 });
    await quinnPage.getByRole('button', { name: 'Facilitators (private)' }).click();
    await sleep(1000);
    const quinnText = await quinnPage.locator('body').innerText();
    report('privateThread', {
      franSees: await franPrivate.getByTestId('chat-message').count(),
      quinnSeesPat: quinnText.includes('finding tonight hard') || quinnText.includes('Thank you for telling me'),
      quinnPrivateEmpty: await quinnPage.getByRole('log', { name: 'Private conversation' }).getByText('No messages yet.').isVisible()
    });
    await shot(franPage, 'talk-private-thread-1280x800');
    axe.chatFacilitator = await axeFindings(franPage);
    axe.chatPhone = await axeFindings(quinnPage);
    await quinnPage.getByRole('button', { name: 'Group' }).click();

    // ── A quiet reaction on Quinn's tile, seen by the others, then gone ──
    await quinnPage.getByRole('button', { name: 'React' }).click();
    axe.reactionMenu = await axeFindings(quinnPage);
    await quinnPage.getByRole('button', { name: /Me too/ }).click();
    const sentAt = Date.now();
    const ownTile = quinnPage.locator('[data-testid="video-tile"][data-self="true"] [data-testid="tile-reaction"]');
    await ownTile.waitFor({ timeout: 15_000 });
    const badge = (page: Page) => tile(page, 'Quinn').getByTestId('tile-reaction');
    await badge(franPage).waitFor({ timeout: 15_000 });
    await badge(patPage).waitFor({ timeout: 15_000 });
    const shownMs = Date.now() - sentAt;
    const text = await badge(patPage).textContent();
    await shot(patPage, 'talk-reaction-1280x800');
    await badge(patPage).waitFor({ state: 'detached', timeout: 20_000 });
    await badge(franPage).waitFor({ state: 'detached', timeout: 20_000 });
    report('reaction', { text, shownMs, goneAfterMs: Date.now() - sentAt, ownTileShown: true, ownTileNow: await ownTile.count() });

    // ── A thermometer round ──
    await franPage.getByRole('tab', { name: /^Support/ }).click();
    await franPage.getByLabel('Alert me when an answer is at or below').selectOption('3');
    await franPage.getByRole('button', { name: 'Ask how everyone is (0–10)' }).click();
    const prompt = (page: Page) => page.getByRole('group', { name: 'How are you right now, from 0 to 10' });
    await prompt(patPage).waitFor({ timeout: 15_000 });
    await prompt(quinnPage).waitFor({ timeout: 15_000 });
    await shot(quinnPage, 'talk-thermometer-390x844');
    axe.thermometerPhone = await axeFindings(quinnPage);
    await prompt(patPage).getByRole('button', { name: '7', exact: true }).click();
    await patPage.getByText('Thank you, your answer was sent.').waitFor({ timeout: 15_000 });
    await prompt(quinnPage).getByRole('button', { name: '2', exact: true }).click();
    await quinnPage.getByText('Thank you, your answer was sent.').waitFor({ timeout: 15_000 });
    const answers = franPage.getByTestId('thermometer-answers');
    await answers.getByText('Quinn: 2').waitFor({ timeout: 15_000 });
    const banner = franPage.getByTestId('support-banner').filter({ hasText: 'Quinn answered 2 of 10 on the check-in' });
    await banner.waitFor({ timeout: 15_000 });
    await shot(franPage, 'talk-thermometer-facilitator-1280x800');
    axe.thermometerFacilitator = await axeFindings(franPage);
    const patText = await patPage.locator('body').innerText();
    report('thermometer', {
      franAnswers: await answers.locator('li').allTextContents(),
      banner: await banner.isVisible(),
      patSeesValues: /Quinn: ?2|answered 2 of 10/.test(patText),
      patSpreadBefore: await patPage.getByTestId('thermometer-spread').count()
    });
    await franPage.getByLabel('Members see the anonymous spread').check();
    await patPage.getByTestId('thermometer-spread').waitFor({ timeout: 15_000 });
    report('spread', { pat: await patPage.getByRole('list', { name: 'How the group answered (anonymous)' }).getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label'))) });
    await shot(patPage, 'talk-thermometer-spread-1280x800');
    await banner.getByRole('button', { name: /I have seen this/ }).click();
    await franPage.getByRole('button', { name: 'Close the check-in' }).click();
    await patPage.getByText('The check-in has closed.').waitFor({ timeout: 15_000 });

    // ── The facilitator's settings: announcements only, reactions off ──
    await franPage.getByRole('tab', { name: /^Chat/ }).click();
    await franPage.getByText('Chat settings').click();
    await franPage.getByLabel('Who can write in the group chat').selectOption({ label: 'Facilitator announcements only' });
    await patPage.getByRole('button', { name: 'Group' }).click();
    await patPage.getByText('The group chat is for facilitator announcements right now.').waitFor({ timeout: 15_000 });
    await franPage.getByLabel('Quiet reactions on the tiles').uncheck();
    await patPage.getByRole('button', { name: 'React' }).waitFor({ state: 'detached', timeout: 15_000 });
    // The chat keeps the conversation Fran last chose (Pat's private thread): she goes back to the group's.
    await franPage.getByRole('button', { name: 'Group', exact: true }).click();
    await franPage.getByRole('textbox', { name: 'Announcement to the group' }).fill('Ten-minute break now.');
    await franPage.getByRole('button', { name: 'Send' }).click();
    await patPage.getByText('Ten-minute break now.').waitFor({ timeout: 15_000 });
    // The facilitator hides Pat's first message: Quinn sees that it was hidden, not its words.
    await franPage.getByRole('button', { name: 'Hide the message from Pat' }).first().click();
    await quinnPage.getByText('A facilitator hid this message.').waitFor({ timeout: 15_000 });
    report('settings', {
      patBox: await patPage.getByRole('textbox', { name: 'Message to the group' }).count(),
      quinnSeesHiddenText: (await quinnPage.locator('body').innerText()).includes('my notes are at'),
      franKeepsHidden: await franPage.getByText('Hidden from the group (kept for the record).').isVisible()
    });
    await shot(franPage, 'talk-chat-facilitator-1280x800');
    axe.settings = await axeFindings(franPage);
    axe.participantChat = await axeFindings(patPage);

    // ── After the end: the summary counts, the members read the kept chat ──
    await franPage.getByRole('button', { name: 'End the session' }).click();
    await franPage.getByRole('button', { name: 'Yes, end the session' }).click();
    await franPage.getByTestId('summary-chat').waitFor({ timeout: 10_000 });
    await patPage.getByTestId('chat-transcript').waitFor({ timeout: 10_000 });
    report('after', {
      summaryChat: (await franPage.getByTestId('summary-chat').innerText()).replace(/\s+/g, ' '),
      summaryThermometer: (await franPage.getByTestId('summary-thermometer').innerText()).replace(/\s+/g, ' '),
      patTranscript: await patPage.getByTestId('chat-transcript').locator('li').allTextContents(),
      quinnTranscript: await quinnPage.getByTestId('chat-transcript').locator('li').allTextContents()
    });
    await franPage.getByRole('heading', { name: 'Check-in thermometer' }).scrollIntoViewIfNeeded();
    await shot(franPage, 'talk-summary-1280x800');
    await patPage.getByTestId('chat-transcript').scrollIntoViewIfNeeded();
    await shot(patPage, 'talk-kept-chat-1280x800');
    axe.summary = await axeFindings(franPage);
  }
}

runScript(main);

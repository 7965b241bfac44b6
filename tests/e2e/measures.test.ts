/**
 * Measures in Chromium against the built server: the facilitator sets the crisis resources and schedules PHQ-9 at the
 * start of each session; in the live room two participants answer (one question at a time on a laptop, all on one page
 * on a phone); one answers question 9 with "Several days": they see the calm message with the group's crisis line, the
 * facilitator sees the urgent alert at once (room and dashboard), nobody else does, and the facilitator records
 * follow-up, which closes it. After a second session the trends page shows both sessions in chart and table, the group
 * view shows everyone's latest score, the CSV downloads, and a participant can open only their own scores. axe-core runs
 * on every new page. With SCREENSHOT_DIR set, each new page is saved at 1280×800 and 390×844.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let franCookie = '';
let patCookie = '';
let quinnCookie = '';
let patId = '';
let quinnId = '';
let groupId = '';
let fran: Page;
let pat: Page;
let quinn: Page;
let roomUrl = '';
let firstSessionId = '';
const CRISIS = 'Samaritans: call 116 123, free, any time. In an emergency call 999.';
const SHOTS = process.env.SCREENSHOT_DIR;

const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
async function pageFor(cookie: string, viewport: { width: number; height: number }): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { viewport, acceptDownloads: true });
  contexts.push(context);
  return page;
}

/** Saves the page at both sizes (when SCREENSHOT_DIR is set), leaving the viewport as it was. */
async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize()!;
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`) });
  }
  await page.setViewportSize(before);
}

async function enterRoom(page: Page) {
  await page.goto(roomUrl);
  await page.getByLabel('Where are you right now?').fill('Leeds, at home');
  await page.getByLabel('Emergency contact name').fill('Sam Rivers');
  await page.getByLabel('Emergency contact phone').fill('+44 113 496 0000');
  await page.getByRole('button', { name: 'Continue to the waiting room' }).click();
  await page.getByTestId('waiting-room').waitFor();
}

async function answer(page: Page, choices: string[]) {
  for (const [index, choice] of choices.entries()) {
    await page.getByTestId(`question-${index + 1}`).getByLabel(choice, { exact: true }).check();
  }
}

beforeAll(async () => {
  server = await startServer({ ROOM_LEAVE_GRACE_MS: '5000' });
  browser = await launchBrowser();
  franCookie = (await signupViaApi(server, 'Fran')).cookie;
  const patSignup = await signupViaApi(server, 'Pat');
  const quinnSignup = await signupViaApi(server, 'Quinn');
  [patCookie, patId, quinnCookie, quinnId] = [patSignup.cookie, patSignup.user.id, quinnSignup.cookie, quinnSignup.user.id];
  const { group } = await call(franCookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
  groupId = group.id;
  const { invite } = await call(franCookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  for (const cookie of [patCookie, quinnCookie]) {
    await call(cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  }
  fran = await pageFor(franCookie, { width: 1280, height: 900 });
  pat = await pageFor(patCookie, { width: 1280, height: 900 });
  quinn = await pageFor(quinnCookie, { width: 390, height: 844 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('PHQ-9 with the item 9 workflow in the browser', () => {
  it('the facilitator sets the crisis resources and schedules PHQ-9 at the start of each session', async () => {
    await fran.goto(`${server.url}/groups/${groupId}`);
    await fran.getByRole('link', { name: 'Measures' }).click();
    await fran.getByRole('heading', { name: 'Measures', level: 1 }).waitFor();
    await fran.getByLabel('Local crisis line and what to do in an emergency').fill(CRISIS);
    await fran.getByRole('button', { name: 'Save crisis resources' }).click();
    await fran.getByRole('status').filter({ hasText: 'Crisis resources saved.' }).waitFor();
    await fran.getByLabel('Measure').selectOption('phq9');
    await fran.getByLabel('When').selectOption('session_start');
    await fran.getByRole('button', { name: 'Schedule' }).click();
    await fran.getByTestId('schedules').filter({ hasText: 'PHQ-9 · At the start of each session' }).waitFor();
    expect(await axeFindings(fran)).toEqual([]);
    await shoot(fran, 'measures-facilitator-empty');

    const { session } = await call(franCookie, 'POST', `/api/groups/${groupId}/sessions`, { title: 'Session 1' });
    await call(franCookie, 'POST', `/api/sessions/${session.id}/start`);
    firstSessionId = session.id;
    roomUrl = `${server.url}/sessions/${session.id}/room`;
    await fran.goto(roomUrl);
    for (const page of [pat, quinn]) await enterRoom(page);
    await fran.getByRole('button', { name: 'Admit everyone waiting' }).click();
  });

  it('two members answer in the room; question 9 above 0 alerts the facilitator at once and shows the member the crisis line', async () => {
    // Pat, on a laptop: one question at a time, with the progress indicator.
    await pat.getByRole('button', { name: 'Answer PHQ-9' }).click();
    await pat.getByText('Answered 0 of 9').waitFor();
    expect(await axeFindings(pat)).toEqual([]);
    await shoot(pat, 'answer-one-at-a-time');
    const patChoices = ['More than half the days', 'Several days', 'Nearly every day', 'Several days', 'Not at all', 'Several days', 'Not at all', 'Not at all', 'Several days'];
    for (const [index, choice] of patChoices.entries()) {
      await pat.getByTestId(`question-${index + 1}`).getByLabel(choice, { exact: true }).check();
      await pat.getByText(`Answered ${index + 1} of 9`).waitFor();
      await pat.getByRole('button', { name: 'Next' }).click();
    }
    await pat.getByLabel('Somewhat difficult').check();
    await pat.getByRole('button', { name: 'Send my answers' }).click();

    // The facilitator's room shows the urgent alert at once, over the same private stream as the support signal.
    // A banner at the top of the room, whatever tab is open; its button opens the follow-up on the Support tab.
    const banner = fran.getByTestId('urgent-banner').filter({ hasText: 'Urgent: Pat’s questionnaire answer needs your follow-up now' });
    await banner.waitFor({ timeout: 10_000 }); // at once on a quiet machine; the e2e machine is shared
    await expect.poll(() => fran.title()).toMatch(/^\(1\) /);
    await banner.getByRole('button', { name: /Record follow-up/ }).click();
    await fran.getByTestId('urgent-alerts').filter({ hasText: 'Pat answered PHQ-9 question 9' }).waitFor();

    const message = pat.getByTestId('crisis-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('Your facilitators have been told privately');
    expect(await pat.getByTestId('crisis-resources').textContent()).toBe(CRISIS);
    await pat.getByText('Your PHQ-9 score today is 9 of 27 (mild).').waitFor();
    expect(await axeFindings(pat)).toEqual([]);
    await shoot(pat, 'answer-crisis-message');

    // Quinn, on a phone: all questions on one page.
    await quinn.getByRole('button', { name: 'Answer PHQ-9' }).click();
    await quinn.getByRole('button', { name: 'All on one page' }).click();
    await answer(quinn, ['Several days', 'Several days', 'Several days', 'Not at all', 'Not at all', 'Not at all', 'Several days', 'Not at all', 'Not at all']);
    await quinn.getByText('Answered 9 of 9').waitFor();
    expect(await axeFindings(quinn)).toEqual([]);
    await shoot(quinn, 'answer-all-on-a-page');
    await quinn.getByRole('button', { name: 'Send my answers' }).click();
    await quinn.getByText('Your PHQ-9 score today is 4 of 27 (minimal).').waitFor();
    expect(await quinn.getByTestId('crisis-message').count()).toBe(0);
    // Nobody but the facilitators hears of Pat's answer.
    expect(await quinn.getByText(/question 9|Urgent/).count()).toBe(0);
    expect(await pat.getByTestId('urgent-alerts').count()).toBe(0);
    expect(await pat.getByTestId('urgent-banner').count()).toBe(0);
    expect(await quinn.getByTestId('urgent-banner').count()).toBe(0);

    expect(await axeFindings(fran)).toEqual([]);
    await shoot(fran, 'room-urgent-alert');
  });

  it('the alert is on the facilitator’s dashboard too, and stays until follow-up is recorded', async () => {
    const dashboard = await pageFor(franCookie, { width: 1280, height: 800 });
    await dashboard.goto(`${server.url}/dashboard`);
    await dashboard.getByTestId('risk-alerts').filter({ hasText: 'Pat (Tuesday CBT group) answered PHQ-9 question 9' }).waitFor();
    expect(await axeFindings(dashboard)).toEqual([]);
    await shoot(dashboard, 'dashboard-risk-alert');

    const urgent = fran.getByTestId('urgent-alerts');
    await urgent.getByRole('button', { name: 'Record follow-up' }).click();
    await urgent.getByText('Tick what you did').waitFor();
    await urgent.getByLabel('Contacted the member').check();
    await urgent.getByLabel('Reviewed the safety plan').check();
    await urgent.getByRole('button', { name: 'Record follow-up' }).click();
    await expect.poll(() => fran.getByTestId('urgent-alerts').count(), { timeout: 3_000 }).toBe(0);
    await expect.poll(() => fran.getByTestId('urgent-banner').count(), { timeout: 3_000 }).toBe(0);

    await dashboard.reload();
    await dashboard.getByRole('heading', { name: 'My groups' }).waitFor();
    await dashboard.getByRole('heading', { name: 'Groups', exact: true }).waitFor();
    expect(await dashboard.getByTestId('risk-alerts').count()).toBe(0);
  });

  it('after a second session the trends show both sessions, the group view the latest scores, and the CSV downloads', async () => {
    await fran.getByRole('button', { name: 'End the session' }).click();
    await fran.getByRole('button', { name: 'Yes, end the session' }).click();
    await fran.getByRole('heading', { name: 'Session summary' }).waitFor();
    // The summary follows the room state; the session row is ended a moment later, in the same command.
    await expect
      .poll(async () => (await call(franCookie, 'GET', `/api/sessions/${firstSessionId}`)).session.status, { timeout: 20_000 })
      .toBe('ended');
    const { session } = await call(franCookie, 'POST', `/api/groups/${groupId}/sessions`, { title: 'Session 2' });
    await call(franCookie, 'POST', `/api/sessions/${session.id}/start`);
    const { schedules } = await call(patCookie, 'GET', `/api/groups/${groupId}/measures`);
    const respond = (cookie: string, answers: number[]) =>
      call(cookie, 'POST', `/api/groups/${groupId}/measures/schedules/${schedules[0].id}/responses`, { sessionId: session.id, answers });
    await respond(patCookie, [1, 0, 1, 0, 0, 1, 0, 0, 0]);
    await respond(quinnCookie, [1, 1, 1, 1, 0, 0, 1, 0, 0]);

    await fran.goto(`${server.url}/groups/${groupId}/measures`);
    const overview = fran.getByTestId('overview');
    await overview.getByRole('row').filter({ hasText: 'Pat' }).filter({ hasText: '3 (Minimal)' }).waitFor();
    expect(await overview.getByRole('row').filter({ hasText: 'Pat' }).textContent()).toContain('↓ 6 (fewer symptoms)');
    expect(await overview.getByRole('row').filter({ hasText: 'Pat' }).textContent()).toContain('-6: Reliable improvement');
    expect(await overview.getByRole('row').filter({ hasText: 'Quinn' }).textContent()).toContain('↑ 1 (more symptoms)');
    await shoot(fran, 'measures-facilitator');
    await fran.getByText(/Pat, .*: Contacted the member, Reviewed the safety plan\s+— recorded by Fran/).waitFor();
    expect(await axeFindings(fran)).toEqual([]);

    await overview.getByRole('link', { name: 'Pat' }).click();
    await fran.getByRole('heading', { name: 'Scores of Pat' }).waitFor();
    const table = fran.getByTestId('score-table-phq9');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().textContent()).toContain('Session 1');
    expect(await table.locator('tbody tr').first().textContent()).toContain('Above 0 (1)');
    expect(await table.locator('tbody tr').nth(1).textContent()).toContain('Session 2');
    expect(await fran.locator('[data-testid="score-chart-phq9"] svg circle').count()).toBe(2);
    expect(await fran.getByTestId('change-phq9').textContent()).toMatch(/-6.*\(9 → 3\).*Reliable improvement.*6 points/s);
    expect(await axeFindings(fran)).toEqual([]);
    await shoot(fran, 'trends-facilitator');

    const [download] = await Promise.all([fran.waitForEvent('download'), fran.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('scores-Pat.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toMatch(/^Pat,Session 1,.*,PHQ-9,9,Mild,2,1,3,1,0,1,0,0,1,Somewhat difficult,/);
    expect(csv[2]).toMatch(/^Pat,Session 2,.*,PHQ-9,3,Minimal,/);
  });

  it('a participant sees their own scores and is refused another member’s', async () => {
    await quinn.goto(`${server.url}/groups/${groupId}/measures`);
    await quinn.getByRole('link', { name: 'Open my scores' }).click();
    await quinn.getByRole('heading', { name: 'My scores' }).waitFor();
    await expect.poll(() => quinn.getByTestId('score-table-phq9').locator('tbody tr').count()).toBe(2);
    expect(await axeFindings(quinn)).toEqual([]);
    await shoot(quinn, 'trends-own');
    await quinn.goto(`${server.url}/groups/${groupId}/measures/members/${patId}`);
    await quinn.getByRole('alert').filter({ hasText: 'You can only see your own scores.' }).waitFor();
    expect(await quinn.getByTestId('score-table-phq9').count()).toBe(0);
    expect(quinnId).not.toBe(patId);
  });
});

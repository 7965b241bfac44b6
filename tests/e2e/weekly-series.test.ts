/**
 * Weekly groups in Chromium against the built server, with a real SMTP server in-process: Fran (facilitator) schedules
 * a 10-week series in the group's zone through the form, moves one session; Pat (participant) makes a calendar link
 * and the feed (parsed with ical.js) shows the move with the same UID and a higher SEQUENCE; the day-before reminder
 * arrives in the SMTP server; Fran runs the first session, confirms attendance and exports the report as CSV, then
 * cancels one session. axe finds nothing serious on the pages touched, and those pages fit a 390 px phone without
 * sideways scrolling. With E2E_SCREENSHOTS=<dir> it also saves each page at 1280×800
 * and 390×844.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallTimeIn } from '../../src/lib/core/schedule/zone';
import { startSmtp } from '../reminders/smtp';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

const ZONE = 'Europe/Berlin';
const SHOTS = process.env.E2E_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const contexts: BrowserContext[] = [];
let fran: Page;
let pat: Page;
let cookies: Record<'fran' | 'pat', string>;
let patEmail = '';
let groupId = '';
const GROUP = 'Tuesday evening group';

const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);

async function pageFor(cookie: string): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { acceptDownloads: true, timezoneId: 'America/New_York' });
  contexts.push(context);
  return page;
}

async function shoot(page: Page, name: string, region?: string) {
  if (!SHOTS) return;
  for (const [w, h] of [
    [1280, 800],
    [390, 844]
  ]) {
    await page.setViewportSize({ width: w, height: h });
    if (region) await page.getByRole('region', { name: region }).scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function expectAxeClean(page: Page) {
  expect(await axeFindings(page)).toEqual([]);
}

/**
 * On a 390 px wide phone the page does not scroll sideways, and nothing in it runs off the screen unless a box that
 * fits clips it or scrolls it inside itself. `fully` names elements that must fit whole, with no such box.
 */
async function expectFitsPhone(page: Page, fully: string[] = []) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate((selectors) => {
    const width = document.documentElement.clientWidth;
    const heldIn = (el: Element) => {
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== 'visible' && box.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    const past = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > width + 1 && !heldIn(el));
    const wide = selectors.filter((selector) => [...document.querySelectorAll(selector)].some((el) => el.getBoundingClientRect().right > width + 1));
    return { scrollWidth: document.documentElement.scrollWidth, width, past: past.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)), wide };
  }, fully);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(overflow).toEqual({ scrollWidth: overflow.width, width: overflow.width, past: [], wide: [] });
}

function feedEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const z of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(z));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, sequence: e.sequence, start: e.startDate.toJSDate().toISOString(), local: e.startDate.toString(), tzid: v.getFirstProperty('dtstart')!.getParameter('tzid') };
  });
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, MAIL_FROM: 'Group sessions <no-reply@example.org>', JOBS_POLL_SECONDS: '1' });
  browser = await launchBrowser();
  const [f, p] = await Promise.all([signupViaApi(server, 'Fran'), signupViaApi(server, 'Pat')]);
  cookies = { fran: f.cookie, pat: p.cookie };
  patEmail = p.user.email;
  const { group } = await call(cookies.fran, 'POST', '/api/groups', { name: GROUP, kind: 'cbt', timeZone: ZONE });
  groupId = group.id;
  const { invite } = await call(cookies.fran, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  await call(cookies.pat, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  fran = await pageFor(cookies.fran);
  pat = await pageFor(cookies.pat);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('weekly series, calendars, reminders and attendance', () => {
  // The first session starts a day from now less five minutes, so its day-before reminder is due at once.
  const first = new Date(Math.floor((Date.now() + 24 * 3_600_000 - 5 * 60_000) / 60_000) * 60_000);
  const wall = wallTimeIn(first, ZONE);
  let sessions: Array<{ id: string; title: string; startsAt: string }> = [];

  it('schedules a 10-week series through the form, in the group’s zone, shown in the viewer’s zone too', async () => {
    await fran.goto(`${server.url}/groups/${groupId}`);
    await fran.getByLabel('Series title').fill('Weekly group');
    await fran.getByLabel('Weekday').selectOption({ index: wall.weekday - 1 });
    await fran.getByLabel(`Time of day (${ZONE})`).fill(wall.time);
    await fran.getByLabel('First week').fill(wall.date);
    await fran.getByLabel('Number of sessions', { exact: true }).fill('10');
    await fran.getByRole('button', { name: 'Schedule series' }).click();
    await fran.getByText('10 sessions are scheduled.').waitFor();
    sessions = (await call(cookies.fran, 'GET', `/api/groups/${groupId}/sessions`)).sessions;
    expect(sessions).toHaveLength(10);
    expect(sessions[0].startsAt).toBe(first.toISOString());
    const item = fran.getByRole('listitem').filter({ hasText: 'Weekly group (1 of 10)' });
    // The list reloads after the form's answer: wait for the new items (isVisible would not).
    await item.getByText(ZONE).first().waitFor();
    // Fran's browser is in New York: the time is also shown there.
    await item.getByText(/Your time: .*America\/New_York/).waitFor();
    // The next four are listed; the rest of the series on request, so the page is not ten screens long on a phone.
    const fifth = fran.getByRole('listitem').filter({ hasText: 'Weekly group (5 of 10)' });
    expect(await fifth.count()).toBe(0);
    await fran.getByRole('button', { name: 'Show all 10 upcoming sessions' }).click();
    await fifth.waitFor();
    await fran.getByRole('button', { name: 'Show only the next 4' }).click();
    await expectFitsPhone(fran);
    await expectAxeClean(fran);
    await shoot(fran, 'group-page');
    await shoot(fran, 'group-settings', 'Time zone, reminders and billing');
  });

  it('moves one session; the member’s private feed shows the move', async () => {
    const third = fran.getByRole('listitem').filter({ hasText: 'Weekly group (3 of 10)' });
    await third.getByRole('button', { name: 'Move Weekly group (3 of 10)' }).click();
    const moved = wallTimeIn(new Date(new Date(sessions[2].startsAt).getTime() + 86_400_000), ZONE);
    await third.getByLabel('New date').fill(moved.date);
    await third.getByRole('button', { name: 'Move session' }).click();
    await third.getByText('Moved', { exact: true }).waitFor();

    await pat.goto(`${server.url}/account`);
    await pat.getByRole('button', { name: 'Make a calendar link' }).click();
    const url = await pat.getByLabel(/Your calendar link/).inputValue();
    expect(url).toMatch(/\/api\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    await pat.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await pat.getByRole('button', { name: 'Copy the link' }).click();
    await pat.getByText(/^Copied\./).waitFor();
    expect(await pat.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectAxeClean(pat);
    await shoot(pat, 'account');
    await pat.goto(`${server.url}/groups/${groupId}`);
    await pat.getByText('Moved', { exact: true }).waitFor();
    await expectAxeClean(pat);
    await shoot(pat, 'group-page-participant');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const events = feedEvents(await res.text());
    expect(events).toHaveLength(10);
    const event = events.find((e) => e.uid === `${sessions[2].id}@group-session-toolkit`)!;
    expect(event).toMatchObject({ sequence: 1, tzid: ZONE, start: new Date(new Date(sessions[2].startsAt).getTime() + 86_400_000).toISOString() });
    expect(event.local.slice(11, 16)).toBe(wall.time);
  });

  it('delivers the day-before reminder to the member through SMTP', async () => {
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail.to).toEqual([patEmail]);
    expect(mail.subject).toBe(`Reminder: ${GROUP} tomorrow`);
    expect(mail.text).toContain(ZONE);
    expect(mail.text).toContain(`${server.url}/groups/${groupId}`);
  });

  it('assigns homework through the worksheet form, due by the next session; the participant finds it on the dashboard', async () => {
    await fran.goto(`${server.url}/groups/${groupId}/worksheets`);
    const form = fran.getByRole('region', { name: 'Start a worksheet' });
    await form.getByLabel('Template').selectOption({ label: 'Thought record' });
    await form.getByLabel(/^Title/).fill('Thought record for this week');
    await form.getByLabel(/Assign as homework/).check();
    // Due by the group's next session, offered once the form knows it.
    await form.getByLabel('By the next session: Weekly group (1 of 10)', { exact: false }).check();
    await form.getByRole('button', { name: 'Assign homework' }).click();
    await fran.waitForURL(/\/worksheets\/[^/]+$/);
    await pat.goto(`${server.url}/dashboard`);
    const homework = pat.getByRole('region', { name: 'My homework' });
    await homework.getByRole('link', { name: 'Thought record for this week' }).waitFor();
    const text = await homework.innerText();
    expect(text).toMatch(/0 of \d+ answered/);
    expect(text).toContain(`${GROUP} · due`);
    // On a phone it is on the first screen, right under the next session, before the list of groups.
    await pat.setViewportSize({ width: 390, height: 844 });
    const box = await homework.boundingBox();
    const groups = await pat.getByRole('heading', { name: 'Groups', exact: true }).boundingBox();
    expect(box!.y).toBeLessThan(844);
    expect(box!.y).toBeLessThan(groups!.y);
    await pat.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the participant their next session with a countdown', async () => {
    await pat.goto(`${server.url}/dashboard`);
    const next = pat.getByRole('region', { name: 'My next session' });
    await next.getByText(/Starts in (23|24) h/).waitFor();
    const add = next.getByRole('link', { name: 'Add to calendar: Weekly group (1 of 10)' });
    expect(await add.getAttribute('href')).toBe(`/api/sessions/${sessions[0].id}/calendar.ics`);
    await expectFitsPhone(pat);
    await expectAxeClean(pat);
    await shoot(pat, 'dashboard-participant');
  });

  it('runs the first session; the facilitator confirms attendance and exports it', async () => {
    await fran.goto(`${server.url}/groups/${groupId}`);
    await fran.getByRole('button', { name: 'Start Weekly group (1 of 10)' }).click();
    await fran.getByRole('button', { name: 'End Weekly group (1 of 10)' }).waitFor();
    // Pat's dashboard, open since the last step, offers "Join" within a few seconds, without a reload.
    const join = pat.getByRole('region', { name: 'My next session' }).getByRole('link', { name: `Join ${GROUP}` });
    await join.waitFor({ timeout: 5000 });
    expect(await join.getAttribute('href')).toBe(`/sessions/${sessions[0].id}/room`);
    await fran.goto(`${server.url}/dashboard`);
    await fran.getByText('Not checked in yet: Pat').waitFor();
    await expectAxeClean(fran);
    await shoot(fran, 'dashboard-facilitator');
    await fran.goto(`${server.url}/groups/${groupId}`);
    await fran.getByRole('button', { name: 'End Weekly group (1 of 10)' }).click();
    await fran.getByRole('button', { name: 'Yes, end the session' }).click();
    // As the facilitator sees it: the session listed as ended (its summary offered), then its attendance.
    await fran.getByRole('link', { name: 'Summary of Weekly group (1 of 10)' }).waitFor();
    await fran.getByRole('link', { name: 'Attendance of Weekly group (1 of 10)' }).click();
    await fran.waitForURL(`${server.url}/sessions/${sessions[0].id}/attendance`);
    const patRow = fran.getByRole('group', { name: /Pat/ });
    // When this wait fails, the page says why (what it showed is printed with the failure).
    await patRow.getByText('Suggested from the room').waitFor().catch(async (error) => {
      throw new Error(`${String(error)}\nThe page showed:\n${await fran.locator('main').innerText().catch(() => '(nothing)')}`);
    });
    await patRow.getByLabel('Late').check();
    await fran.getByRole('button', { name: 'Confirm attendance' }).click();
    await fran.getByText('Attendance confirmed.').waitFor();
    await expectFitsPhone(fran);
    await expectAxeClean(fran);
    await shoot(fran, 'attendance');

    await fran.goto(`${server.url}/groups/${groupId}/attendance`);
    await fran.getByLabel('To').fill(wallTimeIn(new Date(Date.now() + 30 * 86_400_000), ZONE).date);
    await fran.getByRole('button', { name: 'Show report' }).click();
    await fran.getByRole('cell', { name: 'Late' }).waitFor();
    // On a phone each row is a card of labelled values, not a table wider than the screen.
    await expectFitsPhone(fran, ['table']);
    await expectAxeClean(fran);
    await shoot(fran, 'attendance-report');
    const [download] = await Promise.all([fran.waitForEvent('download'), fran.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('Date,Time,Time zone,Session,Member,Attendance,Minutes');
    expect(csv[1]).toBe(`${wall.date},${wall.time},${ZONE},Weekly group (1 of 10),Pat,Late,90`);
    // The range reaches the next four weeks, but sessions still to come have no attendance to report.
    expect(csv).toHaveLength(2);
    // The mine is their own: Pat sees this session as late.
    expect((await call(cookies.pat, 'GET', '/api/me/attendance')).records.map((r: { status: string }) => r.status)).toEqual(['late']);
  });

  it('the practice fills in billing columns; the report shows, prints and exports them; Pat reads their own attendance', async () => {
    await fran.goto(`${server.url}/groups/${groupId}`);
    const settings = fran.getByRole('region', { name: 'Time zone, reminders and billing' });
    await settings.getByLabel('Service code').fill('90853');
    await settings.getByLabel('Modifier').fill('95');
    await settings.getByLabel('Place of service').fill('10');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').waitFor();

    await fran.goto(`${server.url}/groups/${groupId}/attendance`);
    await fran.getByLabel('To').fill(wallTimeIn(new Date(Date.now() + 30 * 86_400_000), ZONE).date);
    await fran.getByLabel(/Include billing columns/).check();
    await fran.getByRole('button', { name: 'Show report' }).click();
    const row = fran.getByRole('row', { name: /Pat/ });
    await row.getByRole('cell', { name: '90853' }).waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([wall.date, wall.time, 'Weekly group (1 of 10)', 'Pat', 'Late', '90', '90853', '95', '10']);
    await expectFitsPhone(fran, ['table']);

    // Printed, the page is the report alone: its title line, the table, no form, buttons or links.
    await fran.getByRole('button', { name: 'Print' }).waitFor();
    await fran.emulateMedia({ media: 'print' });
    await fran.getByRole('heading', { name: `${GROUP}: attendance` }).waitFor();
    expect(await fran.getByRole('button', { name: 'Show report' }).isVisible()).toBe(false);
    expect(await fran.getByRole('link', { name: `Back to ${GROUP}` }).isVisible()).toBe(false);
    expect(await fran.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    expect(await fran.getByRole('cell', { name: '90853' }).isVisible()).toBe(true);
    await shoot(fran, 'attendance-report-print');
    await fran.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([fran.waitForEvent('download'), fran.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('Date,Time,Time zone,Session,Member,Attendance,Minutes,Service code,Modifier,Place of service');
    expect(csv[1]).toBe(`${wall.date},${wall.time},${ZONE},Weekly group (1 of 10),Pat,Late,90,90853,95,10`);

    await pat.goto(`${server.url}/account`);
    const mine = pat.getByRole('region', { name: 'My attendance' });
    await mine.getByText(`Late · ${GROUP}, Weekly group (1 of 10)`).waitFor();
    await expectFitsPhone(pat);
    await expectAxeClean(pat);
    await shoot(pat, 'my-attendance', 'My attendance');
  });

  it('cancels one session; the member, with the group page open, sees it cancelled without a reload; it fits a phone', async () => {
    // Pat has the group page open before Fran cancels.
    await pat.goto(`${server.url}/groups/${groupId}`);
    const seen = pat.getByRole('listitem').filter({ hasText: 'Weekly group (4 of 10)' });
    await seen.waitFor();
    expect(await seen.getByText('Cancelled').count()).toBe(0);
    await fran.goto(`${server.url}/groups/${groupId}`);
    const fourth = fran.getByRole('listitem').filter({ hasText: 'Weekly group (4 of 10)' });
    await fourth.getByRole('button', { name: 'Cancel Weekly group (4 of 10)' }).click();
    await fourth.getByRole('button', { name: 'Yes, cancel the session' }).click();
    await fourth.getByText('Cancelled').waitFor();
    expect(await fourth.getByRole('button', { name: 'Move Weekly group (4 of 10)' }).count()).toBe(0);
    await seen.getByText('Cancelled').waitFor({ timeout: 5000 });
    expect(await seen.getByRole('link', { name: /Add to calendar/ }).count()).toBe(0);
    await expectFitsPhone(pat);
    await expectAxeClean(pat);
  });
});

/**
 * The foundation as people use it, in a real browser against the built server:
 * a facilitator sets up a group and invites someone; the invited person signs up through the link,
 * accepts the agreement and joins; a withdrawn link says so plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './harness';

const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '/tmp';
const FACILITATOR = { name: 'Dana', email: 'dana@example.org', password: 'a calm long password' };
const PARTICIPANT = { name: 'Sam', email: 'sam@example.org', password: 'another long password' };
const EDITED_LINE = 'Cameras on when you can; it is fine to turn yours off for a moment.';

let server: RunningServer;
let browser: Browser;
let facilitatorContext: BrowserContext;
let participantContext: BrowserContext;
let facilitator: Page;
let participant: Page;
let groupPath = '';
let inviteUrl = '';

async function signUp(page: Page, person: { name: string; email: string; password: string }) {
  await page.getByLabel('Your name in groups').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // A zone with an offset, so that the local date and time of a session must be converted to be right.
  const place = { locale: 'en-GB', timezoneId: 'Europe/Berlin' };
  facilitatorContext = await browser.newContext({ ...place, viewport: { width: 1280, height: 800 } });
  await facilitatorContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  participantContext = await browser.newContext({ ...place, viewport: { width: 390, height: 844 } });
  facilitator = await facilitatorContext.newPage();
  participant = await participantContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('foundation in the browser', () => {
  it('a facilitator signs up, creates a group, edits the agreement, schedules a session and makes an invite link', async () => {
    await facilitator.goto(`${server.url}/`);
    await facilitator.getByRole('link', { name: 'Create an account' }).click();
    await signUp(facilitator, FACILITATOR);
    await facilitator.waitForURL('**/dashboard');
    await facilitator.getByRole('button', { name: 'Sign out' }).waitFor();

    await facilitator.getByLabel('Group name').fill('Tuesday CBT group');
    await facilitator.getByLabel('Kind of group').selectOption({ label: 'CBT' });
    const agreement = facilitator.getByRole('textbox', { name: 'Group agreement' });
    expect(await agreement.inputValue()).toContain('Privacy: what is shared in the group stays in the group.');
    await agreement.fill(`${await agreement.inputValue()}\n\nWe start on time.`);
    await facilitator.getByRole('button', { name: 'Create group' }).click();
    await facilitator.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    groupPath = new URL(facilitator.url()).pathname;
    await facilitator.getByRole('heading', { level: 1, name: 'Tuesday CBT group' }).waitFor();

    // Edit the agreement: a new version.
    const editAgreement = facilitator.getByRole('textbox', { name: 'Group agreement' });
    expect(await editAgreement.inputValue()).toContain('We start on time.');
    await editAgreement.fill(`${await editAgreement.inputValue()}\n\n${EDITED_LINE}`);
    await facilitator.getByRole('button', { name: 'Save changes' }).click();
    await facilitator.getByText('The agreement is now version 2').waitFor();
    await facilitator.getByText('Version 2.').waitFor();

    // Schedule session 1 with a local date and time.
    await facilitator.getByLabel('Session title').fill('Session 1');
    await facilitator.getByLabel('Date').fill('2030-01-15');
    await facilitator.getByLabel('Start time').fill('18:30');
    await facilitator.getByRole('button', { name: 'Schedule session' }).click();
    await facilitator.getByText('“Session 1” is scheduled.').waitFor();
    const upcoming = facilitator.getByRole('region', { name: 'Sessions' }).getByRole('listitem').filter({ hasText: 'Session 1' });
    expect(await upcoming.textContent()).toMatch(/15 Jan 2030.*18:30/);
    const stored = await facilitator.evaluate(async (path) => (await (await fetch(`/api${path}/sessions`)).json()) as { sessions: { startsAt: string }[] }, groupPath);
    expect(stored.sessions.map((s) => s.startsAt)).toEqual(['2030-01-15T17:30:00.000Z']);

    // An invite link, shown once, copied to the clipboard.
    await facilitator.getByRole('button', { name: 'Create invite link' }).click();
    const link = facilitator.getByRole('textbox', { name: 'Invite link' });
    await link.waitFor();
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]+$`));
    await facilitator.getByRole('button', { name: 'Copy link' }).click();
    await facilitator.getByText('Link copied.').waitFor();
    expect(await facilitator.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    const invites = facilitator.getByRole('region', { name: 'Invite people' }).getByRole('listitem');
    expect(await invites.filter({ hasText: 'Used 0 of 10' }).filter({ hasText: 'Active' }).count()).toBe(1);
  });

  it('an invited person signs up through the link, accepts the agreement and lands in the group', async () => {
    await participant.goto(inviteUrl);
    await participant.getByRole('heading', { name: 'You have been invited to a group' }).waitFor();
    await participant.getByRole('link', { name: 'Create an account' }).click();
    await participant.waitForURL((url) => url.pathname === '/signup' && url.searchParams.get('next') === new URL(inviteUrl).pathname);
    await signUp(participant, PARTICIPANT);
    await participant.waitForURL(inviteUrl);

    await participant.getByRole('heading', { name: 'Join Tuesday CBT group' }).waitFor();
    expect(await participant.getByRole('listitem').filter({ hasText: 'Dana' }).textContent()).toContain('facilitator');
    const agreement = participant.getByRole('region', { name: 'Group agreement' });
    expect(await agreement.textContent()).toContain(EDITED_LINE);

    // Joining without ticking the box is refused with a message tied to the checkbox.
    await participant.getByRole('button', { name: 'Join the group' }).click();
    const checkbox = participant.getByRole('checkbox', { name: 'I have read and accept the group agreement' });
    await participant.getByRole('alert').filter({ hasText: 'Tick the box' }).waitFor();
    expect(await checkbox.getAttribute('aria-invalid')).toBe('true');
    expect(await checkbox.getAttribute('aria-describedby')).toBe('agree-error');

    await checkbox.check();
    await participant.getByRole('button', { name: 'Join the group' }).click();
    await participant.waitForURL(`${server.url}${groupPath}`);
    await participant.getByRole('heading', { level: 1, name: 'Tuesday CBT group' }).waitFor();
    await participant.getByText('You are a participant').waitFor();
    const sessions = participant.getByRole('region', { name: 'Sessions' });
    expect(await sessions.getByRole('listitem').filter({ hasText: 'Session 1' }).count()).toBe(1);

    // Participants see names and roles, no emails, and no facilitator controls.
    const members = participant.getByRole('region', { name: /^Members/ });
    expect(await members.textContent()).toContain('Dana');
    const body = (await participant.textContent('body')) ?? '';
    expect(body).not.toContain(FACILITATOR.email);
    expect(body).not.toContain(PARTICIPANT.email);
    for (const heading of ['Invite people', 'Edit group and agreement', 'Activity log', 'Schedule a session', 'The group agreement has changed']) {
      expect(await participant.getByRole('heading', { name: heading }).count(), heading).toBe(0);
    }
    for (const button of [/Start/, /Remove/, /Save role/, /Withdraw/]) {
      expect(await participant.getByRole('button', { name: button }).count(), String(button)).toBe(0);
    }
    expect(await participant.getByRole('button', { name: 'Leave group' }).count()).toBe(1);
  });

  it('the facilitator sees the new member with their email, and the page holds at phone and laptop widths', async () => {
    await facilitator.reload();
    const members = facilitator.getByRole('region', { name: /^Members/ });
    await members.getByText('Sam', { exact: true }).waitFor();
    expect(await members.textContent()).toContain(PARTICIPANT.email);
    expect(await facilitator.getByRole('button', { name: 'Remove Sam' }).count()).toBe(1);
    await facilitator.getByRole('cell', { name: 'Joined the group' }).waitFor();
    expect(await facilitator.getByRole('cell', { name: 'Sam', exact: true }).count()).toBe(1);

    await facilitator.screenshot({ path: `${SCREENSHOT_DIR}/group-page-1280x800.png` });
    await participant.screenshot({ path: `${SCREENSHOT_DIR}/group-page-390x844.png` });
    await facilitator.setViewportSize({ width: 390, height: 844 });
    await facilitator.screenshot({ path: `${SCREENSHOT_DIR}/group-page-facilitator-390x844-full.png`, fullPage: true });
    for (const name of ['Invite people', 'Activity log']) {
      const file = name.toLowerCase().replace(' ', '-');
      await facilitator.getByRole('region', { name }).screenshot({ path: `${SCREENSHOT_DIR}/group-page-390-${file}.png` });
    }
    // Nothing wider than a phone screen: the page never scrolls sideways.
    for (const page of [facilitator, participant]) {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await facilitator.setViewportSize({ width: 1280, height: 800 });
  });

  it('a withdrawn invite link says so plainly', async () => {
    await facilitator.getByRole('button', { name: 'Create invite link' }).click();
    const link = facilitator.getByRole('textbox', { name: 'Invite link' });
    await facilitator.waitForFunction((previous) => {
      const input = document.getElementById('invite-link') as HTMLInputElement | null;
      return input !== null && input.value !== previous;
    }, inviteUrl);
    const withdrawnUrl = await link.inputValue();

    const invites = facilitator.getByRole('region', { name: 'Invite people' }).getByRole('listitem');
    const unused = invites.filter({ hasText: 'Used 0 of 10' });
    await unused.getByRole('button', { name: /^Withdraw invite link/ }).click();
    await unused.getByRole('button', { name: 'Yes, withdraw' }).click();
    await unused.getByText('Withdrawn', { exact: true }).waitFor();
    // The link that was used stays active.
    expect(await invites.filter({ hasText: 'Used 1 of 10' }).getByText('Active', { exact: true }).count()).toBe(1);

    // Someone new follows the withdrawn link, signs in through it, and is told why it no longer works.
    const newcomerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const newcomer = await newcomerContext.newPage();
    await newcomer.goto(withdrawnUrl);
    await newcomer.getByRole('link', { name: 'Create an account' }).click();
    await signUp(newcomer, { name: 'Alex', email: 'alex@example.org', password: 'yet another long one' });
    await newcomer.waitForURL(withdrawnUrl);
    await newcomer.getByRole('heading', { name: 'This invite link was withdrawn' }).waitFor();
    expect(await newcomer.getByText('The facilitator withdrew this link').count()).toBe(1);
    expect(await newcomer.getByRole('button', { name: 'Join the group' }).count()).toBe(0);
    expect(await newcomer.getByText('Tuesday CBT group').count()).toBe(0);

    await newcomer.goto(`${server.url}/invite/not-a-real-token`);
    await newcomer.getByRole('heading', { name: 'This invite link does not work' }).waitFor();
    await newcomerContext.close();
  });

  it('when the login has ended, the next action leads to sign in and back to the same page', async () => {
    await participant.goto(`${server.url}${groupPath}`);
    await participant.getByRole('heading', { level: 1, name: 'Tuesday CBT group' }).waitFor();
    await participantContext.clearCookies();

    await participant.getByRole('button', { name: 'Leave group' }).click();
    await participant.getByRole('button', { name: 'Yes, leave' }).click();
    await participant.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === groupPath);
    await participant.getByText('You were signed out').waitFor();

    await participant.getByLabel('Email').fill(PARTICIPANT.email);
    await participant.getByLabel('Password').fill(PARTICIPANT.password);
    await participant.getByRole('button', { name: 'Sign in' }).click();
    await participant.waitForURL(`${server.url}${groupPath}`);
    // The refused request did not take effect: still a member.
    await participant.getByText('You are a participant').waitFor();
  });
});

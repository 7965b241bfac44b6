/**
 * Private notes in Chromium against the built server: set up notes, write a note, go offline, reload (the service
 * worker serves the page), unlock and edit offline, come back online and sync, and a second device signed in as the
 * same person unlocks and sees every edit. A facilitator's progress note takes the same path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from './harness';

const PERSON = { name: 'Robin', email: 'robin@example.org', password: 'a calm long password' };
const PARTICIPANT = { name: 'Pat', email: 'pat@example.org', password: 'another long password' };
const SYNCED = 'Saved and synced';
const OFFLINE = 'Offline: saved on this device, will sync when you are back online';

let server: RunningServer;
let browser: Browser;
let laptopContext: BrowserContext;
let laptop: Page;

const status = (page: Page) => page.getByTestId('notes-status');

async function waitForStatus(page: Page, text: string) {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="notes-status"]')?.textContent?.trim() === expected,
    text,
    { timeout: 20_000 }
  );
}

async function unlock(page: Page, password: string) {
  await page.getByLabel('Your account password').fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** Same-origin API calls from the page (its cookie), for setting up a group around the notes. */
function apiFrom(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { method, path, body }
  );
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  laptopContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  laptop = await laptopContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('private notes in the browser', () => {
  let noteUrl = '';

  it('sets up notes with a recovery code and writes a note that syncs', async () => {
    await laptop.goto(`${server.url}/signup`);
    await laptop.getByLabel('Your name in groups').fill(PERSON.name);
    await laptop.getByLabel('Email').fill(PERSON.email);
    await laptop.getByLabel('Password').fill(PERSON.password);
    await laptop.getByRole('button', { name: 'Create account' }).click();
    await laptop.waitForURL('**/dashboard');

    await laptop.getByRole('link', { name: 'My notes' }).click();
    await laptop.waitForURL('**/notes');
    // The service worker takes control of the page (clients.claim) once its cache is filled.
    await laptop.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    expect(await status(laptop).textContent()).toContain('Locked');

    // A mistyped password would wrap the notes key with the wrong secret: set-up refuses it before making anything.
    await laptop.getByLabel('Your account password').fill('not my password at all');
    await laptop.getByRole('button', { name: 'Set up my notes' }).click();
    await laptop.getByText('That is not your account password.').waitFor({ timeout: 20_000 });
    expect(await laptop.getByTestId('recovery-code').count()).toBe(0);
    const keyring = await apiFrom(laptop, 'GET', '/api/notes/keyring');
    expect(keyring.body.keyring).toBeNull();

    await laptop.getByLabel('Your account password').fill(PERSON.password);
    await laptop.getByRole('button', { name: 'Set up my notes' }).click();
    const code = await laptop.getByTestId('recovery-code').textContent({ timeout: 20_000 });
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);
    await laptop.getByText('If you lose both your password and this code, your notes are lost').waitFor();
    expect(await laptop.getByRole('button', { name: 'Continue to my notes' }).isDisabled()).toBe(true);
    await laptop.getByLabel('I have saved my recovery code').check();
    await laptop.getByRole('button', { name: 'Continue to my notes' }).click();

    await laptop.getByRole('button', { name: 'New note' }).click();
    await laptop.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    noteUrl = laptop.url();
    await laptop.getByLabel('Title').fill('Coping plan');
    await laptop.getByLabel('Note', { exact: true }).fill('First, online.');
    await waitForStatus(laptop, SYNCED);
  });

  it('reloads offline from the service worker, unlocks, edits, and syncs when back online', async () => {
    await laptopContext.setOffline(true);
    const reloaded = await laptop.reload();
    // The page came from the service worker's cache: the app runs, and the notes are locked until the password.
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await laptop.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 20_000 });
    expect(await status(laptop).textContent()).toContain('Locked');
    await unlock(laptop, PERSON.password);

    const body = laptop.getByLabel('Note', { exact: true });
    await body.waitFor();
    expect(await body.inputValue()).toBe('First, online.');
    expect(await laptop.getByLabel('Title').inputValue()).toBe('Coping plan');
    await body.fill('First, online. Second, offline.');
    await waitForStatus(laptop, OFFLINE);

    await laptopContext.setOffline(false);
    await waitForStatus(laptop, SYNCED);

    // The cache holds the app shell, never an API answer (health data stays in IndexedDB, encrypted).
    const cached = await laptop.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    expect(cached).toContain('/notes');
    expect(cached.some((path) => path.startsWith('/_app/'))).toBe(true);
    expect(cached.filter((path) => path.startsWith('/api'))).toEqual([]);
  });

  /** Another of Robin's devices: signed in, on `url`, unlocked, once the field labelled `ready` shows. */
  async function openOnOtherDevice(url: string, ready: string, viewport = { width: 390, height: 844 }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(PERSON.email);
    await page.getByLabel('Password').fill(PERSON.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
    await page.goto(url);
    await unlock(page, PERSON.password);
    await page.getByLabel(ready, { exact: true }).waitFor({ timeout: 20_000 });
    return { context, page };
  }

  /** Robin's phone: signed in, on the note, unlocked. */
  async function openOnPhone(): Promise<{ phoneContext: BrowserContext; phone: Page }> {
    const { context, page } = await openOnOtherDevice(noteUrl, 'Note');
    return { phoneContext: context, phone: page };
  }

  it('another device signed in as the same person unlocks and sees both edits', async () => {
    const { phoneContext, phone } = await openOnPhone();
    expect(await phone.getByLabel('Note', { exact: true }).inputValue()).toBe('First, online. Second, offline.');
    await phoneContext.close();
  });

  it('an edit from the other device arrives while typing: the caret stays where the person was writing', async () => {
    const { phoneContext, phone } = await openOnPhone();
    const onPhone = phone.getByLabel('Note', { exact: true });
    await onPhone.focus();
    await phone.evaluate(() => (document.getElementById('note-body') as HTMLTextAreaElement).setSelectionRange(0, 0));
    await phone.keyboard.type('Today: ');
    await waitForStatus(phone, SYNCED);

    // On the laptop, Robin writes in the middle; typing makes the laptop sync, which brings the phone's edit in.
    const onLaptop = laptop.getByLabel('Note', { exact: true });
    expect(await onLaptop.inputValue()).toBe('First, online. Second, offline.');
    await onLaptop.focus();
    await laptop.evaluate(() => (document.getElementById('note-body') as HTMLTextAreaElement).setSelectionRange(6, 6));
    await laptop.keyboard.type(' still');
    await laptop.waitForFunction(() => (document.getElementById('note-body') as HTMLTextAreaElement).value.startsWith('Today: '), undefined, {
      timeout: 20_000
    });
    await laptop.keyboard.type('!');
    expect(await onLaptop.inputValue()).toBe('Today: First, still! online. Second, offline.');
    await waitForStatus(laptop, SYNCED);
    await phone.waitForFunction(
      (expected) => (document.getElementById('note-body') as HTMLTextAreaElement).value === expected,
      'Today: First, still! online. Second, offline.',
      { timeout: 45_000 }
    );
    await phoneContext.close();
  });

  it("a facilitator's progress note takes the same path: written offline, synced, read on another device", async () => {
    // Robin facilitates a group with a session and a participant (set up through the API).
    const group = await apiFrom(laptop, 'POST', '/api/groups', { name: 'Thursday DBT group', kind: 'dbt' });
    expect(group.status).toBe(201);
    const groupId = group.body.group.id;
    const session = await apiFrom(laptop, 'POST', `/api/groups/${groupId}/sessions`, { title: 'Session 1', durationMinutes: 60 });
    expect(session.status).toBe(201);
    const invite = await apiFrom(laptop, 'POST', `/api/groups/${groupId}/invites`, {});
    const participantContext = await browser.newContext();
    const participant = await participantContext.newPage();
    await participant.goto(`${server.url}/signup`);
    await participant.getByLabel('Your name in groups').fill(PARTICIPANT.name);
    await participant.getByLabel('Email').fill(PARTICIPANT.email);
    await participant.getByLabel('Password').fill(PARTICIPANT.password);
    await participant.getByRole('button', { name: 'Create account' }).click();
    await participant.waitForURL('**/dashboard');
    const accepted = await apiFrom(participant, 'POST', `/api/invites/${invite.body.invite.token}/accept`, {
      agreementVersion: group.body.group.agreementVersion
    });
    expect(accepted.status).toBe(200);
    await participantContext.close();

    // A full page load: the notes start locked again.
    await laptop.goto(`${server.url}/notes`);
    await laptop.getByRole('button', { name: 'Unlock' }).waitFor();
    await unlock(laptop, PERSON.password);
    await laptop.getByRole('button', { name: 'New progress note' }).click();
    await laptop.getByLabel('Group').selectOption({ label: 'Thursday DBT group' });
    await laptop.getByLabel('Session').selectOption({ label: 'Session 1' });
    await laptop.getByLabel('Participant').selectOption({ label: PARTICIPANT.name });
    await laptop.getByRole('radio', { name: /DAP/ }).check();
    await laptop.getByRole('button', { name: 'Start progress note' }).click();
    await laptop.waitForURL(/\/notes\/[0-9a-f-]{36}$/);
    const progressUrl = laptop.url();
    expect(await laptop.getByLabel('Title').inputValue()).toBe(`DAP · ${PARTICIPANT.name} · Session 1`);

    await laptopContext.setOffline(true);
    await laptop.getByLabel('Data').fill('Shared a skills practice.');
    await laptop.getByLabel('Plan').fill('Follow up next week.');
    await waitForStatus(laptop, OFFLINE);
    await laptopContext.setOffline(false);
    await waitForStatus(laptop, SYNCED);

    const { context: otherContext, page: other } = await openOnOtherDevice(progressUrl, 'Data', { width: 1280, height: 720 });
    expect(await other.getByLabel('Data').inputValue()).toBe('Shared a skills practice.');
    expect(await other.getByLabel('Plan').inputValue()).toBe('Follow up next week.');
    await otherContext.close();
  });
});

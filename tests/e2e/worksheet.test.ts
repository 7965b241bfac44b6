/**
 * Worksheets in Chromium with a facilitator (Fran) and two participants (Pat, Sam), against the built server and its
 * relay. Individual mode: Fran starts a thought record from the library, each participant fills in their own copy,
 * Fran's grid shows their progress rising live, Fran opens Pat's copy and writes in it (Pat sees it), an out-of-range
 * rating is refused in the page with the model's message and never stored. Shared mode: both participants add
 * entries to one worksheet and every page shows who added each. Presence: the field Fran edits shows her name badge
 * on Pat's page. Pat shares his copy, Sam opens it read-only, Fran downloads its export (audit-logged). Checked
 * through the page and the export API.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, axeFindings, launchBrowser, signedInPage, signupViaApi, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let cookies: Record<'fran' | 'pat' | 'sam', string>;
let users: Record<'fran' | 'pat' | 'sam', { id: string }>;
let groupId = '';
let fran: Page;
let pat: Page;
let sam: Page;




const signup = (name: string) => signupViaApi(server, name);
const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body);
async function pageFor(cookie: string): Promise<Page> {
  const { context, page } = await signedInPage(browser, server, cookie, { acceptDownloads: true });
  contexts.push(context);
  return page;
}

/** Fran starts a thought record from the group's worksheet library, in the given mode; returns the worksheet id. */
async function startFromLibrary(mode: 'Individual' | 'Shared'): Promise<string> {
  await fran.goto(`${server.url}/groups/${groupId}/worksheets`);
  await fran.getByLabel('Template', { exact: true }).selectOption({ label: 'Thought record' });
  await fran.getByRole('radio', { name: new RegExp(`^${mode}:`) }).check();
  await fran.getByRole('button', { name: 'Start the worksheet' }).click();
  await fran.waitForURL(/\/worksheets\/[0-9a-f-]{36}$/);
  return fran.url().split('/').pop()!;
}



const gridProgress = (owner: string) => fran.locator(`tr[data-owner="${owner}"] [data-testid="progress"]`);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const [f, p, s] = await Promise.all([signup('Fran'), signup('Pat'), signup('Sam')]);
  cookies = { fran: f.cookie, pat: p.cookie, sam: s.cookie };
  users = { fran: f.user, pat: p.user, sam: s.user };
  const { group } = await call(cookies.fran, 'POST', '/api/groups', { name: 'Thursday CBT group', kind: 'cbt' });
  groupId = group.id;
  const { invite } = await call(cookies.fran, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
  for (const who of ['pat', 'sam'] as const)
    await call(cookies[who], 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  [fran, pat, sam] = await Promise.all([pageFor(cookies.fran), pageFor(cookies.pat), pageFor(cookies.sam)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('individual worksheets', () => {
  let worksheetId = '';

  it('each participant fills in their own thought record while the facilitator’s grid shows progress rising', async () => {
    worksheetId = await startFromLibrary('Individual');
    await expect.poll(() => gridProgress('Pat').textContent(), { timeout: 10_000 }).toBe('0 of 8');
    await expect.poll(() => gridProgress('Sam').textContent()).toBe('0 of 8');

    await Promise.all([pat.goto(`${server.url}/worksheets/${worksheetId}`), sam.goto(`${server.url}/worksheets/${worksheetId}`)]);
    await pat.getByLabel(/What was happening\?/).fill('Team meeting, I was asked a question');
    await expect.poll(() => gridProgress('Pat').textContent(), { timeout: 10_000 }).toBe('1 of 8');
    expect(await gridProgress('Sam').textContent()).toBe('0 of 8');

    await sam.getByLabel(/What was happening\?/).fill('Phone call with my sister');
    await sam.getByLabel('New entry for Facts that support the hot thought').fill('My voice shook');
    await sam.locator('[data-field="evidence_for"]').getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => gridProgress('Sam').textContent(), { timeout: 10_000 }).toBe('2 of 8');

    // Pat sees only their own copy: nothing of Sam's.
    expect(await pat.getByText('Phone call with my sister').count()).toBe(0);
    expect(await pat.locator('textarea').first().inputValue()).toBe('Team meeting, I was asked a question');
  });

  it('the facilitator opens Pat’s copy and writes in it to help; Pat sees it live', async () => {
    await fran.getByRole('button', { name: 'Open Pat' }).click();
    await fran.getByRole('heading', { name: 'Pat’s worksheet' }).waitFor();
    await expect.poll(() => fran.getByLabel(/What was happening\?/).inputValue(), { timeout: 10_000 }).toBe('Team meeting, I was asked a question');
    await fran.getByLabel('New entry for Facts that do not fit the hot thought').fill('Two colleagues nodded');
    await fran.locator('[data-field="evidence_against"]').getByRole('button', { name: 'Add', exact: true }).click();
    await pat.locator('[data-field="evidence_against"] input[type="text"]').first().waitFor();
    await expect.poll(() => pat.locator('[data-field="evidence_against"] li input[type="text"]').first().inputValue(), { timeout: 10_000 }).toBe('Two colleagues nodded');
    await expect.poll(() => gridProgress('Pat').textContent(), { timeout: 10_000 }).toBe('2 of 8');
  });

  it('an out-of-range rating is refused in the page with the model’s message, and is not stored', async () => {
    const rating = pat.getByRole('spinbutton', { name: /How much I believe the balanced thought/ });
    await rating.fill('150');
    const alert = pat.locator('.rating .field-error');
    await expect.poll(() => alert.textContent()).toBe('"How much I believe the balanced thought" must be from 0 to 100; 150 is too high.');
    expect(await rating.getAttribute('aria-invalid')).toBe('true');
    await rating.fill('60');
    await expect.poll(() => alert.textContent()).toBe('');
    await expect.poll(() => gridProgress('Pat').textContent(), { timeout: 10_000 }).toBe('3 of 8');

    const patCopy = (await call(cookies.fran, 'GET', `/api/worksheets/${worksheetId}`)).copies.find((c: { ownerId: string }) => c.ownerId === users.pat.id);
    const exported = await call(cookies.fran, 'GET', `/api/worksheets/${worksheetId}/export?format=md&copyId=${patCopy.copyId}`);
    expect(exported.problems).toEqual([]);
    expect(exported.content).toContain('60 (0-100)');
    expect(exported.content).not.toContain('150');
  });
});

describe('presence, sharing and export', () => {
  let worksheetId = '';

  it('the field someone else is editing shows their name badge', async () => {
    worksheetId = fran.url().split('/').pop()!.split('?')[0];
    await fran.getByLabel(/What was happening\?/).focus();
    const badge = pat.locator('[data-testid="editing-situation"] .editor-badge');
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toBe('Fran');
    await fran.getByLabel(/What was happening\?/).blur();
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
  });

  it('Pat shares their copy; Sam opens it read-only; Fran exports it and the export is audit-logged', async () => {
    await sam.goto(`${server.url}/worksheets/${worksheetId}`);
    await sam.getByRole('heading', { level: 1 }).waitFor();
    expect(await sam.getByRole('button', { name: 'Pat’s worksheet' }).count()).toBe(0);

    await pat.getByRole('button', { name: 'Share mine with the group' }).click();
    await pat.getByText('Shared with the group', { exact: true }).waitFor();
    // Sam's page picks the share up by itself (participants' pages re-check every 3 s).
    const openPats = sam.getByRole('button', { name: 'Pat’s worksheet' });
    await openPats.waitFor({ timeout: 10_000 });
    await openPats.click();
    await sam.getByRole('heading', { name: 'Pat’s worksheet' }).waitFor();
    const patsCopy = sam.locator('.live-copy');
    await expect.poll(() => patsCopy.getAttribute('data-read-only'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => sam.getByLabel(/What was happening\?/).inputValue(), { timeout: 10_000 }).toBe('Team meeting, I was asked a question');
    expect(await sam.getByLabel(/What was happening\?/).evaluate((el) => (el as HTMLTextAreaElement).readOnly)).toBe(true);
    // Typing changes nothing: the relay gives Sam read-only access to Pat's copy.
    await sam.getByLabel(/What was happening\?/).press('End').catch(() => undefined);
    await sam.keyboard.type(' (Sam)');
    expect(await pat.getByLabel(/What was happening\?/).inputValue()).toBe('Team meeting, I was asked a question');

    await fran.getByRole('button', { name: 'Open Pat' }).click();
    await fran.getByLabel('Format').selectOption('md');
    await fran.getByRole('button', { name: 'Prepare export' }).click();
    const link = fran.getByRole('link', { name: /^Download / });
    const [download] = await Promise.all([fran.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const content = readFileSync(file!, 'utf8');
    expect(content).toContain('Team meeting, I was asked a question');
    expect(content).toContain('Two colleagues nodded');
    expect(content).not.toContain('(Sam)');

    const audit = (await call(cookies.fran, 'GET', `/api/groups/${groupId}/audit`)).entries as Array<{ action: string; targetId: string; details: { format: string } }>;
    expect(audit.filter((e) => e.action === 'worksheet.copy.share' && e.targetId === worksheetId)).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'worksheet.export' && e.targetId === worksheetId && e.details.format === 'md').length).toBeGreaterThanOrEqual(1);
  });
});

describe('accessibility', () => {
  it('the fill page, the facilitator overview and the library have no serious or critical axe findings', async () => {
    expect(await axeFindings(pat)).toEqual([]);
    expect(await axeFindings(fran)).toEqual([]);
    const library = await fran.context().newPage();
    await library.goto(`${server.url}/groups/${groupId}/worksheets`);
    await library.getByRole('heading', { name: 'Template library' }).waitFor();
    expect(await axeFindings(library)).toEqual([]);
    await library.close();
  });
});

describe('shared worksheets', () => {
  it('both participants add entries to one worksheet, and everyone sees who added each', async () => {
    const worksheetId = await startFromLibrary('Shared');
    await Promise.all([pat.goto(`${server.url}/worksheets/${worksheetId}`), sam.goto(`${server.url}/worksheets/${worksheetId}`)]);
    const add = async (page: Page, text: string) => {
      await page.getByLabel('New entry for Facts that support the hot thought').fill(text);
      await page.locator('[data-field="evidence_for"]').getByRole('button', { name: 'Add', exact: true }).click();
    };
    await add(pat, 'I forgot the deadline once');
    await add(sam, 'My manager asked for an update');
    for (const page of [pat, sam, fran]) {
      const entries = page.locator('[data-field="evidence_for"] li.entry');
      await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => entries.evaluateAll((items) => items.map((li) => [(li.querySelector('input') as HTMLInputElement).value, li.querySelector('.author')?.textContent]).sort()))
        .toEqual([['I forgot the deadline once', 'added by Pat'], ['My manager asked for an update', 'added by Sam']]);
    }
  });
});

describe('form builder', () => {
  it('the facilitator duplicates a template, edits it with the model’s refusals shown, and saves a new version', async () => {
    await fran.goto(`${server.url}/groups/${groupId}/worksheets`);
    await fran.getByRole('button', { name: 'Duplicate Check-in' }).click();
    await fran.waitForURL(/\/worksheets\/templates\/[0-9a-f-]{36}\?group=/);
    await fran.getByRole('heading', { name: 'Form builder' }).waitFor();
    const templateId = new URL(fran.url()).pathname.split('/').pop()!;

    await fran.getByLabel('Title', { exact: true }).fill('Our check-in');
    await fran.getByLabel('Title', { exact: true }).press('Tab');
    // A rating whose highest value is not above its lowest is refused with the model's message; nothing changes.
    const highest = fran.getByLabel('Highest').first();
    await highest.fill('-5');
    await highest.press('Tab');
    await expect.poll(() => fran.locator('.edit-error').textContent()).toMatch(/must be above its lowest rating\./);
    await highest.fill('7');
    await highest.press('Tab');
    await expect.poll(() => fran.locator('.edit-error').textContent()).toBe('');

    await fran.getByLabel('New question').first().fill('One thing I want from today');
    await fran.getByRole('button', { name: 'Add question' }).first().click();
    await fran.getByRole('button', { name: 'Save as a new version' }).click();
    await fran.getByText(/^Version 2\./).waitFor();

    const saved = await call(cookies.fran, 'GET', `/api/templates/${templateId}`);
    expect(saved.template.version).toBe(2);
    expect(saved.template.title).toBe('Our check-in');
    const fields = saved.template.sections.flatMap((s: { fields: Array<{ label: string; kind: string; max?: number }> }) => s.fields);
    expect(fields.find((f: { kind: string }) => f.kind === 'rating').max).toBe(7);
    expect(fields.map((f: { label: string }) => f.label)).toContain('One thing I want from today');
  });
});

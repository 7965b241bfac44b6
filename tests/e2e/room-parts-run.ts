/**
 * Side room and breakout pairs in Chromium with fake cameras, inside a loopback-only network namespace
 * (tests/e2e/room-parts.test.ts runs this under `unshare -n`): Fran facilitates, Pat and Quinn take part. Fran takes
 * Quinn into a side room through the People tab; Fran and Quinn keep decoding each other's frames on the same
 * connection throughout the move while Pat's connections to them close and Pat sees the calm pause screen; Quinn
 * returns and all three decode again. Then Pat and Quinn practise as a pair (Fran apart), Pat asks for a facilitator,
 * Fran visits, and calls them back. Frames are counted with getStats (inbound video framesDecoded).
 * SCREENSHOTS=dir writes PNGs at 1280×800 and 390×844. Prints one JSON line per measurement.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, apiCall, axeFindings, launchBrowser, signupViaApi, startServer } from './harness';
import { CAPTURE_PEER_CONNECTIONS, CHECKIN, LAPTOP, PHONE, sleep } from './room-fixtures';

/** PEOPLE=5: only the breakout with two pairs (Fran and four members), through the API, counting frames. */
const PEOPLE = Number(process.env.PEOPLE ?? 3);
const NAMES = ['Fran', 'Pat', 'Quinn', 'Riley', 'Sasha'];
const SHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;

/** Every peer connection the page made: its index, state and inbound video frames decoded so far. */
const connections = (page: Page) =>
  page.evaluate(async () => {
    const out: Array<{ index: number; state: string; frames: number }> = [];
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    for (const [index, pc] of pcs.entries()) {
      let frames = 0;
      if (pc.connectionState !== 'closed') {
        (await pc.getStats()).forEach((stat: any) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames += stat.framesDecoded ?? 0;
        });
      }
      out.push({ index, state: pc.connectionState, frames });
    }
    return out;
  });
const connected = async (page: Page) => (await connections(page)).filter((c) => c.state === 'connected');

/** Waits until `page` has exactly `count` connected connections, each decoding; returns them. */
async function waitForDecoding(page: Page, count: number, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await connected(page);
    if (live.length === count && live.every((c) => c.frames > 0)) return live;
    if (Date.now() > deadline) throw new Error(`expected ${count} decoding connections, got ${JSON.stringify(live)}`);
    await sleep(500);
  }
}

/** Frames decoded rise on every connected connection over a few seconds (the same connections). */
async function rising(page: Page): Promise<boolean> {
  const first = await connected(page);
  await sleep(3000);
  const later = await connected(page);
  return first.length > 0 && first.every((c) => (later.find((l) => l.index === c.index)?.frames ?? 0) > c.frames);
}

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const shot = async (page: Page, name: string) => SHOTS && page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  try {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const people = await Promise.all(NAMES.slice(0, PEOPLE).map(async (name) => ({ name, ...(await signupViaApi(server, name)) })));
    const [fran, pat, quinn] = people;
    const members = people.slice(1);
    const { group } = await call(fran!.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 20 });
    for (const person of members) await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const { session } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/start`);
    for (const person of members) await call(person.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    const roomUrl = `${server.url}/sessions/${session.id}/room`;
    const command = (body: Record<string, unknown>) => call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, body);

    // Every member reaches the waiting room (their pages open the room stream), then Fran lets them in.
    async function admitAll() {
      for (let i = 0; i < 240; i++) {
        const { state } = await call(fran!.cookie, 'GET', `/api/sessions/${session.id}/room`);
        if (state.people.filter((p: { presence: string }) => p.presence === 'waiting').length === members.length) break;
        await sleep(500);
      }
      await command({ type: 'admit_all' });
    }

    /** Five people: two pairs, each decoding only its partner; Fran decodes nobody until everyone is back. */
    async function twoPairs(franPage: Page, memberPages: Page[]) {
      await admitAll();
      for (const page of [franPage, ...memberPages]) await waitForDecoding(page, members.length, 180_000);
      report('fiveBefore', true);
      await command({ type: 'start_breakout', minutes: 5, seed: 3 });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const counts = await Promise.all([franPage, ...memberPages].map(async (page) => (await connected(page)).length));
        if (counts[0] === 0 && counts.slice(1).every((n) => n === 1)) break;
        await sleep(500);
      }
      report('twoPairsConnections', await Promise.all([franPage, ...memberPages].map(async (page) => (await connected(page)).length)));
      report('twoPairsRising', await Promise.all(memberPages.map((page) => rising(page))));
      await shot(franPage, 'two-pairs-facilitator-1280x800');
      await command({ type: 'end_breakout' });
      for (const page of [franPage, ...memberPages]) await waitForDecoding(page, members.length, 180_000);
      report('twoPairsBack', true);
      report('errors', errors);
    }

    const open = async (cookie: string, name: string, viewport = LAPTOP) => {
      const context = await browser.newContext({ viewport, locale: 'en-GB', bypassCSP: true });
      contexts.push(context);
      await context.addCookies([{ name: 'gst_session', value: cookie, url: server.url }]);
      await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${name}: ${String(error)}`));
      await page.goto(roomUrl);
      return page;
    };
    const franPage = await open(fran!.cookie, 'Fran');
    if (PEOPLE > 3) return await twoPairs(franPage, await Promise.all(members.map((m) => open(m.cookie, m.name))));
    const patPage = await open(pat!.cookie, 'Pat');
    const quinnPage = await open(quinn!.cookie, 'Quinn', PHONE);
    await admitAll();
    for (const page of [franPage, patPage, quinnPage]) await waitForDecoding(page, 2);
    report('before', true);

    // Fran takes Quinn into a side room from the People tab.
    await franPage.getByRole('tab', { name: 'People' }).click();
    await franPage.getByLabel('Member').selectOption({ label: 'Quinn' });
    const quinnBefore = await connected(quinnPage);
    await franPage.getByRole('button', { name: 'Take to a side room' }).click();
    // During the move Quinn keeps at least one connected connection decoding, never zero.
    const duringMove: number[] = [];
    for (let i = 0; i < 16; i++) {
      duringMove.push((await connected(quinnPage)).filter((c) => c.frames > 0).length);
      await sleep(250);
    }
    report('quinnDecodingDuringMove', duringMove);
    await patPage.getByTestId('group-paused').waitFor({ timeout: 10_000 });
    const patDeadline = Date.now() + 20_000;
    while ((await connected(patPage)).length > 0 && Date.now() < patDeadline) await sleep(250);
    report('patConnectedInSideRoom', (await connected(patPage)).length);
    const franSide = await connected(franPage);
    const quinnSide = await connected(quinnPage);
    report('sideRoomConnections', { fran: franSide.length, quinn: quinnSide.length });
    // Quinn's side-room link is one of the connections Quinn already had (kept, not re-made).
    report('sideLinkKept', quinnSide.length === 1 && quinnBefore.some((c) => c.index === quinnSide[0]!.index));
    report('sideRoomRising', { fran: await rising(franPage), quinn: await rising(quinnPage) });
    await franPage.getByTestId('side-room-checkin').getByText('Sam Rivers').waitFor({ timeout: 10_000 });
    report('checkinShown', await franPage.getByTestId('side-room-checkin').innerText());
    report('patTiles', await patPage.locator('[data-testid="video-tile"][data-away="true"]').evaluateAll((tiles) => tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim())));
    report('axeSideRoom', { fran: await axeFindings(franPage), pat: await axeFindings(patPage), quinn: await axeFindings(quinnPage) });
    await shot(franPage, 'side-room-facilitator-1280x800');
    await shot(quinnPage, 'side-room-member-390x844');
    await shot(patPage, 'side-room-group-paused-1280x800');
    await patPage.setViewportSize(PHONE);
    await sleep(400);
    await shot(patPage, 'side-room-group-paused-390x844');
    await patPage.setViewportSize(LAPTOP);

    // Quinn returns: all three decode from both others again.
    await quinnPage.getByRole('button', { name: 'Return to the group' }).click();
    await patPage.getByTestId('group-paused').waitFor({ state: 'detached', timeout: 10_000 });
    for (const page of [franPage, patPage, quinnPage]) await waitForDecoding(page, 2);
    report('afterReturnRising', { fran: await rising(franPage), pat: await rising(patPage), quinn: await rising(quinnPage) });

    // Pairs: Pat and Quinn practise together for 2 minutes; Fran stays apart, then visits.
    await franPage.getByLabel('Minutes').fill('2');
    await franPage.getByRole('button', { name: 'Start pairs' }).click();
    await patPage.getByTestId('pair-banner').waitFor({ timeout: 10_000 });
    const franDeadline = Date.now() + 20_000;
    while ((await connected(franPage)).length > 0 && Date.now() < franDeadline) await sleep(250);
    report('pairConnections', { fran: (await connected(franPage)).length, pat: (await connected(patPage)).length, quinn: (await connected(quinnPage)).length });
    report('pairRising', { pat: await rising(patPage), quinn: await rising(quinnPage) });
    report('pairTimer', await patPage.getByRole('timer', { name: 'Time left in pairs' }).innerText());
    await patPage.getByRole('button', { name: 'Ask a facilitator to come' }).click();
    await franPage.getByText('Asks for a facilitator').waitFor({ timeout: 10_000 });
    report('handReachedFacilitator', true);
    report('axePairs', { fran: await axeFindings(franPage), pat: await axeFindings(patPage) });
    await shot(patPage, 'pairs-member-1280x800');
    await shot(franPage, 'pairs-facilitator-1280x800');
    await shot(quinnPage, 'pairs-member-390x844');
    await franPage.getByRole('button', { name: 'Visit pair 1' }).click();
    await waitForDecoding(franPage, 2);
    report('visitRising', await rising(franPage));
    await franPage.getByRole('button', { name: 'Call everyone back' }).click();
    await patPage.getByTestId('pair-banner').waitFor({ state: 'detached', timeout: 10_000 });
    for (const page of [franPage, patPage, quinnPage]) await waitForDecoding(page, 2);
    report('afterPairs', true);
    report('errors', errors);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
}

runScript(main);

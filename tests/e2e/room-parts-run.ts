/**
 * Side room and breakout pairs in Chromium with fake cameras, inside a loopback-only network namespace
 * (tests/e2e/room-parts.test.ts runs this under `unshare -n`): Fran facilitates, Pat and Quinn take part. Fran takes
 * Quinn into a side room through the People tab; Fran and Quinn keep decoding each other's frames on the same
 * connection throughout the move while Pat's connections to them close and Pat sees the calm pause screen; Quinn
 * returns and all three decode again. In the side room Quinn and Fran write to each other in its chat; Pat's chat and
 * Pat's API answers never hold it. Then Pat and Quinn practise as a pair (Fran apart), Pat asks for a facilitator,
 * Fran visits, and calls them back; the pair fills in a thought record together beside their video. Frames are
 * counted with getStats (inbound video framesDecoded).
 * With five people and SHEETS=1, Fran starts two pairs with a worksheet through the UI: each pair writes in its own
 * copy, live, and the other pair sees none of it.
 * SCREENSHOTS=dir writes PNGs at 1280×800 and 390×844. Prints one JSON line per measurement.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, apiCall, axeFindings, fakeMediaArgs, launchBrowser, signupViaApi, startServer } from './harness';
import { CAPTURE_PEER_CONNECTIONS, CHECKIN, LAPTOP, PHONE, onFirstScreen, roomFit, sleep } from './room-fixtures';

/**
 * CO=1: four people, Cora a co-facilitator: Fran takes Quinn aside and the group carries on with Cora (no pause),
 * Pat and Cora decoding and hearing each other.
 */
const CO = process.env.CO === '1';
/** PEOPLE=5: only the breakout with two pairs (Fran and four members), through the API, counting frames. */
const PEOPLE = CO ? 4 : Number(process.env.PEOPLE ?? 3);
const NAMES = CO ? ['Fran', 'Pat', 'Quinn', 'Cora'] : ['Fran', 'Pat', 'Quinn', 'Riley', 'Sasha'];
/** SHEETS=1 (with PEOPLE=5): the pairs' worksheets through the UI, without waiting for video (the other runs count frames). */
const SHEETS = process.env.SHEETS === '1';
const SHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;

/**
 * Every peer connection the page made: its index, state, inbound video frames decoded so far and the energy of the
 * sound received so far (inbound audio totalAudioEnergy: Chromium's fake microphone beeps, silence adds nothing).
 */
const connections = (page: Page) =>
  page.evaluate(async () => {
    const out: Array<{ index: number; state: string; frames: number; audioEnergy: number }> = [];
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    for (const [index, pc] of pcs.entries()) {
      let frames = 0;
      let audioEnergy = 0;
      if (pc.connectionState !== 'closed') {
        (await pc.getStats()).forEach((stat: any) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames += stat.framesDecoded ?? 0;
          if (stat.type === 'inbound-rtp' && stat.kind === 'audio') audioEnergy += stat.totalAudioEnergy ?? 0;
        });
      }
      out.push({ index, state: pc.connectionState, frames, audioEnergy });
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

/** Waits (up to 60 s) until each page has the number of connected connections `want` gives; returns the counts seen. */
async function settledCounts(pages: Page[], want: (counts: number[]) => boolean): Promise<number[]> {
  const counts = () => Promise.all(pages.map(async (page) => (await connected(page)).length));
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(500)) {
    if (want(await counts())) break;
  }
  return counts();
}

/** Whether a field shows `text` within 20 s (a partner's typing arrives over the relay). */
async function valueArrives(field: import('playwright-core').Locator, text: string): Promise<boolean> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if ((await field.inputValue().catch(() => '')) === text) return true;
    await sleep(200);
  }
  return false;
}

/** Frames decoded rise on every connected connection over a few seconds (the same connections). */
async function rising(page: Page): Promise<boolean> {
  const first = await connected(page);
  await sleep(3000);
  const later = await connected(page);
  return first.length > 0 && first.every((c) => (later.find((l) => l.index === c.index)?.frames ?? 0) > c.frames);
}

/** Sound arrives on every connected connection: its energy rises within a few seconds (the same connections). */
async function hearing(page: Page): Promise<boolean> {
  const first = await connected(page);
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(500)) {
    const later = await connected(page);
    if (first.length > 0 && first.every((c) => (later.find((l) => l.index === c.index)?.audioEnergy ?? 0) > c.audioEnergy)) return true;
  }
  return false;
}

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  // The worksheets' run needs no video (five camera pages swamp a loaded machine): no fake camera there.
  // Four camera pages at 10 fps (harness.ts, fakeMediaArgs: what is checked does not depend on the frame rate).
  const browser = await launchBrowser(SHEETS ? [] : CO ? fakeMediaArgs(10) : FAKE_MEDIA_ARGS);
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  const shot = async (page: Page, name: string) => SHOTS && page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  try {
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const people = await Promise.all(NAMES.slice(0, PEOPLE).map(async (name) => ({ name, ...(await signupViaApi(server, name)) })));
    const [fran, pat, quinn] = people;
    const members = people.slice(1);
    /** Those who check in and wait to be let in: every member but a co-facilitator. */
    const participants = CO ? members.slice(0, 2) : members;
    const { group } = await call(fran!.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 20 });
    for (const person of members) await call(person.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const cora = CO ? people[3]! : null;
    if (cora) await call(fran!.cookie, 'PATCH', `/api/groups/${group.id}/members/${cora.user.id}`, { role: 'co_facilitator' });
    const { session } = await call(fran!.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    await call(fran!.cookie, 'POST', `/api/sessions/${session.id}/start`);
    for (const person of participants) await call(person.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    const roomUrl = `${server.url}/sessions/${session.id}/room`;
    const command = (body: Record<string, unknown>) => call(fran!.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, body);

    // Every member reaches the waiting room (their pages open the room stream), then Fran lets them in.
    async function admitAll() {
      for (let i = 0; i < 240; i++) {
        const { state } = await call(fran!.cookie, 'GET', `/api/sessions/${session.id}/room`);
        if (state.people.filter((p: { presence: string }) => p.presence === 'waiting').length === participants.length) break;
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
      report('twoPairsConnections', await settledCounts([franPage, ...memberPages], (counts) => counts[0] === 0 && counts.slice(1).every((n) => n === 1)));
      report('twoPairsRising', await Promise.all(memberPages.map((page) => rising(page))));
      await shot(franPage, 'two-pairs-facilitator-1280x800');
      await command({ type: 'end_breakout' });
      for (const page of [franPage, ...memberPages]) await waitForDecoding(page, members.length, 180_000);
      report('twoPairsBack', true);
      report('errors', errors);
    }

    /**
     * The two pairs each write in their own worksheet and see their partner's words live; the other pair sees none of
     * it (not on screen, and the API refuses the other pair's copy); Fran's panel links every pair's worksheet, and
     * visiting pair 1 shows Fran pair 1's.
     */
    async function pairWorksheets(franPage: Page, memberPages: Page[]) {
      // Five pages with cameras on a loaded machine: give each action time (nothing here is a timing assertion).
      for (const page of [franPage, ...memberPages]) page.setDefaultTimeout(120_000);
      await admitAll();
      for (const page of memberPages) await page.getByRole('button', { name: 'I need support' }).waitFor({ timeout: 120_000 });
      await franPage.getByTestId('meeting-room').waitFor();
      // Fran starts the pairs through the People tab, choosing who practises with whom (Pat with Riley, Quinn with
      // Sasha; listed in order they would be Pat with Quinn), with a worksheet: each pair gets its own shared copy.
      await franPage.getByRole('tab', { name: 'People' }).click();
      const panel = franPage.getByTestId('parts-panel');
      await panel.getByLabel('Minutes').fill('5');
      await panel.getByLabel('I choose').check();
      for (const [name, pair] of [['Pat', 'Pair 1'], ['Quinn', 'Pair 2'], ['Riley', 'Pair 1'], ['Sasha', 'Pair 2']]) {
        await panel.getByLabel(name!, { exact: true }).selectOption({ label: pair! });
      }
      await panel.getByLabel('Worksheet for the pairs').selectOption({ label: 'Thought record' });
      await panel.getByRole('button', { name: 'Start pairs' }).scrollIntoViewIfNeeded();
      await shot(franPage, 'chosen-pairs-facilitator-1280x800');
      await panel.getByRole('button', { name: 'Start pairs' }).click();
      let pairs: Array<{ members: string[]; worksheetCopyId?: string }> = [];
      let worksheetId: string | undefined;
      for (let i = 0; i < 60 && !worksheetId; i++) {
        const { state } = await call(fran!.cookie, 'GET', `/api/sessions/${session.id}/room`);
        worksheetId = state.parts?.breakout?.worksheetId;
        pairs = state.parts?.breakout?.pairs ?? [];
        if (!worksheetId) await sleep(500);
      }
      const nameOfId = (userId: string) => people.find((p) => p.user.id === userId)?.name;
      // Who is with whom, in a stable order (the panel lists people as they arrived).
      report('chosenPairs', pairs.map((pair) => pair.members.map(nameOfId).sort()).sort());
      const pageOf = (userId: string) => memberPages[members.findIndex((m) => m.user.id === userId)]!;
      const [oneA, oneB] = pairs[0]!.members.map(pageOf) as [Page, Page];
      const [twoA, twoB] = pairs[1]!.members.map(pageOf) as [Page, Page];
      const field = (page: Page, label: string) => page.getByRole('region', { name: new RegExp(`^${label}’s worksheet`) }).getByLabel(/What was happening\?/);
      for (const [page, label] of [[oneA, 'Pair 1'], [oneB, 'Pair 1'], [twoA, 'Pair 2'], [twoB, 'Pair 2']] as const) {
        await field(page, label).waitFor({ timeout: 30_000 });
      }
      const ONE = 'Pair one: the bus was late again';
      const TWO = 'Pair two: a phone call with my sister';
      await field(oneA, 'Pair 1').fill(ONE);
      await field(twoA, 'Pair 2').fill(TWO);
      const seen = (page: Page, label: string, text: string) => valueArrives(field(page, label), text);
      report('pairSheetsLive', { pairOne: await seen(oneB, 'Pair 1', ONE), pairTwo: await seen(twoB, 'Pair 2', TWO) });
      // Anything typed anywhere on the other pair's screens?
      const shows = (page: Page, text: string) =>
        page.evaluate((t) => document.body.innerText.includes(t) || [...document.querySelectorAll('textarea, input')].some((e) => (e as HTMLInputElement).value.includes(t)), text);
      report('otherPairSees', { twoA: await shows(twoA, ONE), twoB: await shows(twoB, ONE), oneA: await shows(oneA, TWO), oneB: await shows(oneB, TWO) });
      // A member of pair 2 asking for pair 1's copy directly is refused with the reason.
      const pairOneCopy = pairs[0]!.worksheetCopyId!;
      report('otherPairRefused', await twoB.evaluate(async (url) => {
        const res = await fetch(url);
        return { status: res.status, reason: (await res.json()).error?.details?.reason };
      }, `/api/worksheets/${worksheetId}/export?format=md&copyId=${pairOneCopy}`));
      report('panelLinks', await franPage.getByRole('link', { name: /^Open pair \d’s worksheet/ }).count());
      report('axePairSheets', { member: await axeFindings(oneA), facilitator: await axeFindings(franPage) });
      await shot(oneA, 'pair-worksheet-member-1280x800');
      await oneB.setViewportSize(PHONE);
      await field(oneB, 'Pair 1').waitFor({ timeout: 10_000 });
      await sleep(600);
      await shot(oneB, 'pair-worksheet-member-390x844');
      // This run has no camera at all: the card that says so, with its ways to carry on, and the first answer of the
      // pair's worksheet share the phone's first screen.
      report('pairSheetPhoneWithProblem', {
        fit: await roomFit(oneB),
        problem: await onFirstScreen(oneB.getByTestId('media-problem')),
        firstAnswer: await onFirstScreen(field(oneB, 'Pair 1')),
        support: await onFirstScreen(oneB.getByRole('button', { name: 'I need support' }))
      });
      // The card's other ways to carry on open under "Other options" and fold again.
      const card = oneB.getByTestId('media-problem');
      await card.getByRole('button', { name: 'Other options' }).click();
      report('problemOptionsOpen', {
        expanded: await card.getByRole('button', { name: 'Fewer options' }).getAttribute('aria-expanded'),
        options: await card.getByRole('button').allInnerTexts()
      });
      await shot(oneB, 'pair-worksheet-camera-options-390x844');
      await card.getByRole('button', { name: 'Fewer options' }).click();
      report('axePairSheetPhone', await axeFindings(oneB));
      await oneB.setViewportSize(LAPTOP);
      // Fran visits pair 1: pair 1's worksheet, with its words, beside the pair's faces.
      await franPage.getByRole('button', { name: 'Visit pair 1' }).click();
      report('facilitatorSeesVisited', await seen(franPage, 'Pair 1', ONE));
      await shot(franPage, 'pair-worksheet-facilitator-visiting-1280x800');
      // Back with the group, the pair's worksheet leaves the screen (it stays with the session, read-only).
      await franPage.getByRole('button', { name: 'Call everyone back' }).click();
      await oneA.getByTestId('pair-worksheet').waitFor({ state: 'detached', timeout: 20_000 });
      report('sheetGoneAfter', await oneA.getByTestId('pair-worksheet').count());
      report('errors', errors);
    }

    /**
     * Fran takes Quinn aside with Cora, a co-facilitator, in the room: the group is not paused, Pat and Cora keep one
     * connection to each other (decoding, hearing), Cora is told the group is hers for now, and Pat's tiles say where
     * Fran and Quinn are. Quinn comes back and all four decode everyone again.
     */
    async function coFacilitatorCarriesOn(franPage: Page, patPage: Page, quinnPage: Page, coraPage: Page) {
      const all = [franPage, patPage, quinnPage, coraPage];
      await admitAll();
      for (const page of all) await waitForDecoding(page, 3, 180_000);
      report('coBefore', true);
      await franPage.getByRole('tab', { name: 'People' }).click();
      await franPage.getByLabel('Member').selectOption({ label: 'Quinn' });
      await franPage.getByRole('button', { name: 'Take to a side room' }).click();
      await coraPage.getByTestId('leading-group').waitFor({ timeout: 20_000 });
      const [franN, patN, quinnN, coraN] = await settledCounts(all, (counts) => counts.every((n) => n === 1));
      report('coConnections', { fran: franN, pat: patN, quinn: quinnN, cora: coraN });
      report('coRising', { fran: await rising(franPage), pat: await rising(patPage), quinn: await rising(quinnPage), cora: await rising(coraPage) });
      report('coHearing', { pat: await hearing(patPage), cora: await hearing(coraPage) });
      report('coPaused', { pat: await patPage.getByTestId('group-paused').count(), cora: await coraPage.getByTestId('group-paused').count() });
      report('coLeading', await coraPage.getByTestId('leading-group').innerText());
      report('coPatTiles', await patPage.locator('[data-testid="video-tile"][data-away="true"]').evaluateAll((tiles) => tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim())));
      report('coAxe', { pat: await axeFindings(patPage), cora: await axeFindings(coraPage) });
      report('coLaptop', { cora: await roomFit(coraPage), pat: await roomFit(patPage) });
      await shot(coraPage, 'side-room-co-facilitator-1280x800');
      await shot(patPage, 'side-room-group-with-co-facilitator-1280x800');
      await coraPage.setViewportSize(PHONE);
      await sleep(800);
      report('coPhone', { fit: await roomFit(coraPage), leading: await onFirstScreen(coraPage.getByTestId('leading-group')) });
      await shot(coraPage, 'side-room-co-facilitator-390x844');
      await coraPage.setViewportSize(LAPTOP);
      await quinnPage.getByRole('button', { name: 'Return to the group' }).click();
      for (const page of all) await waitForDecoding(page, 3, 180_000);
      report('coBack', { leading: await coraPage.getByTestId('leading-group').count() });
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
    if (cora) return await coFacilitatorCarriesOn(franPage, await open(pat!.cookie, 'Pat'), await open(quinn!.cookie, 'Quinn'), await open(cora.cookie, 'Cora'));
    if (PEOPLE > 3 && SHEETS) return await pairWorksheets(franPage, await Promise.all(members.map((m) => open(m.cookie, m.name))));
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
    report('sideRoomHearing', { fran: await hearing(franPage), quinn: await hearing(quinnPage) });
    // Muted, Quinn sends silence: Fran's measure of sound arriving then stays flat (so it measures sound, not packets).
    await quinnPage.getByRole('toolbar', { name: 'Video controls' }).getByRole('button', { name: 'Mute' }).click();
    await sleep(1000);
    report('sideRoomHearingQuinnMuted', await hearing(franPage));
    await quinnPage.getByRole('toolbar', { name: 'Video controls' }).getByRole('button', { name: 'Unmute' }).click();
    await franPage.getByTestId('side-room-checkin').getByText('Sam Rivers').waitFor({ timeout: 10_000 });
    report('checkinShown', await franPage.getByTestId('side-room-checkin').innerText());
    report('patTiles', await patPage.locator('[data-testid="video-tile"][data-away="true"]').evaluateAll((tiles) => tiles.map((t) => t.textContent?.replace(/\s+/g, ' ').trim())));

    // The side room's chat opened beside (on the phone: under) the video for both: Quinn and Fran write to each other.
    const sideBox = (page: Page, other: string) => page.getByRole('textbox', { name: `Message to ${other} (side room)` });
    await sideBox(quinnPage, 'Fran').fill('Thank you for taking me aside');
    await sideBox(quinnPage, 'Fran').press('Enter');
    await franPage.getByTestId('chat').getByText('Thank you for taking me aside').waitFor({ timeout: 10_000 });
    await sideBox(franPage, 'Quinn').fill('I am here with you. Take your time.');
    await franPage.getByTestId('chat').getByRole('button', { name: 'Send' }).click();
    await quinnPage.getByTestId('chat').getByText('I am here with you. Take your time.').waitFor({ timeout: 10_000 });
    const sideThread = `side:${fran!.user.id}:${quinn!.user.id}`;
    const patChat = async () => {
      await patPage.getByRole('tab', { name: 'Chat' }).click();
      await patPage.getByTestId('chat').waitFor({ timeout: 10_000 });
      return patPage.getByTestId('chat').innerText();
    };
    const patSees = await patChat();
    const patList = await call(pat!.cookie, 'GET', `/api/sessions/${session.id}/chat`);
    const patRead = await fetch(`${server.url}/api/sessions/${session.id}/chat?thread=${encodeURIComponent(sideThread)}`, { headers: { cookie: `gst_session=${pat!.cookie}` } });
    report('sideChat', {
      fran: (await franPage.getByTestId('chat').innerText()).includes('Thank you for taking me aside'),
      quinn: (await quinnPage.getByTestId('chat').innerText()).includes('I am here with you'),
      patSeesIt: /taking me aside|here with you/.test(patSees),
      patListed: (patList.messages as Array<{ thread: string }>).filter((m) => m.thread === sideThread).length,
      patReadStatus: patRead.status
    });
    await patPage.getByRole('tab', { name: 'Speaking' }).click();

    report('axeSideRoom', { fran: await axeFindings(franPage), pat: await axeFindings(patPage), quinn: await axeFindings(quinnPage) });
    // On the phone's first screen, with nothing scrolled: the two faces, the conversation and its box, the way back
    // (and the member's "I need support"); nothing overlapping, nothing sideways. The laptop keeps its layout.
    const sideScreen = async (page: Page, other: string, keep: string) => ({
      fit: await roomFit(page),
      box: await onFirstScreen(sideBox(page, other)),
      thread: await onFirstScreen(page.getByRole('log', { name: 'Side room conversation' })),
      faces: await Promise.all((await page.getByTestId('video-tile').all()).map((tile) => onFirstScreen(tile))),
      back: await onFirstScreen(page.getByRole('button', { name: 'Return to the group' })),
      keep: await onFirstScreen(page.getByRole('button', { name: keep }))
    });
    report('sideRoomLaptop', { fran: await roomFit(franPage) });
    report('sideRoomPhone', { quinn: await sideScreen(quinnPage, 'Fran', 'I need support') });
    await shot(franPage, 'side-room-facilitator-1280x800');
    await shot(quinnPage, 'side-room-member-390x844');
    await franPage.setViewportSize(PHONE);
    await quinnPage.setViewportSize(LAPTOP);
    await sleep(800);
    report('sideRoomFacilitatorPhone', await sideScreen(franPage, 'Quinn', 'End the session'));
    report('sideRoomMemberLaptop', await roomFit(quinnPage));
    await shot(franPage, 'side-room-facilitator-390x844');
    await shot(quinnPage, 'side-room-member-1280x800');
    await franPage.setViewportSize(LAPTOP);
    await quinnPage.setViewportSize(PHONE);
    await sleep(400);
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

    // Pairs: Pat and Quinn practise together for 5 minutes with a thought record; Fran stays apart, then visits (5:
    // a loaded machine reaches the visit and the call back before the timer would bring them back itself).
    await franPage.getByLabel('Minutes').fill('5');
    await franPage.getByLabel('Worksheet for the pairs').selectOption({ label: 'Thought record' });
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
    // The pair's worksheet beside their faces: Pat writes, Quinn (on a phone: the Worksheet tab) sees it live.
    const sheetField = (page: Page) => page.getByRole('region', { name: /^Pair 1’s worksheet/ }).getByLabel(/What was happening\?/);
    await sheetField(patPage).fill('We practised asking for help at work');
    report('pairSheetLive', await valueArrives(sheetField(quinnPage), 'We practised asking for help at work'));
    report('quinnWorksheetTab', await quinnPage.getByRole('tab', { name: 'Worksheet' }).getAttribute('aria-selected'));
    // On the phone the pair's first answer is on the first screen under the faces, nothing scrolled or overlapping.
    report('pairPhone', {
      fit: await roomFit(quinnPage),
      firstAnswer: await onFirstScreen(sheetField(quinnPage)),
      faces: await Promise.all((await quinnPage.getByTestId('video-tile').all()).map((tile) => onFirstScreen(tile))),
      hand: await onFirstScreen(quinnPage.getByRole('button', { name: /Ask a facilitator to come|Take back the request/ })),
      support: await onFirstScreen(quinnPage.getByRole('button', { name: 'I need support' }))
    });
    report('pairLaptop', await roomFit(patPage));
    report('axePairs', { fran: await axeFindings(franPage), pat: await axeFindings(patPage), quinn: await axeFindings(quinnPage) });
    await shot(patPage, 'pairs-member-1280x800');
    await shot(franPage, 'pairs-facilitator-1280x800');
    await shot(quinnPage, 'pairs-member-390x844');
    await franPage.getByRole('button', { name: 'Visit pair 1' }).click();
    await waitForDecoding(franPage, 2);
    report('visitRising', await rising(franPage));
    report('visitorSeesSheet', await valueArrives(sheetField(franPage), 'We practised asking for help at work'));
    await shot(franPage, 'pairs-facilitator-visiting-1280x800');
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

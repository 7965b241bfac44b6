/**
 * Runs inside a network namespace with only loopback (tests/e2e/video.test.ts starts it under `unshare -n`): our
 * server on port 0 with the live room (check-in, presence, admission and removal through its API), three admitted people in headless Chromium with the fake camera,
 * then a removal and an outsider. Prints one JSON line per measurement for the test to judge.
 */
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { sendingCap } from '../../src/lib/core/rtc/bitrate';
import { enterRoom, issuePeerId, liveSession, roomCommand } from '../video/fixtures';
import { sleep } from '../video/server';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, launchBrowser } from './harness';
import { joinAll, probeAll, startVideoServer, waitForVideo } from './video-browser';


/** Waits until every page decodes video from every other, then measures each direction over `seconds`. */
async function measure(pages: Page[], seconds: number) {
  const selfIds = await Promise.all(pages.map((page) => page.evaluate(() => (window as any).mesh.snapshot().selfPeerId as string)));
  const first = await waitForVideo(pages);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const second = await probeAll(pages);
  const elapsed = (Date.now() - t0) / 1000;
  const pairs = second.flatMap((pairsOfPage, index) =>
    pairsOfPage.map((pair) => {
      const before = first[index]!.find((p) => p.peerId === pair.peerId);
      return {
        from: pair.peerId,
        at: selfIds[index],
        framesBefore: before?.framesDecoded ?? 0,
        framesAfter: pair.framesDecoded,
        outboundKbps: Math.round(((pair.outboundVideoBytes - (before?.outboundVideoBytes ?? 0)) * 8) / elapsed / 1000),
        maxBitrate: pair.maxBitrate,
        iceState: pair.iceState,
        localCandidates: [...new Set(pair.localCandidates)]
      };
    })
  );
  return { selfIds, pairs };
}

async function main() {
  const server = await startVideoServer();
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  try {
    const live = await liveSession(server, 2);
    const people = [live.facilitator, ...live.participants];
    // The real room: check-ins, presence streams, the facilitator admits each participant.
    const inRoom = await enterRoom(server, live);
    const pages = await joinAll(browser, server, people, live.sessionId, (error) => report('pageerror', error));
    const { selfIds, pairs } = await measure(pages, 4);
    report('peers', selfIds);
    report('pairs', pairs);
    report('cap', sendingCap(3).videoBitrate);
    const quality = await Promise.all(pages.map((page) => page.evaluate(() => (window as any).mesh.snapshot().peers.map((p: any) => p.quality))));
    report('quality', quality);

    // A connection drops (the caller's side closes it, as a crashed or dropped connection would): it comes back.
    const order = [...selfIds].sort();
    const callerIndex = selfIds.indexOf(order[0]!);
    const calleeIndex = selfIds.indexOf(order[1]!);
    await pages[calleeIndex]!.evaluate((id) => ((window as any).droppedPc = (window as any).mesh.peerConnections().get(id)), order[0]!);
    const droppedAt = Date.now();
    await pages[callerIndex]!.evaluate((id) => (window as any).mesh.peerConnections().get(id).close(), order[1]!);
    // Recovered: the callee holds a new connection from the caller (not the dropped one) that decodes video.
    const newConnectionFrames = () =>
      pages[calleeIndex]!.evaluate(async (from) => {
        const pc = (window as any).mesh.peerConnections().get(from) as RTCPeerConnection | undefined;
        if (!pc || pc === (window as any).droppedPc || pc.connectionState !== 'connected') return 0;
        let frames = 0;
        (await pc.getStats()).forEach((stat: any) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames += stat.framesDecoded ?? 0;
        });
        return frames;
      }, order[0]!);
    let recovered: number | null = null;
    while (recovered === null && Date.now() - droppedAt < 20_000) {
      if ((await newConnectionFrames()) > 10) recovered = Date.now() - droppedAt;
      else await sleep(100);
    }
    report('reconnectMs', recovered);

    // A facilitator removes the last participant: their peers hang up within a second.
    const removed = people[2]!;
    const removedPeerId = selfIds[2]!;
    const removedAt = Date.now();
    await roomCommand(live.facilitator, live.sessionId, { type: 'remove', userId: removed.user.id });
    const hungUp: Record<string, number | null> = {};
    for (const [index, page] of pages.slice(0, 2).entries()) {
      await page
        .waitForFunction((id) => !(window as any).mesh.peerConnections().has(id), removedPeerId, { timeout: 5000, polling: 20 })
        .then(() => (hungUp[selfIds[index]!] = Date.now() - removedAt))
        .catch(() => (hungUp[selfIds[index]!] = null));
    }
    report('hangUpMs', hungUp);
    report('removedStatus', await pages[2]!.evaluate(() => (window as any).mesh.snapshot().status));
    const [before] = await probeAll(pages.slice(0, 1));
    await sleep(1500);
    const [after] = await probeAll(pages.slice(0, 1));
    report('remainingPair', { before, after });
    const rejoin = await removed.client.post(`/api/sessions/${live.sessionId}/media/peer`);
    report('removedRejoinStatus', rejoin.status);

    // An outsider (signed in, not in the group) and a member who was never let in cannot open signalling.
    const outsider = server.client();
    await outsider.signup('Outsider');
    report('outsiderPeerStatus', (await outsider.post(`/api/sessions/${live.sessionId}/media/peer`)).status);
    const stolenId = await issuePeerId(live.participants[0]!, live.sessionId).catch(() => 'p'.padEnd(33, '0'));
    const closeCode = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsOrigin}/peerjs/peerjs?key=peerjs&id=${stolenId}&token=x`, { headers: { cookie: outsider.cookie! } });
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => {});
    });
    report('outsiderSocketClose', closeCode);
    for (const stream of inRoom) stream.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

runScript(main);

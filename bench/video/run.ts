/**
 * bench/video: what each person of a 4-person mesh sends and how much CPU their browser uses, at the caps for four
 * (src/lib/core/rtc/bitrate.ts), next to the cap's uplink. One headless Chromium per person with the fake camera,
 * our server and signalling, the real mesh manager; everything inside a network namespace with only loopback
 * (the script re-runs itself under `unshare -n`). Prints figures; passes or fails nothing.
 *
 *   npx tsx bench/video/run.ts [--seconds 15] [--people 4]
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { sendingCap, uplinkBitrate } from '../../src/lib/core/rtc/bitrate';
import { FAKE_MEDIA_ARGS, launchBrowser } from '../../tests/e2e/harness';
import { joinAll, probeAll, startVideoServer, waitForVideo } from '../../tests/e2e/video-browser';
import { enterRoom, liveSession } from '../../tests/video/fixtures';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

if (!process.env.GST_IN_NETNS) {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const self = path.resolve('bench/video/run.ts');
  const args = process.argv.slice(2).map((a) => `'${a.replace(/'/g, '')}'`).join(' ');
  const run = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && GST_IN_NETNS=1 exec "${tsx}" "${self}" ${args}`], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

async function browserCpuSeconds(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ cpuTime: number }> };
  await cdp.detach();
  return info.processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
}

async function main() {
  const seconds = arg('seconds', 15);
  const size = arg('people', 4);
  const server = await startVideoServer();
  const browsers: Browser[] = [];
  try {
    const live = await liveSession(server, size - 1);
    const streams = await enterRoom(server, live);
    const people = [live.facilitator, ...live.participants];
    const pages: Page[] = [];
    for (const person of people) {
      const browser = await launchBrowser(FAKE_MEDIA_ARGS);
      browsers.push(browser);
      pages.push(...(await joinAll(browser, server, [person], live.sessionId, (error) => console.error(error))));
    }
    await waitForVideo(pages);
    await new Promise((resolve) => setTimeout(resolve, 5000)); // bandwidth estimation ramps up
    const cpuBefore = await Promise.all(browsers.map(browserCpuSeconds));
    const before = await probeAll(pages);
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = await probeAll(pages);
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = await Promise.all(browsers.map(browserCpuSeconds));

    const cap = sendingCap(size);
    const kbps = (bytes: number) => Math.round((bytes * 8) / elapsed / 1000);
    const sum = (pairs: typeof before[number], key: 'outboundVideoBytes' | 'outboundAudioBytes') => pairs.reduce((total, pair) => total + pair[key], 0);
    console.log(`\nVideo mesh of ${size} (Chromium ${browsers[0]!.version()}, fake camera, loopback), ${seconds} s after a 5 s ramp`);
    console.log(`Cap per connection: video ${cap.videoBitrate / 1000} kbps at ${cap.width}x${cap.height}, audio ${cap.audioBitrate / 1000} kbps; uplink at the cap ${uplinkBitrate(size) / 1000} kbps\n`);
    console.log('person            uplink video  uplink audio  uplink total  cap uplink  frames decoded/s  browser CPU (% of a core)');
    pages.forEach((_, index) => {
      const video = kbps(sum(after[index]!, 'outboundVideoBytes') - sum(before[index]!, 'outboundVideoBytes'));
      const audio = kbps(sum(after[index]!, 'outboundAudioBytes') - sum(before[index]!, 'outboundAudioBytes'));
      const fps = (sum2(after[index]!) - sum2(before[index]!)) / elapsed;
      const cpu = (100 * (cpuAfter[index]! - cpuBefore[index]!)) / elapsed;
      const who = index === 0 ? 'facilitator' : `participant ${index}`;
      console.log(
        `${who.padEnd(18)}${`${video} kbps`.padStart(12)}${`${audio} kbps`.padStart(14)}${`${video + audio} kbps`.padStart(14)}` +
          `${`${uplinkBitrate(size) / 1000} kbps`.padStart(12)}${fps.toFixed(1).padStart(18)}${cpu.toFixed(0).padStart(27)}`
      );
    });
    console.log(`\nMachine: ${cpus().length} cores; all ${size} browsers share them, so CPU per person is an upper bound.`);
    for (const stream of streams) stream.close();
  } finally {
    for (const browser of browsers) await browser.close();
    await server.close();
  }
}

function sum2(pairs: Array<{ framesDecoded: number }>): number {
  return pairs.reduce((total, pair) => total + pair.framesDecoded, 0);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

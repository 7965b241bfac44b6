/**
 * The JavaScript weight of the live room page, as a facilitator's browser loads it: every script the page fetches
 * until the room is on screen in the gallery (what every participant loads), then what opening the stage (the board)
 * adds, then the stage's other tool (the worksheet); each script gzipped here (zlib level 6, what a typical reverse proxy sends) and summed. Printed next to the
 * budget of issue 12 (150 KB gzip). `--server other/build/server.js` measures another build (e.g. the base commit).
 *
 *   npm run build && npx tsx bench/room/weight.ts [--server build/server.js]
 *
 * Chromium runs without a fake camera (the weight does not depend on media); the video simply says why it is off.
 */
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { apiCall, launchBrowser, signupViaApi, startServer } from '../../tests/e2e/harness';

const BUDGET_KB = 150;
const serverArg = process.argv.indexOf('--server');
const entry = serverArg > 0 ? path.resolve(process.argv[serverArg + 1]!) : undefined;

async function main() {
  if (entry) process.chdir(path.dirname(path.dirname(entry)));
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const fran = await signupViaApi(server, 'Fran');
    const call = (method: string, url: string, body?: unknown) => apiCall(server, fran.cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const { group } = await call('POST', '/api/groups', { name: 'Weight group', kind: 'cbt' });
    await call('POST', `/api/groups/${group.id}/boards`, { title: 'Values' });
    const { session } = await call('POST', `/api/groups/${group.id}/sessions`, { title: 'Session 1' });
    await call('POST', `/api/sessions/${session.id}/start`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ name: 'gst_session', value: fran.cookie, url: server.url }]);
    const page = await context.newPage();
    const scripts = new Map<string, Buffer>();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      try {
        scripts.set(new URL(response.url()).pathname, await response.body());
      } catch {
        /* redirected or aborted */
      }
    });
    await page.goto(`${server.url}/sessions/${session.id}/room`);
    await page.getByTestId('video-grid').waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const firstLoad = new Set(scripts.keys());
    // Builds before issue 12 have no stage: their room loads the board at once, so this adds nothing there.
    await call('POST', `/api/sessions/${session.id}/room/commands`, { type: 'set_layout', layout: 'stage' }).catch(() => undefined);
    await page.locator('.live-board canvas').first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const withBoard = new Set(scripts.keys());
    // The stage's other tool: the worksheet panel (its code loads the first time it is shown).
    const worksheetButton = page.getByRole('group', { name: 'On the stage' }).getByRole('button', { name: 'Worksheet' });
    if (await worksheetButton.count()) {
      await worksheetButton.click();
      await page.getByTestId('stage').and(page.locator('[data-tool="worksheet"]')).waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
    }

    const rows = [...scripts].map(([name, body]) => ({ name, raw: body.length, gzip: gzipSync(body, { level: 6 }).length }));
    rows.sort((a, b) => b.gzip - a.gzip);
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    console.log('script'.padEnd(60), 'raw KB'.padStart(8), 'gzip KB'.padStart(8));
    const when = (name: string) => (firstLoad.has(name) ? '' : withBoard.has(name) ? ' stage' : ' worksheet');
    for (const row of rows) console.log(row.name.slice(-60).padEnd(60), kb(row.raw).padStart(8), kb(row.gzip).padStart(8), when(row.name));
    const sum = (list: typeof rows) => list.reduce((acc, row) => ({ raw: acc.raw + row.raw, gzip: acc.gzip + row.gzip }), { raw: 0, gzip: 0 });
    const first = sum(rows.filter((row) => firstLoad.has(row.name)));
    const board = sum(rows.filter((row) => withBoard.has(row.name)));
    const total = sum(rows);
    const verdict = (bytes: number) => `${bytes / 1024 <= BUDGET_KB ? 'within' : 'OVER'} the ${BUDGET_KB} KB budget (${((100 * bytes) / 1024 / BUDGET_KB).toFixed(0)}%)`;
    console.log('-'.repeat(78));
    console.log(`${firstLoad.size} scripts on first load (gallery)`.padEnd(60), kb(first.raw).padStart(8), kb(first.gzip).padStart(8));
    console.log(`${withBoard.size} scripts with the stage (board) open`.padEnd(60), kb(board.raw).padStart(8), kb(board.gzip).padStart(8));
    console.log(`${rows.length} scripts with board and worksheet shown`.padEnd(60), kb(total.raw).padStart(8), kb(total.gzip).padStart(8));
    console.log(`room page JavaScript, first load: ${kb(first.gzip)} KB gzip, ${verdict(first.gzip)}`);
    console.log(`room page JavaScript, stage open (board): ${kb(board.gzip)} KB gzip, ${verdict(board.gzip)}`);
    console.log(`room page JavaScript, board and worksheet: ${kb(total.gzip)} KB gzip, ${verdict(total.gzip)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);

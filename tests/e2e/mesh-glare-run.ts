/**
 * Glare in the video mesh, made to happen (tests/e2e/mesh-glare.test.ts runs this under `unshare -n`): two people in
 * the room; once both decode each other, both ends call again at the same moment, the caller's call being a retry (as
 * after a failed connection, when its link says "reconnecting"), and each side sees the other's call only 400 ms late,
 * as on a loaded machine, so that the two calls cross. Reports frames before, every 5 s after, and the mesh trace.
 * The page's mesh is reached through its test trace (src/lib/rtc/mesh-trace.ts).
 */
import type { Page } from 'playwright-core';
import { report, runScript } from './netns';
import { FAKE_MEDIA_ARGS, apiCall, launchBrowser, signupViaApi, startServer } from './harness';
import { CAPTURE_PEER_CONNECTIONS, CHECKIN, LAPTOP, explainMesh, meshNow, sleep } from './room-fixtures';

async function main() {
  const server = await startServer({ ROOM_LEAVE_GRACE_MS: '3000' });
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  try {
    const people = await Promise.all(['Fran', 'Pat'].map(async (name) => ({ name, ...(await signupViaApi(server, name)) })));
    const [fran, pat] = people as [(typeof people)[0], (typeof people)[0]];
    const call = (cookie: string, method: string, url: string, body?: unknown) => apiCall(server, cookie, method, url, body ?? (method === 'POST' ? {} : undefined));
    const { group } = await call(fran.cookie, 'POST', '/api/groups', { name: 'Tuesday CBT group', kind: 'cbt' });
    const { invite } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/invites`, { maxUses: 5 });
    await call(pat.cookie, 'POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    const { session } = await call(fran.cookie, 'POST', `/api/groups/${group.id}/sessions`, { title: 'Session 4' });
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/start`);
    await call(pat.cookie, 'POST', `/api/sessions/${session.id}/room/checkin`, CHECKIN);
    const pages: Page[] = [];
    for (const person of people) {
      const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', bypassCSP: true });
      await context.addCookies([{ name: 'gst_session', value: person.cookie, url: server.url }]);
      await context.addInitScript(CAPTURE_PEER_CONNECTIONS);
      const page = await context.newPage();
      await page.goto(`${server.url}/sessions/${session.id}/room`);
      pages.push(page);
    }
    await pages[0]!.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
    await pages[1]!.getByTestId('waiting-room').waitFor({ timeout: 30_000 });
    await call(fran.cookie, 'POST', `/api/sessions/${session.id}/room/commands`, { type: 'admit_all' });
    /** Frames decoded on each page's one link now (0: none, or not connected). */
    const decoding = async () => Promise.all(pages.map(async (page) => (await meshNow(page))?.links[0]?.frames ?? 0));
    for (let i = 0; i < 120 && !(await decoding()).every((n) => n > 0); i++) await sleep(500);
    report('before', await decoding());

    const at = Date.now() + 1500;
    await Promise.all(
      pages.map((page) =>
        page.evaluate((at) => {
          const mesh = (window as any).__meshTrace.mesh;
          const link = [...mesh.links.values()][0];
          const caller = mesh.selfPeerId < link.peerId;
          const incoming = mesh.incoming.bind(mesh);
          mesh.incoming = (connection: unknown) => setTimeout(() => incoming(connection), 400);
          setTimeout(() => {
            if (caller) link.attempts = 1;
            mesh.closeConnection(link);
            mesh.call(link, 'both at once');
          }, at - Date.now());
          setTimeout(() => (mesh.incoming = incoming), at - Date.now() + 3000);
        }, at)
      )
    );
    await sleep(1500);
    const after: number[][] = [];
    for (let i = 0; i < 9; i++) {
      await sleep(5000);
      after.push(await decoding());
    }
    report('after', after);
    report('trace', await explainMesh(people.map((person, index) => ({ name: person.name, userId: person.user.id, page: pages[index]! }))));
  } finally {
    await browser.close();
    await server.stop();
  }
}

runScript(main);

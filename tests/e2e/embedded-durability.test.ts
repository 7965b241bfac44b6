/**
 * The default deployment (`npm start`, no DATABASE_URL: the embedded PostgreSQL in DATA_DIR) keeps every update a
 * client received: through a PostgreSQL restart mid-session, and through kill -9 of the app under load followed by
 * a restart on the same DATA_DIR. Checked end to end: a fresh client after the restart syncs the board.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, synced, waitFor, type TestProvider } from '../relay/server';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
const providers: TestProvider[] = [];
let cookie = '';
let docName = '';

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(server.url + route, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const setCookie = res.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0];
  return { status: res.status, body: await res.json().catch(() => null) };
}

const postmasterPid = () => Number.parseInt(readFileSync(path.join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
const wsOf = (s: RunningServer) => ({ wsOrigin: s.url.replace('http:', 'ws:') });
const open = (doc?: Y.Doc) => {
  const provider = openProvider(wsOf(server), docName, cookie, doc);
  providers.push(provider);
  return provider;
};

beforeAll(async () => {
  server = await startServer({ RELAY_MESSAGES_PER_SECOND: '10000', RELAY_MESSAGE_BURST: '10000' });
  // Sign-up answers 202 and signs nobody in (no account enumeration): sign in next, as the page does.
  expect((await api('POST', '/api/auth/signup', { email: 'fran.durable@example.org', password: 'correct horse battery', displayName: 'Fran' })).status).toBe(202);
  expect((await api('POST', '/api/auth/login', { email: 'fran.durable@example.org', password: 'correct horse battery' })).status).toBe(200);
  const group = (await api('POST', '/api/groups', { name: 'Durable group', kind: 'cbt' })).body.group;
  docName = (await api('POST', `/api/groups/${group.id}/boards`, { title: 'Board' })).body.board.docName;
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  if (server?.process.exitCode === null) await server.stop();
});

it('a PostgreSQL restart mid-session: the app starts it again and every update reaches the reader and the database', async () => {
  const writer = open();
  const reader = open();
  await synced(writer);
  await synced(reader);
  const before = postmasterPid();
  for (let i = 0; i < 150; i++) {
    writer.doc.getMap('shapes').set(`restart${i}`, i);
    // A fast shutdown, as `pg_ctl stop` or an administrator would do it.
    if (i === 50) process.kill(before, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await waitFor(() => reader.doc.getMap('shapes').size === 150, 'the reader to get every update', 30_000);
  expect(postmasterPid()).not.toBe(before);
  expect(server.output.some((line) => line.includes('embedded PostgreSQL running again'))).toBe(true);
  writer.provider.disconnect();
  reader.provider.disconnect();
}, 60_000);

it('kill -9 of the app under load, then a restart on the same DATA_DIR: every update any client received is kept', async () => {
  const writer = open();
  const reader = open();
  await synced(writer);
  await synced(reader);
  const received = new Set<string>();
  reader.doc.getMap('shapes').observe((event) => event.keysChanged.forEach((key) => received.add(key)));
  for (let i = 0; i < 300; i++) {
    writer.doc.getMap('shapes').set(`burst${i}`, i);
    if (i === 150) server.process.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(received.size).toBeGreaterThan(0);
  writer.provider.disconnect();
  reader.provider.disconnect();
  const dataDir = server.dataDir;
  await server.stop('SIGKILL', { keepDataDir: true });

  // The new process finds the old one's PostgreSQL still running, stops it cleanly and starts its own.
  server = await startServer({}, dataDir);
  expect(server.output.some((line) => line.includes('stopping a PostgreSQL left running'))).toBe(true);
  const fresh = open(new Y.Doc());
  await synced(fresh, 'sync after the restart');
  const shapes = fresh.doc.getMap('shapes');
  for (let i = 0; i < 150; i++) expect(shapes.get(`restart${i}`)).toBe(i);
  for (const key of received) expect(shapes.has(key), key).toBe(true);
}, 90_000);

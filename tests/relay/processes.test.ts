/**
 * Several processes as one relay: two real processes on two ports, one PostgreSQL, one Redis. Clients on each
 * converge, presence and rights events cross processes, /api/me/events hears what happens on the other process, and a process killed with SIGKILL loses nothing that
 * any client received: its clients reconnect to the other process.
 */
import { openPostgres } from '../../server/db/postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EventStream } from '../room/helpers';
import { HttpClient, processDatabase, signUpAndIn, startProcess, stopProcesses, type Proc } from './fixtures/processes';
import { openProvider, synced, waitFor, type TestProvider } from './server';

const database = processDatabase('gst_relay');
const { name, admin, url: dbUrl } = database;
let a: Proc;
let b: Proc;
const providers: TestProvider[] = [];

beforeAll(async () => {
  await database.create();
  a = await startProcess(dbUrl); // runs the migrations
  b = await startProcess(dbUrl);
}, 60_000);

afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await stopProcesses(a, b);
  await database.drop();
});

it('/api/me/events hears changes made on the other process: a board, a session, a removal, the end of the sign-in', async () => {
  const facilitator = new HttpClient(a.origin);
  const participant = new HttpClient(b.origin);
  const tag = Math.random().toString(36).slice(2, 8);
  await signUpAndIn(facilitator, `fran.live.${tag}@example.org`, 'Fran');
  await signUpAndIn(participant, `pat.live.${tag}@example.org`, 'Pat');
  const group = (await facilitator.send('POST', '/api/groups', { name: 'Live across processes', kind: 'cbt' })).body.group;
  const invite = (await facilitator.send('POST', `/api/groups/${group.id}/invites`, {})).body.invite;
  expect((await participant.send('POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  const patId = (await participant.send('GET', '/api/me')).body.user.id;

  // Pat's page is connected to process B; everything below happens on process A.
  const stream = new EventStream(await fetch(`${b.origin}/api/me/events`, { headers: { cookie: participant.cookie! } }));
  await stream.next('ready');
  await facilitator.send('POST', `/api/groups/${group.id}/boards`, { title: 'Values' });
  expect(await stream.next('group', (change) => change.what === 'boards', 5_000)).toEqual({ groupId: group.id, what: 'boards' });
  const session = (await facilitator.send('POST', `/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session;
  expect((await facilitator.send('POST', `/api/sessions/${session.id}/start`, {})).status).toBe(200);
  expect(await stream.next('group', (change) => change.what === 'sessions', 5_000)).toEqual({ groupId: group.id, what: 'sessions' });
  expect((await facilitator.send('DELETE', `/api/groups/${group.id}/members/${patId}`)).status).toBeLessThan(300);
  expect(await stream.next('group', (change) => change.what === 'membership', 5_000)).toEqual({ groupId: group.id, what: 'membership' });
  // No longer a member: a later change in the group is not told to Pat.
  await facilitator.send('POST', `/api/groups/${group.id}/boards`, { title: 'After' });
  const seen = stream.events.length;

  // Pat signs out through process A: the stream on B ends.
  const elsewhere = new HttpClient(a.origin);
  elsewhere.cookie = participant.cookie;
  expect((await elsewhere.send('POST', '/api/auth/logout', {})).status).toBeLessThan(300);
  await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('stream did not end with the sign-in')), 5_000))]);
  expect(stream.events.slice(seen).filter((event) => event.event === 'group')).toEqual([]);
  expect(stream.events.filter((event) => event.event === 'group' && event.data.what === 'boards')).toHaveLength(1);
}, 60_000);

it('clients on two processes converge, see each other, and a lock on one process reaches the other', async () => {
  const facilitator = new HttpClient(a.origin);
  const participant = new HttpClient(b.origin);
  const tag = Math.random().toString(36).slice(2, 8);
  await signUpAndIn(facilitator, `fran.${tag}@example.org`, 'Fran');
  await signUpAndIn(participant, `pat.${tag}@example.org`, 'Pat');
  const group = (await facilitator.send('POST', '/api/groups', { name: 'Two-process group', kind: 'dbt' })).body.group;
  const invite = (await facilitator.send('POST', `/api/groups/${group.id}/invites`, {})).body.invite;
  expect((await participant.send('POST', `/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion })).status).toBe(200);
  const board = (await facilitator.send('POST', `/api/groups/${group.id}/boards`, { title: 'Shared' })).body.board;

  const onA = openProvider(a, board.docName, facilitator.cookie);
  const onB = openProvider(b, board.docName, participant.cookie);
  providers.push(onA, onB);
  await synced(onA);
  await synced(onB);

  for (let i = 0; i < 20; i++) {
    onA.doc.getMap('shapes').set(`a${i}`, i);
    onB.doc.getMap('shapes').set(`b${i}`, i);
  }
  await waitFor(() => onA.doc.getMap('shapes').size === 40 && onB.doc.getMap('shapes').size === 40, 'convergence across processes');

  onA.provider.awareness.setLocalStateField('user', { name: 'Fran' });
  await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name === 'Fran', 'presence across processes');

  const started = performance.now();
  expect((await facilitator.send('PATCH', `/api/boards/${board.id}`, { locked: true })).status).toBe(200);
  await waitFor(() => onB.permissionDenied.length > 0, 'lock across processes', 1_000);
  expect(performance.now() - started).toBeLessThan(1_000);
  await facilitator.send('PATCH', `/api/boards/${board.id}`, { locked: false });

  // kill -9 process A in the middle of a burst from its client; the client moves to B (as behind a load balancer).
  await synced(onB, 'resync after unlock');
  const received = new Set<string>();
  onB.doc.getMap('shapes').observe((event) => event.keysChanged.forEach((key) => received.add(key)));
  for (let i = 0; i < 200; i++) {
    onA.doc.getMap('shapes').set(`burst${i}`, i);
    if (i === 100) a.child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(received.size).toBeGreaterThan(0);

  // Everything B's client received before the kill is in PostgreSQL.
  const db = openPostgres(dbUrl, { max: 1 });
  try {
    const stored = new Y.Doc();
    const rows = await db`select update from document_updates where document_id = ${board.id} order by id`;
    const [snapshot] = await db`select state from document_snapshots where document_id = ${board.id}`;
    if (snapshot) Y.applyUpdate(stored, new Uint8Array(snapshot.state));
    for (const row of rows) Y.applyUpdate(stored, new Uint8Array(row.update));
    for (const key of received) expect(stored.getMap('shapes').has(key), key).toBe(true);
  } finally {
    await db.end();
  }

  const moved = openProvider(b, board.docName, facilitator.cookie, onA.doc);
  providers.push(moved);
  onA.provider.disconnect();
  await synced(moved, 'reconnect to the surviving process');
  await waitFor(() => onB.doc.getMap('shapes').size === 240, 'nothing lost after kill -9', 10_000);
}, 60_000);

it('PostgreSQL connections terminated mid-session: the relay retries, keeps serving and stores the backlog', async () => {
  const facilitator = new HttpClient(b.origin);
  const tag = Math.random().toString(36).slice(2, 8);
  await signUpAndIn(facilitator, `fran2.${tag}@example.org`, 'Fran');
  const group = (await facilitator.send('POST', '/api/groups', { name: 'Connection loss', kind: 'cbt' })).body.group;
  const board = (await facilitator.send('POST', `/api/groups/${group.id}/boards`, { title: 'Board' })).body.board;
  const writer = openProvider(b, board.docName, facilitator.cookie);
  const reader = openProvider(b, board.docName, facilitator.cookie);
  providers.push(writer, reader);
  await synced(writer);
  await synced(reader);

  let terminated = 0;
  for (let i = 0; i < 150; i++) {
    writer.doc.getMap('shapes').set(`k${i}`, i);
    if (i % 50 === 25) {
      const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
      terminated += rows.length;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(terminated).toBeGreaterThan(0);
  await waitFor(() => reader.doc.getMap('shapes').size === 150, 'reader to get every update', 20_000).catch((error) => {
    throw new Error(`${error.message}; got ${reader.doc.getMap('shapes').size}, writer closes ${JSON.stringify(writer.closes)}, exit ${b.child.exitCode}\n${b.stderr.slice(-40).join('\n')}`);
  });

  const db = openPostgres(dbUrl, { max: 1 });
  try {
    const stored = new Y.Doc();
    const [snapshot] = await db`select state from document_snapshots where document_id = ${board.id}`;
    if (snapshot) Y.applyUpdate(stored, new Uint8Array(snapshot.state));
    for (const row of await db`select update from document_updates where document_id = ${board.id} order by id`) {
      Y.applyUpdate(stored, new Uint8Array(row.update));
    }
    expect(stored.getMap('shapes').size).toBe(150);
  } finally {
    await db.end();
  }
}, 60_000);

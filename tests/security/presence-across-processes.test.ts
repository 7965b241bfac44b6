/**
 * Room presence across processes (REDIS_URL): a participant whose room stream drops and comes back on ANOTHER process
 * within the leave grace is not marked gone by the first process's timer. Two real processes on one PostgreSQL and one
 * Redis, with a short ROOM_LEAVE_GRACE_MS; presence read as the facilitator reads it (GET /api/sessions/:id/room).
 *
 * - Back on B after the drop on A was seen (reconnecting): still in the room after the grace.
 * - Back on B before A noticed the drop (a dead connection A notices late, the usual case on a network change): A must
 *   not mark them reconnecting, nor gone after the grace, while their stream on B is open.
 * - Not back at all: gone after the grace (the timer still works).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKIN, type EventStream } from '../room/helpers';
import { roomStreamOn } from '../relay/fixtures/process-room';
import { HttpClient, processDatabase, signUpAndIn, startProcess, stopProcesses, type Proc } from '../relay/fixtures/processes';

const GRACE_MS = 600;
const database = processDatabase('gst_presence_procs');
let a: Proc;
let b: Proc;
let fran: HttpClient;
let sessionId: string;
const streams: EventStream[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function presenceOf(userId: string): Promise<string> {
  const res = await fran.send('GET', `/api/sessions/${sessionId}/room`);
  if (res.status !== 200) throw new Error(`room state: ${res.status}`);
  return res.body.state.people.find((p: any) => p.userId === userId)?.presence;
}

async function until(userId: string, presence: string, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await presenceOf(userId)) !== presence) {
    if (Date.now() > deadline) throw new Error(`not ${presence} within ${ms} ms (is ${await presenceOf(userId)})`);
    await sleep(20);
  }
}

/** A new participant in the room, admitted, with a stream open on process A. */
async function participantOnA(name: string, inviteToken: string, agreementVersion: number) {
  const onA = new HttpClient(a.origin);
  await signUpAndIn(onA, `${name.toLowerCase()}.presence.${Math.random().toString(36).slice(2, 8)}@example.org`, name);
  expect((await onA.send('POST', `/api/invites/${inviteToken}/accept`, { agreementVersion })).status).toBe(200);
  const id = (await onA.send('GET', '/api/me')).body.user.id as string;
  expect((await onA.send('POST', `/api/sessions/${sessionId}/room/checkin`, CHECKIN)).status).toBe(201);
  const stream = await roomStreamOn(onA, sessionId, streams);
  expect((await fran.send('POST', `/api/sessions/${sessionId}/room/commands`, { type: 'admit', userId: id })).status).toBe(200);
  await until(id, 'admitted');
  return { onA, onB: onA.on(b.origin), id, stream };
}

let invite: { token: string };
let agreementVersion: number;

beforeAll(async () => {
  await database.create();
  const env = { ROOM_LEAVE_GRACE_MS: String(GRACE_MS) };
  a = await startProcess(database.url, env); // runs the migrations
  b = await startProcess(database.url, env);
  fran = new HttpClient(a.origin);
  await signUpAndIn(fran, `fran.presence.${Math.random().toString(36).slice(2, 8)}@example.org`, 'Fran');
  const group = (await fran.send('POST', '/api/groups', { name: 'Presence across processes', kind: 'cbt' })).body.group;
  agreementVersion = group.agreementVersion;
  invite = (await fran.send('POST', `/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
  sessionId = (await fran.send('POST', `/api/groups/${group.id}/sessions`, { title: 'Session 1' })).body.session.id;
  expect((await fran.send('POST', `/api/sessions/${sessionId}/start`, {})).status).toBe(200);
  await roomStreamOn(fran, sessionId, streams);
}, 90_000);

afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await stopProcesses(a, b);
  await database.drop();
});

describe('room presence across processes', () => {
  it('a stream that drops on A and reopens on B within the grace: still in the room after the grace', async () => {
    const pat = await participantOnA('Pat', invite.token, agreementVersion);
    await pat.stream.close();
    await until(pat.id, 'reconnecting');
    const back = await roomStreamOn(pat.onB, sessionId, streams);
    await until(pat.id, 'admitted');
    await sleep(GRACE_MS * 2);
    expect(await presenceOf(pat.id)).toBe('admitted');
    await back.close();
  });

  it('reopened on B before A saw the old stream close: A neither marks them reconnecting nor gone', async () => {
    const ana = await participantOnA('Ana', invite.token, agreementVersion);
    const onB = await roomStreamOn(ana.onB, sessionId, streams);
    await ana.stream.close();
    const seen: string[] = [];
    const watchUntil = Date.now() + GRACE_MS * 2;
    while (Date.now() < watchUntil) {
      seen.push(await presenceOf(ana.id));
      await sleep(50);
    }
    expect(new Set(seen)).toEqual(new Set(['admitted']));
    // Their stream on B closing is then their last: B's own timer takes them out after the grace.
    await onB.close();
    await until(ana.id, 'reconnecting');
    await until(ana.id, 'gone');
  });

  it('a stream that drops on A and never comes back: gone after the grace', async () => {
    const ben = await participantOnA('Ben', invite.token, agreementVersion);
    await ben.stream.close();
    await until(ben.id, 'reconnecting');
    await until(ben.id, 'gone');
  });
});


/**
 * The pairs return when their time ends across a restart: a process composed over a database whose live rooms have
 * breakouts running arms their timers itself (server/compose.ts), without anyone opening a room stream. The first
 * process starts two one-minute breakouts (the product's minimum) with its clock 30 s apart; the second starts with
 * its clock about 89 s on, as if the server had been down meanwhile: one breakout is over already and ends at once,
 * the other has 1.5 s left and ends then, not before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { composeServer, type ComposedServer } from '../../server/compose';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import type { Store } from '../../server/storage/store';
import { openTestDb, TestClient } from '../helpers/test-app';
import { CHECKIN, liveRoom, streamOf, type EventStream } from './helpers';

const env = { LOGIN_RATE_PER_IP: '1000', LOGIN_RATE_PER_ACCOUNT: '1000', SIGNUP_RATE_PER_IP: '1000', NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false', ROOM_LEAVE_GRACE_MS: '600000' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const closing: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
});

/** A process over `store` whose clock is the real one plus `offset.ms` (which the test may move). */
async function compose(store: Store, offset: { ms: number }): Promise<ComposedServer> {
  const composed = await composeServer({
    config: loadConfig(env),
    store,
    logger: createLogger('error', {}, () => {}),
    now: () => new Date(Date.now() + offset.ms)
  });
  closing.push(() => composed.close());
  return composed;
}

/** A live session whose two members are in the room, with a one-minute breakout started at the process's clock. */
async function pairsWorking(first: ComposedServer, streams: EventStream[]) {
  const request = (path: string, init: RequestInit) => Promise.resolve(first.app.request(path, init));
  const { facilitator, pat, quinn, session, room, group } = await liveRoom({ client: () => new TestClient(first.app) });
  streams.push(await streamOf(request, facilitator, session.id));
  for (const member of [pat, quinn]) {
    expect((await member.client.post(`${room}/checkin`, CHECKIN)).status).toBe(201);
    const stream = await streamOf(request, member.client, session.id);
    streams.push(stream);
    await stream.next('status', (s) => s.presence === 'waiting');
  }
  expect((await facilitator.post(`${room}/commands`, { type: 'admit_all' })).status).toBe(200);
  const started = await facilitator.post(`${room}/commands`, { type: 'start_breakout', minutes: 1 });
  expect(started.status).toBe(200);
  const { state } = (await facilitator.get(room)).body;
  return { sessionId: session.id as string, groupId: group.id as string, endsAt: state.parts.breakout.endsAt as number };
}

describe('breakout timers after a restart', () => {
  it('end every running breakout at its end time, without a room stream: at once when already over', async () => {
    const db = await openTestDb();
    closing.push(() => db.drop());
    const store = createDrizzleStore(db);
    const clockA = { ms: 0 };
    const first = await compose(store, clockA);
    const streams: EventStream[] = [];
    const late = await pairsWorking(first, streams);
    clockA.ms = 30_000;
    const soon = await pairsWorking(first, streams);
    expect(soon.endsAt - late.endsAt).toBeGreaterThanOrEqual(30_000);

    // The first process goes away (its timers with it); nobody opens a stream to the second.
    for (const stream of streams) await stream.close();
    await first.close();
    // The second clock is set so that `soon` has 1.5 s left as the second process starts, however long the first
    // took to close on a loaded machine (`late` ended 28.5 s before by that clock).
    const startedAt = Date.now();
    const clockB = { ms: soon.endsAt - 1_500 - startedAt };
    const second = await compose(store, clockB);
    const breakoutOf = async (sessionId: string) => (await store.rooms.get(sessionId))!.state.parts?.breakout ?? null;

    // `late` ended 28.5 s ago by the new clock: it ends at once; `soon` still has 1.5 s.
    let lateEndedAt = 0;
    while (Date.now() - startedAt < 10_000) {
      if (!lateEndedAt && !(await breakoutOf(late.sessionId))) lateEndedAt = Date.now();
      if (lateEndedAt && !(await breakoutOf(soon.sessionId))) break;
      await sleep(20);
    }
    const soonEndedAt = Date.now();
    expect(lateEndedAt, 'the breakout that was over ended').toBeGreaterThan(0);
    expect(await breakoutOf(soon.sessionId), 'the breakout with time left ended at its end').toBeNull();
    expect(lateEndedAt).toBeLessThan(soonEndedAt);
    // `soon` ended at its end time by the second process's clock, not before.
    const remaining = soon.endsAt - (startedAt + clockB.ms);
    expect(soonEndedAt - startedAt).toBeGreaterThanOrEqual(remaining - 50);

    // The audit entry is written just after the room's state (server/room/service.ts carryOut): wait for it.
    const endings = async (groupId: string) => (await store.audit.listForGroup(groupId)).filter((entry) => entry.action === 'room.breakout_ended');
    for (const { groupId } of [late, soon]) {
      for (const until = Date.now() + 5000; (await endings(groupId)).length === 0 && Date.now() < until; ) await sleep(50);
      expect((await endings(groupId)).map((entry) => entry.details)).toEqual([expect.objectContaining({ reason: 'time_up', pairs: 1 })]);
    }
    void second;
  }, 60_000);
});

/**
 * The leave grace asks whether the person has a stream open on another process (server/room/shared-streams.ts) before
 * marking them reconnecting, and again before marking them gone. A stand-in register says "elsewhere" when the test
 * wants; the room is the real stored one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomService } from '../../server/room/service';
import { NoOtherProcesses } from '../../server/room/shared-streams';
import type { SessionRecord } from '../../server/storage/store';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { liveRoom } from './helpers';

const GRACE_MS = 400;

/** Answers "open elsewhere?" with `elsewhere`, or with the next of `answers` while there are some. */
class StandInStreams extends NoOtherProcesses {
  elsewhere = false;
  answers: boolean[] = [];
  override async openElsewhere(): Promise<boolean> {
    return this.answers.shift() ?? this.elsewhere;
  }
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function setUp() {
  const { facilitatorUser, session } = await liveRoom(t);
  const shared = new StandInStreams();
  const service = new RoomService(t.deps, { leaveGraceMs: GRACE_MS }, shared);
  const record = (await t.store.sessions.get(session.id)) as SessionRecord;
  const presence = async () => (await service.state(session.id))?.people.find((p) => p.userId === facilitatorUser.id)?.presence;
  const until = async (wanted: string) => {
    const deadline = Date.now() + 3_000;
    while ((await presence()) !== wanted) {
      if (Date.now() > deadline) throw new Error(`not ${wanted} (is ${await presence()})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  // As the room stream route does: the room is opened on 'session.started' in the background, maybe not yet.
  await service.ensureRoom(record);
  const streamId = await service.connect(record, facilitatorUser, 'facilitator');
  await until('admitted');
  return { service, shared, record, userId: facilitatorUser.id, streamId, presence, until };
}

const pastTheGrace = () => new Promise((resolve) => setTimeout(resolve, GRACE_MS * 3));

describe('leave grace with streams on other processes', () => {
  it('a stream open elsewhere when the last one here closes: never reconnecting, never gone', async () => {
    const { service, shared, record, userId, streamId, presence } = await setUp();
    shared.elsewhere = true;
    service.disconnected(record, userId, streamId);
    const seen = new Set<string | undefined>();
    const end = Date.now() + GRACE_MS * 3;
    while (Date.now() < end) {
      seen.add(await presence());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toEqual(new Set(['admitted']));
    service.close();
  });

  it('one opened elsewhere after this process stored "reconnecting": back in when the grace ends, not gone', async () => {
    const { service, shared, record, userId, streamId, until } = await setUp();
    // Nobody elsewhere when the stream closes here; by the end of the grace, a stream on another process.
    shared.answers = [false];
    shared.elsewhere = true;
    service.disconnected(record, userId, streamId);
    await until('reconnecting');
    await pastTheGrace();
    await until('admitted');
    service.close();
  });

  it('none elsewhere: reconnecting, then gone after the grace', async () => {
    const { service, record, userId, streamId, until } = await setUp();
    service.disconnected(record, userId, streamId);
    await until('reconnecting');
    await until('gone');
    service.close();
  });
});

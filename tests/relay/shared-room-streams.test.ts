/** The register of room streams in Redis: what one process opened the other sees, until closed or expired. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';
import { RedisRoomStreams, STREAM_TTL_MS } from '../../server/room/shared-streams';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');
const opened: RedisRoomStreams[] = [];

afterAll(async () => {
  await Promise.all(opened.map((streams) => streams.close()));
});

function processWithClock(now: () => number = Date.now): RedisRoomStreams {
  const streams = new RedisRoomStreams(new Redis(REDIS), logger, now);
  opened.push(streams);
  return streams;
}

describe('room streams across processes', () => {
  it('a stream opened on A is open elsewhere for B, not for A; closed, for nobody', async () => {
    const [a, b] = [processWithClock(), processWithClock()];
    const [session, user] = [randomUUID(), randomUUID()];
    const id = await a.opened(session, user);
    expect(await b.openElsewhere(session, user)).toBe(true);
    expect(await a.openElsewhere(session, user)).toBe(false);
    expect(await b.openElsewhere(session, randomUUID())).toBe(false);
    await a.closed(session, user, id);
    expect(await b.openElsewhere(session, user)).toBe(false);
  });

  it('the streams of a process that stopped renewing them count no more once expired', async () => {
    let now = Date.now();
    const a = processWithClock(() => now);
    const b = processWithClock(() => now);
    const [session, user] = [randomUUID(), randomUUID()];
    await a.opened(session, user);
    now += STREAM_TTL_MS + 1;
    expect(await b.openElsewhere(session, user)).toBe(false);
  });

  it('closing a process unregisters its open streams', async () => {
    const [a, b] = [processWithClock(), processWithClock()];
    const [session, user] = [randomUUID(), randomUUID()];
    await a.opened(session, user);
    await a.close();
    expect(await b.openElsewhere(session, user)).toBe(false);
  });
});

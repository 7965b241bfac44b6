/**
 * Who has a live room stream open on which process (REDIS_URL). A person's leave grace runs on the process whose
 * stream closed; before it marks them reconnecting, and again before it marks them gone, it asks here whether they
 * have a stream open on another process (they came back through the load balancer to another one, maybe before this
 * process even noticed the old connection was dead). If so that process holds their presence, and this one lets go.
 *
 * In Redis: one sorted set per person and session, a member per open stream (`<process>:<n>`) scored by when it
 * expires. Each process renews its own streams' entries every few seconds, so a process that dies without closing
 * them stops counting within STREAM_TTL_MS. Without REDIS_URL (one process) nobody is elsewhere.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import { closeRedis, connectRedisCommands } from '../redis-commands';

export interface SharedRoomStreams {
  /** Registers a stream opening on this process; resolves with its id once other processes can see it. */
  opened(sessionId: string, userId: string): Promise<string>;
  closed(sessionId: string, userId: string, streamId: string): Promise<void>;
  /** Whether `userId` has a room stream open on another process. */
  openElsewhere(sessionId: string, userId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One process: every stream is here, counted by RoomStreams. */
export class NoOtherProcesses implements SharedRoomStreams {
  private next = 0;
  async opened(): Promise<string> {
    return `local:${++this.next}`;
  }
  async closed(): Promise<void> {}
  async openElsewhere(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {}
}

export const STREAM_TTL_MS = 30_000;
const RENEW_MS = 10_000;
const keyOf = (sessionId: string, userId: string) => `gst:room-streams:${sessionId}:${userId}`;

export class RedisRoomStreams implements SharedRoomStreams {
  private readonly processId = randomUUID();
  private next = 0;
  /** This process's open streams: id → their person's key. */
  private readonly mine = new Map<string, string>();
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now
  ) {
    this.renewal = setInterval(() => void this.renew(), RENEW_MS);
    this.renewal.unref?.();
  }

  async opened(sessionId: string, userId: string): Promise<string> {
    const id = `${this.processId}:${++this.next}`;
    const key = keyOf(sessionId, userId);
    this.mine.set(id, key);
    await this.quietly('registering a room stream', () =>
      this.redis.multi().zadd(key, this.now() + STREAM_TTL_MS, id).pexpire(key, STREAM_TTL_MS).exec()
    );
    return id;
  }

  async closed(sessionId: string, userId: string, streamId: string): Promise<void> {
    // Not this process's any more: closed (at shutdown) before the stream ended.
    if (!this.mine.delete(streamId)) return;
    await this.quietly('unregistering a room stream', () => this.redis.zrem(keyOf(sessionId, userId), streamId));
  }

  async openElsewhere(sessionId: string, userId: string): Promise<boolean> {
    const live = await this.quietly('asking for room streams elsewhere', () => this.redis.zrangebyscore(keyOf(sessionId, userId), this.now(), '+inf'));
    return (live ?? []).some((id) => !id.startsWith(`${this.processId}:`));
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    const pipeline = this.redis.pipeline();
    for (const [id, key] of this.mine) pipeline.zrem(key, id);
    this.mine.clear();
    await this.quietly('unregistering room streams', () => pipeline.exec());
    await closeRedis(this.redis);
  }

  private async renew(): Promise<void> {
    if (this.mine.size === 0) return;
    const pipeline = this.redis.pipeline();
    const until = this.now() + STREAM_TTL_MS;
    for (const [id, key] of this.mine) pipeline.zadd(key, until, id).pexpire(key, STREAM_TTL_MS);
    await this.quietly('renewing room streams', () => pipeline.exec());
  }

  /**
   * Redis not answering: the person counts as having no stream elsewhere, and the grace runs as on one process (at
   * worst as before this register: someone connected to another process is marked gone until their next stream).
   */
  private async quietly<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(`room: ${what} failed`, { error });
      return undefined;
    }
  }
}

export async function createRedisRoomStreams(url: string, logger: Logger): Promise<SharedRoomStreams> {
  return new RedisRoomStreams(await connectRedisCommands(url, logger, 'room streams'), logger);
}

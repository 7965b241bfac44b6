/**
 * Token buckets that every process shares (chat and reactions: so many at once, so many a minute, per person). With
 * REDIS_URL one bucket per key lives in Redis, taken from by a small Lua script (read, refill, take, store, in one
 * step: two processes never both take the last token); without it, or while Redis does not answer, each process
 * keeps its own (server/http/token-bucket.ts), as before.
 */
import type { Logger } from '../log';
import { closeRedis, connectRedisCommands } from '../redis-commands';
import { TokenBucket } from './token-bucket';

export interface BucketLimits {
  burst: number;
  perSecond: number;
}

export interface RateBuckets {
  /** Takes one token from `key`'s bucket: 0 when taken, else how many ms until one is free. */
  take(key: string, limits: BucketLimits, nowMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Per-process buckets; forgets keys quiet long enough to have a full bucket again. */
export class LocalBuckets implements RateBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; used: number; full: number }>();

  async take(key: string, limits: BucketLimits, nowMs: number): Promise<number> {
    let entry = this.buckets.get(key);
    if (!entry) {
      entry = { bucket: new TokenBucket(limits.perSecond, limits.burst, nowMs), used: nowMs, full: (limits.burst / limits.perSecond) * 1000 };
      this.buckets.set(key, entry);
    }
    entry.used = nowMs;
    if (this.buckets.size > 5000) this.sweep(nowMs);
    return entry.bucket.take(nowMs) ? 0 : Math.ceil(1000 / limits.perSecond);
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  private sweep(nowMs: number): void {
    for (const [key, entry] of this.buckets) if (nowMs - entry.used > entry.full) this.buckets.delete(key);
  }
}

const PREFIX = 'gst:bucket:';

/** KEYS[1] the bucket; ARGV rate (tokens per ms), burst, now (ms). Returns 0 (taken) or the ms to wait. */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or burst
local at = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens < 1 then wait = math.ceil((1 - tokens) / rate) else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait
`;

export async function createRedisBuckets(url: string, logger: Logger): Promise<RateBuckets> {
  const redis = await connectRedisCommands(url, logger, 'rate limits');
  redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE });
  const fallback = new LocalBuckets();
  const take = (redis as unknown as { takeToken(key: string, ...args: Array<string | number>): Promise<number> }).takeToken.bind(redis);
  return {
    async take(key, limits, nowMs) {
      try {
        return Number(await take(PREFIX + key, limits.perSecond / 1000, limits.burst, nowMs));
      } catch (error) {
        // A limit must not stop the room: this process counts alone until Redis answers again.
        logger.warn('shared rate limit unavailable; counting in this process', { error });
        return fallback.take(key, limits, nowMs);
      }
    },
    async close() {
      await closeRedis(redis);
    }
  };
}

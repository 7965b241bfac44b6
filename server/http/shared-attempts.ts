/**
 * Sign-in rate limits every process shares (REDIS_URL): one fixed-window counter per limit and key in Redis, counted
 * by a small Lua script (INCR, and the window's expiry set on its first attempt, in one step: two processes never
 * both see the same count, and a counter never outlives its window). Keys are SHA-256 hashes of the limit's name and
 * the key, so no email or IP address is stored in Redis in clear.
 *
 * When Redis does not answer, the attempt is counted in this process instead (server/http/rate-limit.ts), and a warning
 * logged. Neither failing closed nor failing open is acceptable for sign-in: refusing every attempt would lock every
 * therapist and participant out during a Redis blip (and hand anyone who can disturb Redis a way to do so), and letting
 * every attempt through would drop brute-force protection on passwords and second-factor codes altogether. Counting
 * per process keeps a limit (once per process, as before REDIS_URL) until Redis answers again.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import { closeRedis, connectRedisCommands } from '../redis-commands';
import { LocalSignInLimits, tooManyAttempts, type AttemptLimit, type SignInLimits } from './rate-limit';

const PREFIX = 'gst:attempts:';

/** KEYS[1] the counter; ARGV[1] the window (ms). Returns {attempts in this window, ms until the window ends}. */
const COUNT = `
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
`;

/** The Redis key of `key` under `limit`: hashed, so emails and addresses are not readable in Redis. */
export function attemptKey(limit: AttemptLimit, key: string): string {
  return PREFIX + createHash('sha256').update(`${limit.name}\u0000${key}`).digest('base64url');
}

type Counting = (key: string, windowMs: number) => Promise<[number, number]>;

export async function createRedisSignInLimits(url: string, logger: Logger): Promise<SignInLimits> {
  const redis = await connectRedisCommands(url, logger, 'sign-in limits');
  redis.defineCommand('countAttempt', { numberOfKeys: 1, lua: COUNT });
  const count = (redis as unknown as { countAttempt: Counting }).countAttempt.bind(redis);
  const fallback = new LocalSignInLimits();
  const unavailable = (error: unknown) => logger.warn('shared sign-in limits unavailable; counting in this process', { error });
  return {
    async hit(limit, key, message) {
      let counted: [number, number];
      try {
        counted = await count(attemptKey(limit, key), limit.windowMs);
      } catch (error) {
        unavailable(error);
        return fallback.hit(limit, key, message);
      }
      const [attempts, msLeft] = counted.map(Number);
      if (attempts > limit.limit) throw tooManyAttempts(msLeft, message);
    },
    async reset(limit, key) {
      await fallback.reset(limit, key);
      try {
        await redis.del(attemptKey(limit, key));
      } catch (error) {
        unavailable(error);
      }
    },
    async close() {
      await closeRedis(redis);
    }
  };
}

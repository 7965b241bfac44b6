/**
 * A Redis connection for plain commands (limits, the room streams' register), not for pub/sub. It fails fast rather
 * than queueing while Redis is away (one retry, no offline queue): each caller then falls back to what this process
 * knows by itself, so a Redis outage slows nothing down.
 */
import { Redis } from 'ioredis';
import type { Logger } from './log';

export async function connectRedisCommands(url: string, logger: Logger, purpose: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (error) => logger.warn(`redis error (${purpose})`, { error }));
  await redis.connect();
  return redis;
}

/** Closes politely, or at once if Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

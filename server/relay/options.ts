/** Relay limits and switches, from the environment (RELAY_*, REDIS_URL), validated once at start by server/config.ts. */
import { z } from 'zod';

export interface RelayOptions {
  /** Largest accepted frame; larger ones close the connection with 1009 (ws stops reading at this size). */
  maxFrameBytes: number;
  /** Token bucket per connection: sustained messages per second and burst size. */
  messagesPerSecond: number;
  messageBurst: number;
  /** A connection that has not completed its first sync by then is closed (4408). */
  firstSyncDeadlineMs: number;
  /** Open documents per sign-in (y-websocket opens one socket per document). */
  maxDocumentsPerLogin: number;
  /** Messages buffered while a document loads; more closes the connection (4429). */
  maxQueuedWhileLoading: number;
  /** A document leaves memory this long after its last connection closed. */
  evictAfterMs: number;
  /** Compact a document once its update log tail holds this many rows. */
  compactAfterUpdates: number;
  /** Bounds on one untrusted Yjs update (decoded before it touches a document). */
  maxStructsPerUpdate: number;
  maxDeleteRangesPerUpdate: number;
  /** Awareness (presence) updates are small; anything larger is refused. */
  maxAwarenessBytes: number;
  /** How often rights are re-checked in the background (besides at once on events). */
  recheckEveryMs: number;
  /** Group commit: a write to the update log starts at most this often (0: whenever none is in flight; default 20 ms). */
  commitIntervalMs: number;
  /** Several processes act as one relay through this Redis (optional). */
  redisUrl?: string;
}

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  RELAY_MAX_FRAME_BYTES: int(1024 * 1024),
  RELAY_MESSAGES_PER_SECOND: int(100),
  RELAY_MESSAGE_BURST: int(300),
  RELAY_FIRST_SYNC_DEADLINE_MS: int(10_000),
  RELAY_MAX_DOCUMENTS_PER_LOGIN: int(20),
  RELAY_EVICT_AFTER_MS: int(10_000),
  RELAY_COMPACT_AFTER_UPDATES: int(500),
  RELAY_RECHECK_EVERY_MS: int(60_000),
  RELAY_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(1000).default(5),
  REDIS_URL: z.string().optional()
});

export function relayOptionsFromEnv(env: Record<string, string | undefined>): RelayOptions {
  const e = envSchema.parse(env);
  return {
    maxFrameBytes: e.RELAY_MAX_FRAME_BYTES,
    messagesPerSecond: e.RELAY_MESSAGES_PER_SECOND,
    messageBurst: e.RELAY_MESSAGE_BURST,
    firstSyncDeadlineMs: e.RELAY_FIRST_SYNC_DEADLINE_MS,
    maxDocumentsPerLogin: e.RELAY_MAX_DOCUMENTS_PER_LOGIN,
    maxQueuedWhileLoading: 200,
    evictAfterMs: e.RELAY_EVICT_AFTER_MS,
    compactAfterUpdates: e.RELAY_COMPACT_AFTER_UPDATES,
    maxStructsPerUpdate: 200_000,
    maxDeleteRangesPerUpdate: 200_000,
    maxAwarenessBytes: 64 * 1024,
    recheckEveryMs: e.RELAY_RECHECK_EVERY_MS,
    commitIntervalMs: e.RELAY_COMMIT_INTERVAL_MS,
    redisUrl: e.REDIS_URL || undefined
  };
}

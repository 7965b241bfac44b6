/**
 * Limits of chat and reactions, from the environment (read by server/config.ts). Per person, shared by every process
 * with REDIS_URL (server/http/shared-buckets.ts), per process without.
 */
import { CHAT_BURST, CHAT_PER_SECOND, REACTION_BURST, REACTION_PER_SECOND } from '../../src/lib/core/chat';

export interface TalkOptions {
  chat: { burst: number; perSecond: number };
  reactions: { burst: number; perSecond: number };
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number > 0 ? number : fallback;
}

/** CHAT_BURST, CHAT_PER_MINUTE, REACTION_BURST, REACTION_PER_MINUTE. */
export function talkOptionsFromEnv(env: Record<string, string | undefined>): TalkOptions {
  return {
    chat: { burst: positive(env.CHAT_BURST, CHAT_BURST), perSecond: positive(env.CHAT_PER_MINUTE, CHAT_PER_SECOND * 60) / 60 },
    reactions: { burst: positive(env.REACTION_BURST, REACTION_BURST), perSecond: positive(env.REACTION_PER_MINUTE, REACTION_PER_SECOND * 60) / 60 }
  };
}

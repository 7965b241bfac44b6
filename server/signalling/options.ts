/** Media configuration from the environment (ICE_SERVERS, TURN_*), validated once at start by server/config.ts. README lists each one. */
import { z } from 'zod';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface MediaOptions {
  /** Fixed STUN/TURN servers given to every admitted member as they are (ICE_SERVERS, JSON). */
  iceServers: IceServer[];
  /** TURN with coturn's use-auth-secret: our API derives a short-lived username and password per person. */
  turn?: { secret: string; urls: string[]; ttlSeconds: number };
}

const iceServerSchema = z.strictObject({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional()
});

const urlList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((url) => url.trim()).filter(Boolean));

const envSchema = z.object({
  ICE_SERVERS: z.string().optional(),
  TURN_SECRET: z.string().optional(),
  TURN_URLS: urlList,
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(4 * 3600)
});

export class MediaConfigError extends Error {}

export function mediaOptionsFromEnv(env: Record<string, string | undefined>): MediaOptions {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new MediaConfigError(`Invalid media configuration: ${parsed.error.issues[0]?.message}`);
  const e = parsed.data;
  let iceServers: IceServer[] = [];
  if (e.ICE_SERVERS?.trim()) {
    let json: unknown;
    try {
      json = JSON.parse(e.ICE_SERVERS);
    } catch {
      throw new MediaConfigError('ICE_SERVERS must be JSON: an array of {"urls": ...} objects.');
    }
    const servers = z.array(iceServerSchema).safeParse(json);
    if (!servers.success) throw new MediaConfigError('ICE_SERVERS must be an array of {"urls", "username"?, "credential"?} objects.');
    iceServers = servers.data;
  }
  const secret = e.TURN_SECRET?.trim();
  if (secret && e.TURN_URLS.length === 0) throw new MediaConfigError('TURN_SECRET is set but TURN_URLS is empty.');
  if (!secret && e.TURN_URLS.length > 0) throw new MediaConfigError('TURN_URLS is set but TURN_SECRET is empty.');
  for (const url of e.TURN_URLS) {
    if (!/^turns?:/.test(url)) throw new MediaConfigError(`TURN_URLS entries start with turn: or turns: (got ${url}).`);
  }
  return {
    iceServers,
    ...(secret ? { turn: { secret, urls: e.TURN_URLS, ttlSeconds: e.TURN_TTL_SECONDS } } : {})
  };
}

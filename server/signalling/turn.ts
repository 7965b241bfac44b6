/**
 * ICE servers for one person: the fixed ones from ICE_SERVERS, and TURN credentials in coturn's use-auth-secret
 * (TURN REST API) scheme: username `${expiryUnixSeconds}:${userId}`, password base64(HMAC-SHA1(secret, username)).
 * coturn checks the password with the same secret and refuses the username once its time has passed.
 */
import { createHmac } from 'node:crypto';
import type { IceServer, MediaOptions } from './options';

export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

export interface TurnCredential {
  username: string;
  credential: string;
  expiresAt: Date;
}

export function turnCredential(secret: string, userId: string, now: Date, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${userId}`;
  return { username, credential: turnPassword(secret, username), expiresAt: new Date(expiry * 1000) };
}

/** With nothing configured: no servers at all, so only host candidates are used (works on one network). */
export function iceServersFor(options: MediaOptions, userId: string, now: Date): { iceServers: IceServer[]; expiresAt: Date | null } {
  const iceServers = options.iceServers.map((server) => ({ ...server }));
  if (!options.turn) return { iceServers, expiresAt: null };
  const { username, credential, expiresAt } = turnCredential(options.turn.secret, userId, now, options.turn.ttlSeconds);
  iceServers.push({ urls: options.turn.urls, username, credential });
  return { iceServers, expiresAt };
}

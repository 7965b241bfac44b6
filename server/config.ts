/**
 * Configuration from the environment, validated once at start: the one place that reads it (server/compose.ts and
 * everything below get this object). The README's table lists every variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { relayOptionsFromEnv, type RelayOptions } from './relay/options';
import { roomOptionsFromEnv } from './room/options';
import { talkOptionsFromEnv, type TalkOptions } from './chat/options';
import type { RoomServiceOptions } from './room/service';
import { mediaOptionsFromEnv, type MediaOptions } from './signalling/options';
import { parseProxyTrust, ProxyTrustError, type ProxyTrust } from './http/client-ip';

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ORIGIN: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TRUST_PROXY: z.string().optional(),
  SESSION_IDLE_MINUTES: int(30),
  SESSION_MAX_HOURS: int(12),
  MAX_BODY_BYTES: int(64 * 1024),
  LOGIN_RATE_PER_IP: int(20),
  LOGIN_RATE_PER_ACCOUNT: int(8),
  SIGNUP_RATE_PER_IP: int(10),
  SECOND_FACTOR_RATE_PER_ACCOUNT: int(6),
  RATE_WINDOW_MINUTES: int(15),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Use smtp://user:password@host:port or smtps://…')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Group sessions <no-reply@localhost>'),
  JOBS_POLL_SECONDS: int(30),
  NEW_GROUPS_REQUIRE_SECOND_FACTOR: z.enum(['true', 'false']).default('true'),
  METRICS_TOKEN: z
    .string()
    .min(16, 'Use at least 16 characters (e.g. openssl rand -hex 24)')
    .optional()
    .or(z.literal('').transform(() => undefined))
});

export interface Config {
  port: number;
  host: string;
  /** The public origin, e.g. https://groups.example.org. Undefined: taken from each request's Host. */
  origin?: string;
  /**
   * DATABASE_URL's PostgreSQL, or (without it) the embedded PostgreSQL the app runs itself in DATA_DIR
   * (server/db/embedded/).
   */
  database: DatabaseConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Which reverse proxies' X-Forwarded-For / -Proto hops are believed, counted from the right (http/client-ip.ts). */
  trustProxy: ProxyTrust;
  sessionIdleMs: number;
  sessionMaxMs: number;
  maxBodyBytes: number;
  /** Whether a new group starts with "facilitators must use a second factor" on (a facilitator can turn it off). */
  newGroupsRequireSecondFactor: boolean;
  /** Sign-in attempts per window (server/http/rate-limit.ts): counted across every process with REDIS_URL. */
  rateLimits: {
    windowMs: number;
    loginPerIp: number;
    loginPerAccount: number;
    signupPerIp: number;
    /** Second-factor codes tried per account (6: a 6-digit code is not guessed within a window). */
    secondFactorPerAccount: number;
  };
  /** Reminder emails; undefined without SMTP_URL (reminders then show on the dashboard only). */
  mail?: { smtpUrl: string; from: string };
  /** How often each process plans reminders and claims due jobs. */
  jobsPollMs: number;
  /** RELAY_*, REDIS_URL (several processes as one relay). */
  relay: RelayOptions;
  /** ROOM_LEAVE_GRACE_MS. */
  room: RoomServiceOptions;
  /** CHAT_BURST, CHAT_PER_MINUTE, REACTION_BURST, REACTION_PER_MINUTE. */
  talk: TalkOptions;
  /** ICE_SERVERS, TURN_*. */
  media: MediaOptions;
  /** METRICS_TOKEN: /metrics answers only with `Authorization: Bearer <token>`; without one, /metrics is off (404). */
  metricsToken?: string;
}

export type DatabaseConfig = { kind: 'url'; url: string } | { kind: 'embedded'; dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  let trustProxy: ProxyTrust;
  try {
    trustProxy = parseProxyTrust(e.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as ProxyTrustError).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    origin: e.ORIGIN?.replace(/\/$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'url', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir: path.resolve(e.DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    trustProxy,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    maxBodyBytes: e.MAX_BODY_BYTES,
    newGroupsRequireSecondFactor: e.NEW_GROUPS_REQUIRE_SECOND_FACTOR === 'true',
    rateLimits: {
      windowMs: e.RATE_WINDOW_MINUTES * 60_000,
      loginPerIp: e.LOGIN_RATE_PER_IP,
      loginPerAccount: e.LOGIN_RATE_PER_ACCOUNT,
      signupPerIp: e.SIGNUP_RATE_PER_IP,
      secondFactorPerAccount: e.SECOND_FACTOR_RATE_PER_ACCOUNT
    },
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    jobsPollMs: e.JOBS_POLL_SECONDS * 1000,
    relay: relayOptionsFromEnv(env),
    room: roomOptionsFromEnv(env),
    talk: talkOptionsFromEnv(env),
    media: mediaOptionsFromEnv(env),
    metricsToken: e.METRICS_TOKEN
  };
}

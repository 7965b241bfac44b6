/** The Hono environment shared by every route: dependencies and per-request variables. */
import type { SignInLimits } from './rate-limit';
import type { RateBuckets } from './shared-buckets';
import type { Context } from 'hono';
import type { Config } from '../config';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { LoginRecord, UserRecord, Store } from '../storage/store';

export interface AppDeps {
  store: Store;
  config: Config;
  logger: Logger;
  events: EventBus;
  /** The current time; tests move it to expire sessions and invites. */
  now: () => Date;
  /** Chat and reaction limits: in Redis with REDIS_URL, so every process counts together (server/compose.ts). */
  rateBuckets?: RateBuckets;
  /** Sign-in limits: in Redis with REDIS_URL (server/compose.ts); without them each app counts its own (rate-limit.ts). */
  signInLimits?: SignInLimits;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    ip: string;
    user?: UserRecord;
    login?: LoginRecord;
    /** A sign-in waiting for its second factor: it may only enter the code or sign out (server/routes/second-factor.ts). */
    pendingLogin?: { login: LoginRecord; user: UserRecord };
  };
}

export type AppContext = Context<AppEnv>;

/** The Hono environment shared by every route: dependencies and per-request variables. */
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

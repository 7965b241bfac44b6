/**
 * What the process does with errors nobody caught. A lost PostgreSQL connection (the server restarting, a
 * pg_terminate_backend, a failover) can surface as a rejected promise inside the driver that no caller awaits;
 * that must not end a process holding live sessions: postgres.js reconnects on the next query and the relay
 * retries its writes. Anything else is a bug: log it and exit, and let the supervisor restart us.
 */
import { pgErrorCode } from './db/errors';
import type { Logger } from './log';

/** PostgreSQL's connection-loss SQLSTATEs (class 08, admin shutdown 57P01–57P03) and postgres.js's own codes. */
const CONNECTION_LOSS = /^(08\d{3}|57P0[123]|CONNECTION_(CLOSED|ENDED|DESTROYED))$/;

export function isDatabaseConnectionLoss(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code !== undefined && CONNECTION_LOSS.test(code);
}

export function installProcessGuards(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('unhandledRejection', (error) => {
    if (isDatabaseConnectionLoss(error)) {
      logger.warn('database connection lost outside a request; the driver reconnects', { error });
      return;
    }
    logger.error('unhandled rejection', { error });
    exit(1);
  });
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error });
    exit(1);
  });
}

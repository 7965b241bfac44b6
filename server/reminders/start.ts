/** Starts the reminder worker when SMTP_URL is set; without it reminders show on the dashboard only. */
import type { AppDeps } from '../http/context';
import { createSmtpMailer } from './mailer';
import { createReminderWorker, type ReminderWorker } from './worker';

export function startReminders(deps: AppDeps, appUrl: string): ReminderWorker | undefined {
  const { config, logger } = deps;
  if (!config.mail) {
    logger.info('reminder emails off', { reason: 'SMTP_URL is not set; reminders show on the dashboard only' });
    return undefined;
  }
  const worker = createReminderWorker({
    store: deps.store,
    mailer: createSmtpMailer(config.mail.smtpUrl, config.mail.from),
    logger: logger.child({ component: 'reminders' }),
    appUrl,
    now: deps.now
  });
  worker.start(config.jobsPollMs);
  logger.info('reminder emails on', { worker: worker.id, pollMs: config.jobsPollMs });
  return worker;
}

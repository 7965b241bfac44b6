/**
 * The reminder worker: each poll plans upcoming reminders (idempotent), claims due jobs and sends them.
 * Every process may run one; the job table keeps them from sending the same email twice (see server/storage/jobs.ts).
 * A job is re-checked before sending: a session that moved, was cancelled or lost the person is skipped.
 */
import { randomUUID } from 'node:crypto';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { localDayRange } from '../../src/lib/core/schedule/reminders';
import type { Logger } from '../log';
import type { Store } from '../storage/store';
import type { Job } from '../storage/jobs';
import type { Mailer } from './mailer';
import { cancellationMessage, digestMessage, GENERIC_TITLE, reminderMessage, riskAlertMessage, type Message } from './messages';
import { planReminders } from './planner';

export interface WorkerOptions {
  store: Store;
  mailer: Mailer;
  logger: Logger;
  /** The app's public address, for links in the emails. */
  appUrl: string;
  now?: () => Date;
  workerId?: string;
  /** How long a claimed job is this worker's before another may take it. */
  leaseMs?: number;
  batchSize?: number;
}

export interface ReminderWorker {
  readonly id: string;
  /** One poll: plan, claim, send. Returns how many jobs were finished (sent or skipped). */
  runOnce(): Promise<{ planned: number; sent: number; skipped: number; failed: number }>;
  start(pollMs: number): void;
  stop(): Promise<void>;
}

export function createReminderWorker(options: WorkerOptions): ReminderWorker {
  const { store, mailer, logger, appUrl } = options;
  const now = options.now ?? (() => new Date());
  const id = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 20;

  /** The email for a job, or undefined when it is no longer wanted. */
  async function compose(job: Job): Promise<Message | undefined> {
    const p = job.payload as Record<string, string>;
    const user = await store.users.byId(p.userId);
    if (!user) return undefined;
    const prefs = await store.schedule.preferences(user.id);
    if (job.kind === 'risk_alert') return riskAlert(p, user, prefs.calendarTitle);
    if (!prefs.emailReminders) return undefined;
    if (job.kind === 'digest') {
      const { from, to } = localDayRange(p.date, p.timeZone);
      const sessions = (await store.schedule.sessionsForMember(user.id, from, to)).filter(
        (s) => isFacilitating(s.role) && s.groupTimeZone === p.timeZone && s.status === 'scheduled'
      );
      if (!sessions.length) return undefined;
      return digestMessage({
        to: user.email,
        displayName: user.displayName,
        date: p.date,
        sessions: sessions.map((s) => ({ groupName: s.groupName, title: s.title, startsAt: s.startsAt!, timeZone: s.groupTimeZone })),
        appUrl
      });
    }
    const session = await store.sessions.get(p.sessionId);
    if (!session?.startsAt) return undefined;
    const [group, membership] = await Promise.all([store.groups.get(session.groupId), store.members.get(session.groupId, user.id)]);
    if (!group || !membership) return undefined;
    const title = prefs.calendarTitle === 'generic' ? GENERIC_TITLE : group.name;
    const common = { to: user.email, displayName: user.displayName, title, startsAt: session.startsAt, timeZone: group.timeZone, appUrl };
    if (job.kind === 'cancellation') return session.status === 'cancelled' ? cancellationMessage(common) : undefined;
    if (job.kind !== 'reminder' || session.status !== 'scheduled' || session.startsAt.toISOString() !== p.startsAt) return undefined;
    if (session.startsAt.getTime() <= now().getTime()) return undefined;
    return reminderMessage({ ...common, offset: p.offset === 'hour' ? 'hour' : 'day', sessionUrl: `${appUrl}/groups/${group.id}` });
  }

  /**
   * A risk alert raised outside a live session, for one facilitator: sent whatever the reminder setting (it is a
   * safety notice, not a reminder), skipped once follow-up is recorded or the person no longer facilitates the group.
   */
  async function riskAlert(p: Record<string, string>, user: { id: string; email: string; displayName: string }, title: 'group' | 'generic') {
    const [alert, membership] = await Promise.all([store.measures.riskAlert(p.alertId), store.members.get(p.groupId, user.id)]);
    if (!alert || alert.groupId !== p.groupId || alert.followedUpAt || !membership || !isFacilitating(membership.role)) return undefined;
    return riskAlertMessage({
      to: user.email,
      displayName: user.displayName,
      groupName: title === 'generic' ? null : alert.groupName,
      alertsUrl: `${appUrl}/groups/${alert.groupId}/measures`,
      appUrl
    });
  }

  async function runOnce() {
    const result = { planned: 0, sent: 0, skipped: 0, failed: 0 };
    result.planned = await planReminders(store, now());
    const jobs = await store.jobs.claim(id, now(), leaseMs, batchSize);
    for (const job of jobs) {
      try {
        const message = await compose(job);
        if (!message) {
          await store.jobs.finish(job.id, id, 'skipped', now());
          result.skipped++;
          continue;
        }
        await mailer.send(message);
        await store.jobs.finish(job.id, id, 'done', now());
        result.sent++;
      } catch (error) {
        result.failed++;
        logger.warn('reminder job failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, error: String((error as Error)?.message ?? error) });
        await store.jobs.fail(job.id, id, String((error as Error)?.message ?? error), now()).catch(() => {});
      }
    }
    return result;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  return {
    id,
    runOnce,
    start(pollMs) {
      const tick = () => {
        running = runOnce()
          .catch((error) => logger.warn('reminder poll failed', { error: String((error as Error)?.message ?? error) }))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, pollMs);
          });
      };
      timer = setTimeout(tick, 1000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      mailer.close();
    }
  };
}

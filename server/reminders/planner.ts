/** Turns upcoming sessions into reminder and digest jobs, and follows sessions that move or are cancelled. */
import { isFacilitating } from '../../src/lib/core/group/rules';
import { plannedJobs, reminderKeyPrefix } from '../../src/lib/core/schedule/reminders';
import type { AppDeps } from '../http/context';
import type { GroupRecord, SessionRecord, Store } from '../storage/store';

/** How far ahead each poll plans: the day-before reminder plus a margin. */
export const PLAN_AHEAD_MS = 25 * 3_600_000;

/** Enqueues the jobs of every scheduled session starting in the next 25 h; returns how many were new. */
export async function planReminders(store: Store, now: Date): Promise<number> {
  const upcoming = await store.schedule.scheduledBetween(now, new Date(now.getTime() + PLAN_AHEAD_MS));
  let added = 0;
  const recipientsByGroup = new Map<string, Awaited<ReturnType<Store['schedule']['recipients']>>>();
  for (const { session, group } of upcoming) {
    if (!session.startsAt) continue;
    let recipients = recipientsByGroup.get(group.id);
    if (!recipients) recipientsByGroup.set(group.id, (recipients = await store.schedule.recipients(group.id)));
    const jobs = plannedJobs({ id: session.id, startsAt: session.startsAt, sequence: session.sequence }, group, recipients, now);
    added += await store.jobs.enqueue(jobs);
  }
  return added;
}

/**
 * A scheduled session moved or was cancelled: its pending reminders are dropped (the next poll plans them for the
 * new time), members with email get a cancellation notice, and listeners hear of it.
 */
export async function sessionRescheduled(deps: AppDeps, session: SessionRecord, group: GroupRecord, change: 'moved' | 'cancelled') {
  const now = deps.now();
  await deps.store.jobs.cancelPending(reminderKeyPrefix(session.id), now);
  if (change === 'cancelled' && deps.config.mail && session.startsAt && session.startsAt.getTime() > now.getTime()) {
    const recipients = await deps.store.schedule.recipients(group.id);
    await deps.store.jobs.enqueue(
      recipients
        .filter((r) => r.emailReminders && !isFacilitating(r.role))
        .map((r) => ({
          kind: 'cancellation',
          dedupeKey: `cancelled:${session.id}:${r.userId}`,
          runAt: now,
          payload: { sessionId: session.id, userId: r.userId }
        }))
    );
  }
  deps.events.emit('session.rescheduled', { groupId: group.id, sessionId: session.id, change });
}

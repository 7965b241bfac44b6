/**
 * An urgent alert raised outside a live session (a homework answer, or any answer for a session nobody is in) has no
 * room banner to reach the facilitators at once: besides the dashboard, each facilitator of the group gets an email
 * through the durable job table (server/reminders/job-queue.ts) when SMTP_URL is set. One job per alert and
 * facilitator (the dedupe key), retried with backoff by the reminder worker; its words carry no clinical content
 * (server/reminders/messages.ts, riskAlertMessage).
 */
import { isFacilitating } from '../../src/lib/core/group/rules';
import type { AppDeps } from '../http/context';

export const riskAlertJobKey = (alertId: string, facilitatorId: string) => `risk-alert:${alertId}:${facilitatorId}`;

/** Enqueues the emails; returns how many were new (0 without SMTP_URL, or when the session is live). */
export async function enqueueRiskAlertEmails(deps: AppDeps, alert: { id: string; groupId: string; sessionId: string | null }): Promise<number> {
  if (!deps.config.mail) return 0;
  const session = alert.sessionId ? await deps.store.sessions.get(alert.sessionId) : undefined;
  // In a live session the facilitators in the room see the urgent banner at once (server/room).
  if (session?.status === 'live') return 0;
  const facilitators = (await deps.store.members.list(alert.groupId)).filter((m) => isFacilitating(m.role));
  return deps.store.jobs.enqueue(
    facilitators.map((f) => ({
      kind: 'risk_alert',
      dedupeKey: riskAlertJobKey(alert.id, f.userId),
      runAt: deps.now(),
      payload: { alertId: alert.id, groupId: alert.groupId, userId: f.userId }
    }))
  );
}

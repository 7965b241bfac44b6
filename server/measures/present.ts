/** Measure records → wire shapes (src/lib/api/measure-types.ts). */
import type { RiskAlertView as RiskAlertAnswer, ScheduleView } from '../../src/lib/api/measure-types';
import { instrument, score, type ScorePoint } from '../../src/lib/core/measures';
import type { RiskAlertView, ScheduleRecord, ScoredResponse } from '../storage/measures';

export const presentSchedule = (schedule: ScheduleRecord): ScheduleView => ({
  id: schedule.id,
  measure: schedule.measure,
  name: instrument(schedule.measure).name,
  timing: schedule.timing,
  createdAt: schedule.createdAt.toISOString(),
  stoppedAt: schedule.stoppedAt?.toISOString() ?? null
});

export function presentPoint(response: ScoredResponse): ScorePoint {
  const scored = score(response.measure, response.answers);
  return {
    responseId: response.id,
    measure: response.measure,
    sessionId: response.sessionId,
    sessionTitle: response.sessionTitle,
    sessionAt: response.sessionAt.toISOString(),
    answeredAt: response.createdAt.toISOString(),
    total: response.total,
    band: scored.band,
    answers: response.answers,
    difficulty: response.difficulty,
    urgent: response.urgent,
    riskItemSkipped: scored.riskItemSkipped
  };
}

export const presentAlert = (alert: RiskAlertView): RiskAlertAnswer => ({
  id: alert.id,
  groupId: alert.groupId,
  groupName: alert.groupName,
  sessionId: alert.sessionId,
  userId: alert.userId,
  memberName: alert.memberName,
  raisedAt: alert.raisedAt.toISOString(),
  open: alert.followedUpAt === null,
  followUp:
    alert.followedUpAt === null
      ? null
      : { actions: alert.followUpActions ?? [], by: alert.followedUpByName ?? 'Former member', at: alert.followedUpAt.toISOString() }
});

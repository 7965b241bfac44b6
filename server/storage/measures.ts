/** Storage of measures: schedules, members' responses, risk alerts and each group's crisis resources. */
import type { FollowUpAction, ItemAnswer, MeasureId, MeasureTiming } from '../../src/lib/core/measures';

export interface ScheduleRecord {
  id: string;
  groupId: string;
  measure: MeasureId;
  timing: MeasureTiming;
  createdBy: string | null;
  createdAt: Date;
  stoppedAt: Date | null;
}

export interface ResponseRecord {
  id: string;
  scheduleId: string;
  groupId: string;
  sessionId: string;
  userId: string;
  measure: MeasureId;
  answers: ItemAnswer[];
  difficulty: ItemAnswer;
  total: number | null;
  bandIndex: number | null;
  urgent: boolean;
  createdAt: Date;
}

/** A response with the session it belongs to, for trends. */
export interface ScoredResponse extends ResponseRecord {
  sessionTitle: string;
  /** When the session started, or was planned to, or the response time when neither is known. */
  sessionAt: Date;
}

export interface RiskAlertRecord {
  id: string;
  responseId: string;
  groupId: string;
  sessionId: string | null;
  userId: string;
  raisedAt: Date;
  followUpActions: FollowUpAction[] | null;
  followedUpBy: string | null;
  followedUpAt: Date | null;
}

/** An alert with the names a facilitator needs to act on it. */
export interface RiskAlertView extends RiskAlertRecord {
  groupName: string;
  memberName: string;
  followedUpByName: string | null;
}

export interface MeasureStorage {
  createSchedule(record: Omit<ScheduleRecord, 'createdAt' | 'stoppedAt'>): Promise<ScheduleRecord>;
  schedule(id: string): Promise<ScheduleRecord | undefined>;
  /** Active schedules first by creation; stopped ones only when asked. */
  schedules(groupId: string, options?: { includeStopped?: boolean }): Promise<ScheduleRecord[]>;
  /** Undefined when it was already stopped (or does not exist). */
  stopSchedule(id: string, at: Date): Promise<ScheduleRecord | undefined>;

  /**
   * Saves a response and, when it is urgent, its risk alert, in one transaction. Undefined when the member already
   * answered this schedule for this session (unique), so a double submit never makes two.
   */
  saveResponse(
    response: Omit<ResponseRecord, 'createdAt'>,
    alert: { id: string } | null,
    at: Date
  ): Promise<{ response: ResponseRecord; alert: RiskAlertRecord | null } | undefined>;
  /** The (schedule, session) pairs `userId` has answered in the group. */
  answered(groupId: string, userId: string): Promise<Array<{ scheduleId: string; sessionId: string }>>;
  /** Every response of the group (or of one member), oldest session first. */
  responses(groupId: string, userId?: string): Promise<ScoredResponse[]>;

  riskAlert(id: string): Promise<RiskAlertView | undefined>;
  /** The group's alerts, open ones first, newest first within each. */
  riskAlerts(groupId: string): Promise<RiskAlertView[]>;
  /** Open alerts of any of these groups, oldest first. */
  openRiskAlerts(groupIds: string[]): Promise<RiskAlertView[]>;
  /** Closes an open alert; undefined when it was already closed (another facilitator was first). */
  recordFollowUp(id: string, actions: FollowUpAction[], by: string, at: Date): Promise<RiskAlertRecord | undefined>;

  crisisResources(groupId: string): Promise<string | undefined>;
  setCrisisResources(groupId: string, text: string, by: string, at: Date): Promise<void>;
}

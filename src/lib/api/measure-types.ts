/** Answer shapes of the measures API (docs/api.md, Measures): what server/measures/present.ts builds and the pages read. */
import type { Change, MeasureId, MeasureTiming, ScorePoint } from '$lib/core/measures';

export interface ScheduleView {
  id: string;
  measure: MeasureId;
  name: string;
  timing: MeasureTiming;
  createdAt: string;
  stoppedAt: string | null;
}

export interface DueView {
  schedule: ScheduleView;
  session: { id: string; title: string; status: string } | null;
  answered: boolean;
}

export interface MeasuresView {
  schedules: ScheduleView[];
  crisisResources: string;
  crisisResourcesSet: boolean;
  due: DueView[];
}

export interface TrendView {
  measure: MeasureId;
  points: ScorePoint[];
  latest: ScorePoint | null;
  sincePrevious: number | null;
  sinceBaseline: Change | null;
}

export interface RiskAlertView {
  id: string;
  groupId: string;
  groupName: string;
  sessionId: string | null;
  userId: string;
  memberName: string;
  raisedAt: string;
  open: boolean;
  followUp: { actions: string[]; by: string; at: string } | null;
}

/**
 * Trends of one member's scores over sessions, the group's latest-score view, and the CSV of one member's scores.
 * The wire shape of a scored response is defined here so the API, the pages and the export agree.
 */
import { toCsv } from '../worksheet/export';
import { DIFFICULTY_OPTIONS, type MeasureId, instrument } from './instruments';
import { type Change, changeSinceBaseline, type ItemAnswer } from './scoring';

export interface ScorePoint {
  responseId: string;
  measure: MeasureId;
  sessionId: string;
  sessionTitle: string;
  /** ISO time of the session (its start, or its plan). */
  sessionAt: string;
  answeredAt: string;
  total: number | null;
  band: string | null;
  answers: ItemAnswer[];
  difficulty: ItemAnswer;
  urgent: boolean;
  riskItemSkipped: boolean;
}

export interface Trend {
  measure: MeasureId;
  points: ScorePoint[];
  latest: ScorePoint | null;
  /** Latest total minus the one before (both scored), or null. */
  sincePrevious: number | null;
  sinceBaseline: Change | null;
}

/** One trend per measure the member has answered, points in session order (the input order). */
export function trendsOf(points: readonly ScorePoint[]): Trend[] {
  const byMeasure = new Map<MeasureId, ScorePoint[]>();
  for (const point of points) byMeasure.set(point.measure, [...(byMeasure.get(point.measure) ?? []), point]);
  return [...byMeasure.entries()].map(([measure, list]) => {
    const scored = list.filter((point) => point.total !== null);
    const last = scored.at(-1);
    const before = scored.at(-2);
    return {
      measure,
      points: list,
      latest: list.at(-1) ?? null,
      sincePrevious: last && before ? last.total! - before.total! : null,
      sinceBaseline: changeSinceBaseline(measure, list.map((point) => point.total))
    };
  });
}

/** The optional difficulty question: empty when it was not answered. */
const difficultyLabel = (answer: ItemAnswer) => DIFFICULTY_OPTIONS.find((option) => option.value === answer)?.label ?? '';

/** A spreadsheet of one member's scores: one row per response, every item's answer as its score. */
export function scoresToCsv(memberName: string, points: readonly ScorePoint[]): string {
  const maxItems = Math.max(0, ...points.map((point) => instrument(point.measure).items.length));
  const header = [
    'Member',
    'Session',
    'Session date',
    'Measure',
    'Total',
    'Band',
    ...Array.from({ length: maxItems }, (_, i) => `Item ${i + 1}`),
    'Difficulty',
    'Answered at'
  ];
  const rows = points.map((point) => [
    memberName,
    point.sessionTitle,
    point.sessionAt.slice(0, 10),
    instrument(point.measure).name,
    point.total ?? '',
    point.band ?? 'Not scored (items skipped)',
    ...Array.from({ length: maxItems }, (_, i) => {
      const answer = point.answers[i];
      return answer === undefined ? '' : answer === null ? 'skipped' : answer;
    }),
    difficultyLabel(point.difficulty),
    point.answeredAt
  ]);
  return toCsv([header, ...rows]);
}


/**
 * Scoring: totals, severity bands, the risk-item rule and change over time. Pure and shared by the answer form, the
 * server (which scores every response itself and never trusts a client's total) and the trends views.
 */
import { type Instrument, type MeasureId, bandUpperBound, instrument } from './instruments';

/** One item's answer: 0 to 3, or null for "prefer not to answer". */
export type ItemAnswer = 0 | 1 | 2 | 3 | null;

export interface Score {
  /**
   * The sum of the item answers, or null when any item was left as "prefer not to answer". We do not prorate missing
   * items: a guessed total could put someone in the wrong band, and facilitators still see every answer given.
   */
  total: number | null;
  /** Index into the instrument's bands, or null without a total. */
  bandIndex: number | null;
  band: string | null;
  answered: number;
  skipped: number;
  /** The risk item (PHQ-9 item 9) was answered above 0: a facilitator must follow up now. */
  urgent: boolean;
  /** The risk item was left unanswered: not an alert, but facilitators are shown it. */
  riskItemSkipped: boolean;
}

/** Throws unless `answers` has one valid answer per item (the server checks the same shape with zod first). */
function checkAnswers(measure: Instrument, answers: readonly ItemAnswer[]): void {
  if (answers.length !== measure.items.length) {
    throw new RangeError(`${measure.name} has ${measure.items.length} items; got ${answers.length} answers.`);
  }
  for (const answer of answers) {
    if (answer !== null && !(Number.isInteger(answer) && answer >= 0 && answer <= 3)) throw new RangeError(`Not an answer: ${answer}`);
  }
}

/** The band a total falls in: bands start at `from` and run up to the next band's start. */
export function bandIndexFor(measure: Instrument, total: number): number {
  if (!Number.isInteger(total) || total < 0 || total > measure.maxTotal) {
    throw new RangeError(`${measure.name} totals run from 0 to ${measure.maxTotal}; got ${total}.`);
  }
  let index = 0;
  measure.bands.forEach((band, i) => {
    if (total >= band.from) index = i;
  });
  return index;
}

export function bandFor(measure: Instrument, total: number): string {
  return measure.bands[bandIndexFor(measure, total)].label;
}

/** The risk rule alone: PHQ-9 item 9 answered "Several days" or more. */
export function needsUrgentFollowUp(measure: Instrument, answers: readonly ItemAnswer[]): boolean {
  if (measure.riskItem === null) return false;
  const answer = answers[measure.riskItem - 1];
  return answer !== null && answer !== undefined && answer > 0;
}

export function score(measureId: MeasureId, answers: readonly ItemAnswer[]): Score {
  const measure = instrument(measureId);
  checkAnswers(measure, answers);
  const given = answers.filter((answer): answer is 0 | 1 | 2 | 3 => answer !== null);
  const total = given.length === answers.length ? given.reduce<number>((sum, answer) => sum + answer, 0) : null;
  const bandIndex = total === null ? null : bandIndexFor(measure, total);
  return {
    total,
    bandIndex,
    band: bandIndex === null ? null : measure.bands[bandIndex].label,
    answered: given.length,
    skipped: answers.length - given.length,
    urgent: needsUrgentFollowUp(measure, answers),
    riskItemSkipped: measure.riskItem !== null && answers[measure.riskItem - 1] === null
  };
}

export type Direction = 'improved' | 'worsened' | 'no_reliable_change';

export interface Change {
  baseline: number;
  latest: number;
  /** latest − baseline: negative is fewer symptoms. */
  change: number;
  /** Improved or worsened only when the change reaches the instrument's reliable-change threshold. */
  direction: Direction;
  threshold: number;
}

/** Change from the first scored total to the last (totals in time order; null totals are skipped). */
export function changeSinceBaseline(measureId: MeasureId, totals: readonly (number | null)[]): Change | null {
  const scored = totals.filter((total): total is number => total !== null);
  if (scored.length < 2) return null;
  const measure = instrument(measureId);
  const baseline = scored[0];
  const latest = scored[scored.length - 1];
  const change = latest - baseline;
  const direction: Direction =
    change <= -measure.reliableChange ? 'improved' : change >= measure.reliableChange ? 'worsened' : 'no_reliable_change';
  return { baseline, latest, change, direction, threshold: measure.reliableChange };
}

/** The bands as closed ranges, for legends and chart shading. */
export function bandRanges(measureId: MeasureId): { label: string; from: number; to: number }[] {
  const measure = instrument(measureId);
  return measure.bands.map((band, index) => ({ label: band.label, from: band.from, to: bandUpperBound(measure, index) }));
}

/**
 * The thermometer check-in: a facilitator asks "how are you right now, 0–10?"; each member answers privately with one
 * tap (a new tap replaces their answer while the round is open). Facilitators see each answer and the spread; members
 * see only that they answered, and the anonymous spread if a facilitator chooses to show it. An answer at or below
 * the round's threshold raises the same private alert as the "I need support" signal. Kept in the room state (with
 * the session) and in the summary.
 */
import { AppError, conflict } from '../errors';
import { isFacilitating } from '../group/rules';
import type { Change } from '../room/change';
import { type RoomState, nameOf, requireInRoom } from '../room/state';
import { raiseSupportSignal } from '../room/support';

export const THERMOMETER_MIN = 0;
export const THERMOMETER_MAX = 10;
/** An answer at or below this raises the support alert unless the facilitator chose otherwise. */
export const DEFAULT_LOW_AT = 3;

export interface ThermometerAnswer {
  userId: string;
  value: number;
  at: number;
}

export interface ThermometerRound {
  id: string;
  askedBy: string;
  askedAt: number;
  closedAt: number | null;
  /** Answers at or below this raise the support alert; null: no alert for this round. */
  lowAt: number | null;
  /** Members see the anonymous spread. */
  showSpread: boolean;
  answers: ThermometerAnswer[];
}

export interface ThermometerState {
  rounds: ThermometerRound[];
}

/** How many answered each value 0..10 (index = value). */
export type Spread = number[];

export function spreadOf(answers: Pick<ThermometerAnswer, 'value'>[]): Spread {
  const counts = Array.from({ length: THERMOMETER_MAX + 1 }, () => 0);
  for (const answer of answers) counts[answer.value] = (counts[answer.value] ?? 0) + 1;
  return counts;
}

function rounds(draft: RoomState): ThermometerRound[] {
  draft.thermometer ??= { rounds: [] };
  return draft.thermometer.rounds;
}

/** The round members can answer now, if any. */
export function openRound(state: Pick<RoomState, 'thermometer'>): ThermometerRound | null {
  const last = state.thermometer?.rounds.at(-1);
  return last && last.closedAt === null ? last : null;
}

export function askThermometer(draft: RoomState, change: Change, facilitatorId: string, options: { lowAt?: number | null; showSpread?: boolean }): void {
  if (openRound(draft)) throw conflict('A check-in is already open. Close it before asking again.');
  const list = rounds(draft);
  list.push({
    id: `t${list.length + 1}`,
    askedBy: facilitatorId,
    askedAt: change.now,
    closedAt: null,
    lowAt: options.lowAt === undefined ? DEFAULT_LOW_AT : options.lowAt,
    showSpread: options.showSpread ?? false,
    answers: []
  });
}

export function answerThermometer(draft: RoomState, change: Change, userId: string, roundId: string, value: number): void {
  const round = openRound(draft);
  if (!round || round.id !== roundId) throw conflict('This check-in has closed.');
  const person = requireInRoom(draft, userId);
  if (isFacilitating(person.role)) throw conflict('The check-in is for members; facilitators see the answers.');
  const before = round.answers.find((answer) => answer.userId === userId);
  const isLow = (answer: number) => round.lowAt !== null && answer <= round.lowAt;
  const wasLow = before !== undefined && isLow(before.value);
  if (before) {
    before.value = value;
    before.at = change.now;
  } else round.answers.push({ userId, value, at: change.now });
  if (isLow(value) && !wasLow) {
    raiseSupportSignal(draft, change, userId, { roundId: round.id, value });
  }
}

export function closeThermometer(draft: RoomState, change: Change): void {
  const round = openRound(draft);
  if (!round) throw conflict('There is no open check-in to close.');
  round.closedAt = change.now;
}

/** Shows or hides the anonymous spread of the latest round to members. */
export function showThermometerSpread(draft: RoomState, show: boolean): void {
  const round = draft.thermometer?.rounds.at(-1);
  if (!round) throw new AppError('not_found', 'There has been no check-in yet.');
  round.showSpread = show;
}

/** What every member may read about the latest round: whether it is open and, if chosen, the anonymous spread. */
export interface SharedThermometer {
  roundId: string;
  open: boolean;
  answered: number;
  /** Only when a facilitator chose to show it. */
  spread: Spread | null;
}

export function sharedThermometer(state: Pick<RoomState, 'thermometer'>): SharedThermometer | null {
  const round = state.thermometer?.rounds.at(-1);
  if (!round) return null;
  return { roundId: round.id, open: round.closedAt === null, answered: round.answers.length, spread: round.showSpread ? spreadOf(round.answers) : null };
}

/** The latest round's id, if `userId` answered it (their own status: never the value). */
export function answeredRound(state: Pick<RoomState, 'thermometer'>, userId: string): string | null {
  const round = state.thermometer?.rounds.at(-1);
  return round?.answers.some((answer) => answer.userId === userId) ? round.id : null;
}

export interface ThermometerLine {
  roundId: string;
  askedAt: number;
  closedAt: number | null;
  lowAt: number | null;
  answers: Array<{ userId: string; displayName: string; value: number }>;
  spread: Spread;
  lowest: number | null;
  median: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** For the facilitators' summary: each round with each answer, the spread, the lowest and the median. */
export function thermometerSummary(state: RoomState): ThermometerLine[] {
  return (state.thermometer?.rounds ?? []).map((round) => {
    const values = round.answers.map((answer) => answer.value);
    return {
      roundId: round.id,
      askedAt: round.askedAt,
      closedAt: round.closedAt,
      lowAt: round.lowAt,
      answers: round.answers.map((answer) => ({ userId: answer.userId, displayName: nameOf(state, answer.userId), value: answer.value })),
      spread: spreadOf(round.answers),
      lowest: values.length ? Math.min(...values) : null,
      median: median(values)
    };
  });
}

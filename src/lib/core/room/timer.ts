/** Turns and the turn timer. The timer is a gentle cue, never a cut: past its length a turn simply runs overtime. */
import type { Change } from './change';
import type { RoomState, Turn, TurnSource } from './state';

export type TimerStatus =
  | { status: 'running'; elapsedMs: number; remainingMs: number }
  | { status: 'overtime'; elapsedMs: number; overMs: number };

export function timerStatus(turn: Pick<Turn, 'startedAt' | 'lengthMs'>, now: number): TimerStatus {
  const elapsedMs = Math.max(0, now - turn.startedAt);
  if (elapsedMs < turn.lengthMs) return { status: 'running', elapsedMs, remainingMs: turn.lengthMs - elapsedMs };
  return { status: 'overtime', elapsedMs, overMs: elapsedMs - turn.lengthMs };
}

/** Gives the floor to `userId`, ending (and counting) any turn that was running. */
export function startTurn(draft: RoomState, change: Change, userId: string, source: TurnSource): void {
  endTurn(draft, change, 'spoke');
  draft.currentTurn = { userId, startedAt: change.now, lengthMs: draft.turnLengthMs, source };
}

/** Ends the current turn, if any. A spoken turn is kept for talk time; a passed one is not. */
export function endTurn(draft: RoomState, change: Change, how: 'spoke' | 'passed'): Turn | null {
  const turn = draft.currentTurn;
  if (!turn) return null;
  draft.currentTurn = null;
  if (how === 'spoke') {
    draft.turns.push({ userId: turn.userId, startedAt: turn.startedAt, endedAt: change.now, source: turn.source });
  }
  return turn;
}

/** Talk time per person in ms (ended turns plus the running one up to `now`), for everyone who has spoken. */
export function talkTimes(state: RoomState, now: number): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (userId: string, ms: number) => totals.set(userId, (totals.get(userId) ?? 0) + Math.max(0, ms));
  for (const turn of state.turns) add(turn.userId, turn.endedAt - turn.startedAt);
  if (state.currentTurn) add(state.currentTurn.userId, now - state.currentTurn.startedAt);
  return totals;
}

/** Whether `userId` has had a turn (ended or running) in this session. */
export function hasSpoken(state: RoomState, userId: string): boolean {
  return state.currentTurn?.userId === userId || state.turns.some((turn) => turn.userId === userId);
}

/** Read-only views of the room for the UI and the server: who is next, who has not spoken, the clock, and the part
 * of the state that every participant may read. */
import { isFacilitating } from '../group/rules';
import { isGoAroundRunning, nextInRound } from './go-around';
import { nextInQueue } from './queue';
import type { Person, Presence, RoomState } from './state';
import { hasSpoken, talkTimes } from './timer';
import { type SharedThermometer, sharedThermometer } from '../chat/thermometer';

export { queuePosition } from './queue';
export { currentStepProgress } from './agenda';
export { timerStatus } from './timer';

/** Who gets the floor next: the next person present in a running go-around, otherwise the first hand in the room. */
export function upNext(state: RoomState): string | null {
  if (isGoAroundRunning(state)) return nextInRound(state);
  return nextInQueue(state)?.userId ?? null;
}

/** "You are next". */
export function isNext(state: RoomState, userId: string): boolean {
  return upNext(state) === userId;
}

export function isSpeaking(state: RoomState, userId: string): boolean {
  return state.currentTurn?.userId === userId;
}

export function peopleWithPresence(state: RoomState, ...presences: Presence[]): Person[] {
  return state.people.filter((person) => presences.includes(person.presence));
}

/** Participants in the room (connected or reconnecting) who have not had a turn yet. */
export function notSpokenYet(state: RoomState): Person[] {
  return peopleWithPresence(state, 'admitted', 'reconnecting').filter(
    (person) => !isFacilitating(person.role) && !hasSpoken(state, person.userId)
  );
}

export interface TalkTime {
  userId: string;
  displayName: string;
  talkMs: number;
}

/** Talk time of everyone who has been in the room, in the order they arrived (0 for those who have not spoken). */
export function talkTimeList(state: RoomState, now: number): TalkTime[] {
  const totals = talkTimes(state, now);
  return state.people
    .filter((person) => person.admittedAt !== null)
    .map((person) => ({ userId: person.userId, displayName: person.displayName, talkMs: totals.get(person.userId) ?? 0 }));
}

/** The session clock: time since the room opened, stopped at the end. */
export function sessionClockMs(state: RoomState, now: number): number {
  return Math.max(0, (state.endedAt ?? now) - state.openedAt);
}

export interface SharedPerson {
  userId: string;
  displayName: string;
  role: Person['role'];
  presence: Presence;
}

export type SharedRoomView = Omit<RoomState, 'people' | 'turns' | 'supportSignals' | 'thermometer'> & {
  people: SharedPerson[];
  /** The latest check-in round without anyone's answer (the anonymous spread only if a facilitator shows it). */
  thermometer: SharedThermometer | null;
};

/**
 * The part of the room every admitted person may read (what the server mirrors into the read-only document):
 * no support signals, no talk-time record, no check-in answers, no attendance times, nobody in the waiting room and no
 * trace of removals.
 * Facilitators get the rest privately.
 */
export function sharedView(state: RoomState): SharedRoomView {
  const { people, turns: _turns, supportSignals: _signals, thermometer: _answers, ...rest } = structuredClone(state);
  return {
    ...rest,
    thermometer: sharedThermometer(state),
    people: people
      .filter((person) => person.presence !== 'waiting' && !person.removed)
      .map(({ userId, displayName, role, presence }) => ({ userId, displayName, role, presence }))
  };
}

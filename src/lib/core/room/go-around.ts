/**
 * The go-around: everyone present speaks in turn or passes. Finishing or passing hands the turn straight to the next
 * person present; people who are not in the room when their turn comes are passed over ("missed") and get a place
 * at the end if they come back while the round runs; people who join late are added at the end. When the speaker
 * leaves mid-turn the round waits for a facilitator to move it on.
 */
import { AppError, conflict } from '../errors';
import { isFacilitating } from '../group/rules';
import type { Change } from './change';
import { type GoAround, type GoAroundEntry, type GoAroundOrder, type RoomState, findPerson, isInRoom, nameOf, requireInRoom } from './state';
import { endTurn, startTurn } from './timer';

export interface GoAroundSetup {
  order: GoAroundOrder;
  /** The people in speaking order; required for a custom order. */
  customOrder?: string[];
  /** Whether facilitators take a turn too; by default only participants do (a custom order may name anyone). */
  includeFacilitators?: boolean;
  /** Seed for a shuffled order; the same seed gives the same order. */
  seed?: number;
}

export function isGoAroundRunning(state: RoomState): boolean {
  return state.goAround !== null && state.goAround.finishedAt === null;
}

/** The entry whose turn it is (or last was), if any. */
export function currentEntry(round: GoAround): GoAroundEntry | undefined {
  return round.entries[round.currentIndex];
}

/** A small seeded generator (mulberry32): deterministic, so a shuffled round can be replayed and tested. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates over a copy, driven by `seed`. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

function takesPart(state: RoomState, userId: string, includeFacilitators: boolean): boolean {
  const person = findPerson(state, userId);
  return !!person && person.presence === 'admitted' && (includeFacilitators || !isFacilitating(person.role));
}

function speakingOrder(state: RoomState, setup: GoAroundSetup, change: Change): string[] {
  if (setup.order === 'custom') {
    const ids = setup.customOrder ?? [];
    if (new Set(ids).size !== ids.length) {
      throw new AppError('validation_failed', 'Each person can appear only once in the order.', {
        fields: { customOrder: 'Each person can appear only once.' }
      });
    }
    for (const userId of ids) requireInRoom(state, userId);
    return ids;
  }
  const listed = state.people
    .filter((person) => takesPart(state, person.userId, setup.includeFacilitators ?? false))
    .map((person) => person.userId);
  return setup.order === 'shuffled' ? shuffle(listed, setup.seed ?? change.now + change.seq) : listed;
}

/** Gives the turn to the next person present after the current entry, or finishes the round. */
function advance(draft: RoomState, change: Change): void {
  const round = draft.goAround!;
  for (let index = round.currentIndex + 1; index < round.entries.length; index++) {
    const entry = round.entries[index];
    if (entry.status !== 'waiting') continue;
    if (!isInRoom(draft, entry.userId)) {
      entry.status = 'missed';
      continue;
    }
    round.currentIndex = index;
    entry.status = 'speaking';
    startTurn(draft, change, entry.userId, 'go_around');
    return;
  }
  round.currentIndex = round.entries.length;
  round.finishedAt = change.now;
}

/** Ends the speaking entry's turn and records how it ended. Passed turns do not count as talk time. */
function closeCurrent(draft: RoomState, change: Change, status: 'spoke' | 'passed' | 'skipped'): void {
  const entry = currentEntry(draft.goAround!);
  if (entry?.status !== 'speaking') return;
  entry.status = status;
  if (draft.currentTurn?.userId === entry.userId) endTurn(draft, change, status === 'passed' ? 'passed' : 'spoke');
}

function requireRunning(state: RoomState): void {
  if (!isGoAroundRunning(state)) throw conflict('There is no go-around running.');
}

export function startGoAround(draft: RoomState, change: Change, setup: GoAroundSetup): void {
  if (isGoAroundRunning(draft)) throw conflict('A go-around is already running. End it before starting another.');
  const order = speakingOrder(draft, setup, change);
  if (order.length === 0) throw conflict('There is no one in the room to go around.');
  const includeFacilitators =
    setup.includeFacilitators ?? order.some((userId) => isFacilitating(findPerson(draft, userId)!.role));
  draft.goAround = {
    order: setup.order,
    includeFacilitators,
    entries: order.map((userId) => ({ userId, status: 'waiting' })),
    currentIndex: -1,
    startedAt: change.now,
    finishedAt: null
  };
  advance(draft, change);
}

/** A facilitator moves the round on: the speaker (if any) has spoken, the next person present gets the turn. */
export function nextInGoAround(draft: RoomState, change: Change): void {
  requireRunning(draft);
  closeCurrent(draft, change, 'spoke');
  advance(draft, change);
}

/** The speaker finished or passed their go-around turn: the next person present gets it. */
export function finishGoAroundTurn(draft: RoomState, change: Change, how: 'spoke' | 'passed'): void {
  closeCurrent(draft, change, how);
  advance(draft, change);
}

/** Passes over `userId` (default: the speaker, or else the next person waiting). */
export function skipInGoAround(draft: RoomState, change: Change, userId?: string): void {
  requireRunning(draft);
  const round = draft.goAround!;
  const current = currentEntry(round);
  if (current?.status === 'speaking' && (userId === undefined || userId === current.userId)) {
    closeCurrent(draft, change, 'skipped');
    advance(draft, change);
    return;
  }
  const waiting = round.entries.find(
    (entry, index) => index > round.currentIndex && entry.status === 'waiting' && (userId === undefined || entry.userId === userId)
  );
  if (!waiting) {
    throw conflict(userId ? `${nameOf(draft, userId)} has no turn still to come in this go-around.` : 'No one is left to skip.');
  }
  waiting.status = 'skipped';
}

export function endGoAround(draft: RoomState, change: Change): void {
  if (!draft.goAround) throw conflict('There is no go-around to end.');
  if (isGoAroundRunning(draft)) closeCurrent(draft, change, 'spoke');
  draft.goAround = null;
}

/**
 * Someone came into the room while a round runs: a late joiner, or someone who missed their turn while away, gets a
 * place at the end. People whose turn is still to come keep it; people who already spoke or passed are not added again.
 */
export function goAroundArrival(draft: RoomState, userId: string): void {
  const round = draft.goAround;
  if (!round || round.finishedAt !== null || !takesPart(draft, userId, round.includeFacilitators)) return;
  const theirs = round.entries.filter((entry) => entry.userId === userId);
  const last = theirs[theirs.length - 1];
  if (!last || last.status === 'missed') round.entries.push({ userId, status: 'waiting' });
}

/** The speaker left mid-turn: their turn ends and counts; the round waits for a facilitator. */
export function goAroundSpeakerLeft(draft: RoomState, change: Change): void {
  closeCurrent(draft, change, 'spoke');
}

/** Who will get the next go-around turn, judged by who is in the room now. */
export function nextInRound(state: RoomState): string | null {
  const round = state.goAround;
  if (!round || round.finishedAt !== null) return null;
  const entry = round.entries.find(
    (candidate, index) => index > round.currentIndex && candidate.status === 'waiting' && isInRoom(state, candidate.userId)
  );
  return entry?.userId ?? null;
}

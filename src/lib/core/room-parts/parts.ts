/**
 * Parts of the live room: a side room (one facilitator with one member, privately) and breakout pairs (members in
 * twos, a trio when the count is odd, for a few minutes). Pure data and pure answers; only the server changes it
 * (rules.ts, through the room reducer). Who may be connected to whom follows from it: people in the same part only
 * (the signalling server refuses the rest, and tells both sides to hang up when a part changes).
 */
import { isFacilitating, type Role } from '../group/rules';

export interface SideRoom {
  facilitatorId: string;
  memberId: string;
  startedAt: number;
}

export interface Pair {
  /** pair-1, pair-2, …: never reused within a session. */
  id: string;
  /** Two members (three when the number was odd). */
  members: string[];
  /** A member of the pair raised a hand for a facilitator. */
  handRaisedAt: number | null;
  /** The pair's own copy of the breakout's worksheet (a documents row id), once the server made it. */
  worksheetCopyId?: string;
}

export interface Breakout {
  pairs: Pair[];
  startedAt: number;
  endsAt: number;
  /** Facilitators visiting a pair: facilitator id -> pair id. */
  visits: Record<string, string>;
  /**
   * The worksheet the pairs fill in, one shared copy per pair (the facilitator chose a template when starting):
   * made by the server after the pairs are drawn. Absent: the pairs only talk.
   */
  worksheetId?: string;
}

export interface RoomParts {
  sideRooms: SideRoom[];
  breakout: Breakout | null;
  /** Counter for pair ids. */
  nextPairNumber: number;
}

/** The parts' view of a person: enough of the room state (and of its shared view) to place them. */
export interface PlacedPerson {
  userId: string;
  role: Role;
  presence: string;
}

export interface PartsHolder {
  people: PlacedPerson[];
  /** Absent in rooms stored before parts existed. */
  parts?: RoomParts;
}

export const MAIN_PART = 'main';
export const MIN_BREAKOUT_MINUTES = 1;
export const MAX_BREAKOUT_MINUTES = 60;

export function emptyParts(): RoomParts {
  return { sideRooms: [], breakout: null, nextPairNumber: 1 };
}

export function partsOf(state: Pick<PartsHolder, 'parts'>): RoomParts {
  return state.parts ?? emptyParts();
}

export function sideRoomOf(state: Pick<PartsHolder, 'parts'>, userId: string): SideRoom | undefined {
  return partsOf(state).sideRooms.find((room) => room.memberId === userId || room.facilitatorId === userId);
}

export function pairOf(state: Pick<PartsHolder, 'parts'>, userId: string): Pair | undefined {
  const breakout = partsOf(state).breakout;
  if (!breakout) return undefined;
  const visiting = breakout.visits[userId];
  return breakout.pairs.find((pair) => pair.id === visiting || pair.members.includes(userId));
}

/**
 * Where a person is: 'main' (the group), 'side:<facilitator id>' or 'pair:<pair id>'. A side room comes first (it
 * is never started during a breakout, but a stored state decides the same way whatever happens).
 */
export function partOf(state: Pick<PartsHolder, 'parts'>, userId: string): string {
  const side = sideRoomOf(state, userId);
  if (side) return `side:${side.facilitatorId}`;
  const pair = pairOf(state, userId);
  if (pair) return `pair:${pair.id}`;
  return MAIN_PART;
}

/** The one rule the mesh follows: two people may have a media connection only when they are in the same part. */
export function mayConnect(state: Pick<PartsHolder, 'parts'>, a: string, b: string): boolean {
  return a !== b && partOf(state, a) === partOf(state, b);
}

/** Everyone's part, by user id (for the signalling server, which compares before and after). */
export function partMap(state: PartsHolder): Map<string, string> {
  return new Map(state.people.map((person) => [person.userId, partOf(state, person.userId)]));
}

/**
 * With a side room open and no facilitator left with the group, the group pauses: the others see a calm screen
 * until a facilitator is back. (A breakout is not a pause: the pairs are working.)
 */
export function groupPaused(state: PartsHolder): boolean {
  const parts = partsOf(state);
  if (parts.sideRooms.length === 0) return false;
  return !state.people.some(
    (person) => isFacilitating(person.role) && person.presence === 'admitted' && partOf(state, person.userId) === MAIN_PART
  );
}

/** Milliseconds left in the breakout at `now` (0 once over; null without a breakout). */
export function breakoutRemainingMs(state: Pick<PartsHolder, 'parts'>, now: number): number | null {
  const breakout = partsOf(state).breakout;
  return breakout ? Math.max(0, breakout.endsAt - now) : null;
}

/**
 * Pairs from a list in the order given: twos, and the last three together when the count is odd (nobody practises
 * alone). Fewer than two people make no pairs.
 */
export function pairUp(userIds: readonly string[]): string[][] {
  if (userIds.length < 2) return [];
  const pairs: string[][] = [];
  for (let i = 0; i + 1 < userIds.length; i += 2) pairs.push([userIds[i]!, userIds[i + 1]!]);
  if (userIds.length % 2 === 1) pairs[pairs.length - 1]!.push(userIds[userIds.length - 1]!);
  return pairs;
}

/** What one person's screen shows about the room's parts: where they are, with whom, and who is away from them. */
import { MAIN_PART, groupPaused, pairOf, partOf, partsOf, sideRoomOf, type PartsHolder } from './parts';

export type MyPart =
  | { kind: 'main'; paused: boolean }
  | { kind: 'side'; otherUserId: string; asFacilitator: boolean; memberId: string; startedAt: number }
  | {
      kind: 'pair';
      pairId: string;
      /** "Pair 1": its place in the list, which people can say aloud. */
      label: string;
      /** The pair's members other than me. */
      partners: string[];
      /** Facilitators with the pair now (me included when I am visiting). */
      visitors: string[];
      visiting: boolean;
      handRaised: boolean;
      endsAt: number;
    };

export function myPart(view: PartsHolder, me: string): MyPart {
  const side = sideRoomOf(view, me);
  if (side) {
    const asFacilitator = side.facilitatorId === me;
    return { kind: 'side', otherUserId: asFacilitator ? side.memberId : side.facilitatorId, asFacilitator, memberId: side.memberId, startedAt: side.startedAt };
  }
  const breakout = partsOf(view).breakout;
  const pair = pairOf(view, me);
  if (breakout && pair) {
    return {
      kind: 'pair',
      pairId: pair.id,
      label: `Pair ${breakout.pairs.indexOf(pair) + 1}`,
      partners: pair.members.filter((userId) => userId !== me),
      visitors: Object.entries(breakout.visits).filter(([, pairId]) => pairId === pair.id).map(([userId]) => userId),
      visiting: !pair.members.includes(me),
      handRaised: pair.handRaisedAt !== null,
      endsAt: breakout.endsAt
    };
  }
  return { kind: 'main', paused: groupPaused(view) };
}

/**
 * The people in the room who are in another part than the group, for the group's screen: their tile says where they
 * are instead of showing them ("With a facilitator", "In pair 2"). Nothing when I am not with the group myself.
 */
export function awayFromGroup(view: PartsHolder, me: string): Array<{ userId: string; note: string }> {
  if (partOf(view, me) !== MAIN_PART) return [];
  const breakout = partsOf(view).breakout;
  return view.people
    .filter((person) => person.presence === 'admitted' && partOf(view, person.userId) !== MAIN_PART)
    .map((person) => {
      const pair = pairOf(view, person.userId);
      const side = sideRoomOf(view, person.userId);
      // The member is "with a facilitator" (nothing more: why is theirs to tell); the facilitator is "in a side room".
      const note = side
        ? side.facilitatorId === person.userId
          ? 'In a side room'
          : 'With a facilitator'
        : pair && breakout
          ? `In pair ${breakout.pairs.indexOf(pair) + 1}`
          : 'Away';
      return { userId: person.userId, note };
    });
}

/**
 * The side rooms open while I am with the group: a facilitator who stays with the group (the co-facilitator carrying
 * on) is told who is where, so they know the group is theirs for now. Empty in a side room or a pair.
 */
export function sideRoomsSeenFromGroup(view: PartsHolder, me: string): Array<{ facilitatorId: string; memberId: string }> {
  if (partOf(view, me) !== MAIN_PART) return [];
  return partsOf(view).sideRooms.map((room) => ({ facilitatorId: room.facilitatorId, memberId: room.memberId }));
}

/** "4:05": minutes and seconds left, never below zero (the pairs' timer). */
export function timeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The breakout worksheet copy on my screen: my pair's, or the pair I am visiting as a facilitator. Null outside a
 * pair, or while the pairs have no worksheet (none was chosen, or the server has not made it yet).
 */
export function myPairWorksheet(view: PartsHolder, me: string): { worksheetId: string; copyId: string; label: string } | null {
  const breakout = partsOf(view).breakout;
  const pair = pairOf(view, me);
  if (!breakout?.worksheetId || !pair?.worksheetCopyId) return null;
  return { worksheetId: breakout.worksheetId, copyId: pair.worksheetCopyId, label: `Pair ${breakout.pairs.indexOf(pair) + 1}` };
}

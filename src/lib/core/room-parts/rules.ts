/**
 * The room parts' changes, applied to a draft room state by the room reducer (src/lib/core/room/reducer.ts) after it
 * checked that the actor is in the room and, for facilitator commands, facilitating. Refusals are thrown as AppErrors
 * in plain words; every start and end is audited.
 */
import { conflict, forbidden } from '../errors';
import { isFacilitating } from '../group/rules';
import type { Change } from '../room/change';
import { shuffle } from '../room/go-around';
import { type RoomState, findPerson, nameOf, requireInRoom } from '../room/state';
import { MAX_BREAKOUT_MINUTES, emptyParts, pairOf, pairUp, partsOf, sideRoomOf, type RoomParts } from './parts';

function draftParts(draft: RoomState): RoomParts {
  draft.parts ??= emptyParts();
  return draft.parts;
}

export function startSideRoom(draft: RoomState, change: Change, facilitatorId: string, memberId: string): void {
  const member = requireInRoom(draft, memberId);
  if (isFacilitating(member.role)) throw conflict('A side room is for one member with a facilitator.');
  const parts = draftParts(draft);
  if (parts.breakout) throw conflict('Bring everyone back from the pairs first.');
  if (sideRoomOf(draft, facilitatorId)) throw conflict('You are already in a side room. Return to the group first.');
  if (sideRoomOf(draft, memberId)) throw conflict(`${member.displayName} is already with a facilitator.`);
  parts.sideRooms.push({ facilitatorId, memberId, startedAt: change.now });
  change.effects.push({ type: 'audit', action: 'room.side_room_started', actorId: facilitatorId, targetUserId: memberId });
}

/**
 * Either person in a side room may return to the group; a facilitator may also end anyone's side room by naming the
 * member (a co-facilitator in the group can bring them back).
 */
export function returnToGroup(draft: RoomState, change: Change, actorId: string, facilitating: boolean, memberId?: string): void {
  const parts = draftParts(draft);
  const room = memberId === undefined ? sideRoomOf(draft, actorId) : parts.sideRooms.find((r) => r.memberId === memberId);
  if (!room) throw conflict(memberId === undefined ? 'You are not in a side room.' : `${nameOf(draft, memberId)} is not in a side room.`);
  if (memberId !== undefined && memberId !== actorId && !facilitating) throw forbidden('Only facilitators can bring someone else back.');
  endSideRoom(draft, change, room.memberId, actorId);
}

function endSideRoom(draft: RoomState, change: Change, memberId: string, actorId: string | null): void {
  const parts = draftParts(draft);
  const room = parts.sideRooms.find((r) => r.memberId === memberId)!;
  parts.sideRooms = parts.sideRooms.filter((r) => r !== room);
  const minutes = Math.round((change.now - room.startedAt) / 60_000);
  change.effects.push({ type: 'audit', action: 'room.side_room_ended', actorId, targetUserId: memberId, details: { minutes } });
}

export interface BreakoutSetup {
  minutes: number;
  /** Chosen pairs; absent: random pairs of everyone here who is not facilitating. */
  pairs?: string[][];
  seed?: number;
}

export function startBreakout(draft: RoomState, change: Change, facilitatorId: string, setup: BreakoutSetup): void {
  const parts = draftParts(draft);
  if (parts.sideRooms.length) throw conflict('Someone is in a side room. Bring them back to the group first.');
  if (parts.breakout) throw conflict('The pairs are already working.');
  const members = draft.people.filter((p) => p.presence === 'admitted' && !p.removed && !isFacilitating(p.role)).map((p) => p.userId);
  let groups: string[][];
  if (setup.pairs) {
    const seen = new Set<string>();
    for (const pair of setup.pairs) {
      for (const userId of pair) {
        const person = requireInRoom(draft, userId);
        if (isFacilitating(person.role)) throw conflict(`${person.displayName} is facilitating; pairs are for members.`);
        if (seen.has(userId)) throw conflict(`${person.displayName} is in two pairs.`);
        seen.add(userId);
      }
    }
    groups = setup.pairs;
  } else {
    groups = pairUp(shuffle(members, setup.seed ?? change.now));
  }
  if (groups.length === 0) throw conflict('Pairs need at least two members in the room.');
  const minutes = Math.min(MAX_BREAKOUT_MINUTES, setup.minutes);
  parts.breakout = {
    pairs: groups.map((group) => ({ id: `pair-${parts.nextPairNumber++}`, members: [...group], handRaisedAt: null })),
    startedAt: change.now,
    endsAt: change.now + minutes * 60_000,
    visits: {}
  };
  change.effects.push({
    type: 'audit',
    action: 'room.breakout_started',
    actorId: facilitatorId,
    details: { pairs: groups.length, minutes, chosen: setup.pairs ? 1 : 0 }
  });
}

export function visitPair(draft: RoomState, facilitatorId: string, pairId: string | null): void {
  const breakout = partsOf(draft).breakout;
  if (!breakout) throw conflict('No pairs are working now.');
  if (pairId === null) {
    delete breakout.visits[facilitatorId];
    return;
  }
  const pair = breakout.pairs.find((candidate) => candidate.id === pairId);
  if (!pair) throw conflict('That pair has already finished.');
  breakout.visits[facilitatorId] = pair.id;
  pair.handRaisedAt = null;
}

/**
 * The server made the breakout's worksheet (one copy per pair, server/worksheets/pairs.ts): each pair named gets its copy.
 * A server event, never a command: which copy belongs to which pair is not the client's to say.
 */
export function linkPairWorksheet(draft: RoomState, worksheetId: string, copies: Record<string, string>): void {
  const breakout = partsOf(draft).breakout;
  if (!breakout) throw conflict('No pairs are working now.');
  if (breakout.worksheetId) throw conflict('The pairs already have a worksheet.');
  const pairIds = Object.keys(copies);
  if (pairIds.length === 0) throw conflict('Give at least one pair a copy of the worksheet.');
  if (pairIds.some((pairId) => !breakout.pairs.some((pair) => pair.id === pairId))) throw conflict('That pair has already finished.');
  breakout.worksheetId = worksheetId;
  for (const pair of breakout.pairs) if (copies[pair.id]) pair.worksheetCopyId = copies[pair.id];
}

/** A member of a pair raises (or lowers) a hand for a facilitator: the facilitators see it on the pair. */
export function pairHand(draft: RoomState, change: Change, userId: string, raised: boolean): void {
  const breakout = partsOf(draft).breakout;
  const pair = breakout && pairOf(draft, userId);
  if (!breakout || !pair || !pair.members.includes(userId)) throw conflict('You are not in a pair now.');
  pair.handRaisedAt = raised ? (pair.handRaisedAt ?? change.now) : null;
}

/** The facilitator calls everyone back, or (server event) the time is up. */
export function endBreakout(draft: RoomState, change: Change, actorId: string | null, reason: 'called_back' | 'time_up'): void {
  const parts = draftParts(draft);
  if (!parts.breakout) throw conflict('No pairs are working now.');
  if (reason === 'time_up' && parts.breakout.endsAt > change.now) throw conflict('The pairs still have time.');
  const pairs = parts.breakout.pairs.length;
  parts.breakout = null;
  change.effects.push({ type: 'audit', action: 'room.breakout_ended', actorId, details: { pairs, reason } });
}

/**
 * After every change: a side room ends when its member or facilitator is no longer in the room (left, sent to the
 * waiting room, removed; a short reconnection keeps it), and everything ends with the session.
 */
export function tidyParts(draft: RoomState, change: Change): void {
  const parts = draft.parts;
  if (!parts) return;
  const here = (userId: string) => {
    const person = findPerson(draft, userId);
    return !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
  };
  for (const room of [...parts.sideRooms]) {
    if (draft.ended || !here(room.memberId) || !here(room.facilitatorId)) endSideRoom(draft, change, room.memberId, null);
  }
  if (parts.breakout && draft.ended) endBreakout(draft, change, null, 'called_back');
  if (parts.breakout) {
    for (const [facilitatorId] of Object.entries(parts.breakout.visits)) {
      if (!here(facilitatorId)) delete parts.breakout.visits[facilitatorId];
    }
  }
}

/**
 * Who is in the session and where: the waiting room, admission, presence, sending back and removal.
 * Facilitators and co-facilitators enter directly; participants wait until admitted (or auto-admitted).
 */
import { conflict, forbidden } from '../errors';
import { isFacilitating, type Role } from '../group/rules';
import type { Change } from './change';
import { goAroundArrival, goAroundSpeakerLeft, isGoAroundRunning } from './go-around';
import { dropHand } from './queue';
import { type AdmissionMode, type Person, type RoomState, requirePerson } from './state';
import { endTurn } from './timer';

export interface Arrival {
  userId: string;
  displayName: string;
  role: Role;
}

function enterRoom(draft: RoomState, change: Change, person: Person): void {
  person.presence = 'admitted';
  person.heldByFacilitator = false;
  person.admittedAt ??= change.now;
  person.visits.push({ from: change.now, to: null });
  change.effects.push({ type: 'grant_access', userId: person.userId });
  if (!isFacilitating(person.role)) change.effects.push({ type: 'notify', userId: person.userId, notice: { kind: 'admitted' } });
  goAroundArrival(draft, person.userId);
}

/** Closes the visit and lets go of the floor: the turn ends (and counts), the hand drops, the spotlight goes out. */
function leaveRoom(draft: RoomState, change: Change, person: Person, presence: 'waiting' | 'gone'): void {
  const visit = person.visits[person.visits.length - 1];
  if (visit && visit.to === null) visit.to = change.now;
  person.presence = presence;
  if (draft.currentTurn?.userId === person.userId) {
    if (draft.currentTurn.source === 'go_around' && isGoAroundRunning(draft)) goAroundSpeakerLeft(draft, change);
    else endTurn(draft, change, 'spoke');
  }
  dropHand(draft, person.userId);
  if (draft.spotlight === person.userId) draft.spotlight = null;
}

function isInside(person: Person): boolean {
  return person.presence === 'admitted' || person.presence === 'reconnecting';
}

/** Whether a participant arriving now goes straight in (without a facilitator's say). */
function entersDirectly(state: RoomState, person: Person): boolean {
  if (isFacilitating(person.role)) return true;
  if (person.heldByFacilitator) return false;
  return state.admission === 'auto' || person.admittedAt !== null;
}

/** A connection opened: someone new arrives, or someone known comes back (a returning participant who was admitted
 * earlier in this session goes straight back in unless a facilitator sent them to the waiting room). */
export function personJoined(draft: RoomState, change: Change, arrival: Arrival): void {
  let person = draft.people.find((candidate) => candidate.userId === arrival.userId);
  if (person?.removed) throw forbidden('You were removed from this session by a facilitator.');
  if (draft.ended) throw conflict('This session has ended.');
  if (!person) {
    person = {
      userId: arrival.userId,
      displayName: arrival.displayName,
      role: arrival.role,
      presence: 'gone',
      joinedAt: change.now,
      admittedAt: null,
      visits: [],
      heldByFacilitator: false,
      removed: false
    };
    draft.people.push(person);
  }
  person.displayName = arrival.displayName;
  person.role = arrival.role;
  if (person.presence === 'reconnecting') person.presence = 'admitted';
  else if (person.presence === 'gone') {
    if (entersDirectly(draft, person)) enterRoom(draft, change, person);
    else person.presence = 'waiting';
  }
}

/** The last connection dropped: people in the room keep their place, turn and hand while reconnecting; people in the
 * waiting room simply leave it. */
export function personDisconnected(draft: RoomState, userId: string): void {
  const person = requirePerson(draft, userId);
  if (person.presence === 'admitted') person.presence = 'reconnecting';
  else if (person.presence === 'waiting') person.presence = 'gone';
}

export function personReconnected(draft: RoomState, change: Change, userId: string): void {
  const person = requirePerson(draft, userId);
  if (person.presence === 'reconnecting') {
    person.presence = 'admitted';
    goAroundArrival(draft, userId);
  } else if (person.presence === 'gone') personJoined(draft, change, person);
}

/** They left for good (or did not come back in time): their visit closes and they let go of the floor. */
export function personLeft(draft: RoomState, change: Change, userId: string): void {
  const person = requirePerson(draft, userId);
  if (isInside(person)) leaveRoom(draft, change, person, 'gone');
  else person.presence = 'gone';
}

export function personRoleChanged(draft: RoomState, userId: string, role: Role): void {
  requirePerson(draft, userId).role = role;
}

export function admit(draft: RoomState, change: Change, userId: string): void {
  const person = requirePerson(draft, userId);
  if (person.presence !== 'waiting') throw conflict(`${person.displayName} is not in the waiting room.`);
  enterRoom(draft, change, person);
  change.effects.push({ type: 'audit', action: 'room.admit', actorId: change.actorId, targetUserId: userId });
}

/** Lets in everyone waiting, except people a facilitator sent back (they are let in one by one). */
export function admitAll(draft: RoomState, change: Change): void {
  const waiting = draft.people.filter((person) => person.presence === 'waiting');
  const admissible = waiting.filter((person) => !person.heldByFacilitator);
  if (admissible.length === 0) {
    throw conflict(
      waiting.length
        ? 'Only people who were sent back are waiting; let them in one by one.'
        : 'No one is in the waiting room.'
    );
  }
  for (const person of admissible) admit(draft, change, person.userId);
}

/** Auto-admit for this session; switching it on lets in everyone waiting who was not sent back. */
export function setAdmission(draft: RoomState, change: Change, mode: AdmissionMode): void {
  draft.admission = mode;
  if (mode !== 'auto') return;
  for (const person of draft.people) {
    if (person.presence === 'waiting' && !person.heldByFacilitator) admit(draft, change, person.userId);
  }
}

function requireParticipantTarget(person: Person, what: string): void {
  if (isFacilitating(person.role)) throw forbidden(`Facilitators cannot be ${what}.`);
}

export function sendToWaiting(draft: RoomState, change: Change, userId: string): void {
  const person = requirePerson(draft, userId);
  requireParticipantTarget(person, 'sent to the waiting room');
  if (!isInside(person)) throw conflict(`${person.displayName} is not in the room.`);
  leaveRoom(draft, change, person, 'waiting');
  person.heldByFacilitator = true;
  change.effects.push(
    { type: 'revoke_access', userId },
    { type: 'notify', userId, notice: { kind: 'sent_to_waiting' } },
    { type: 'audit', action: 'room.send_to_waiting', actorId: change.actorId, targetUserId: userId }
  );
}

/** Removes a participant from this session: they are cut off at once and cannot come back to it. */
export function removePerson(draft: RoomState, change: Change, userId: string): void {
  const person = requirePerson(draft, userId);
  requireParticipantTarget(person, 'removed from the room');
  if (person.removed) throw conflict(`${person.displayName} was already removed.`);
  if (isInside(person)) leaveRoom(draft, change, person, 'gone');
  person.presence = 'gone';
  person.removed = true;
  change.effects.push(
    { type: 'cut_off', userId },
    { type: 'notify', userId, notice: { kind: 'removed' } },
    { type: 'audit', action: 'room.remove', actorId: change.actorId, targetUserId: userId }
  );
}

/** At the end of the session every open visit closes and the floor is released. */
export function closeAllVisits(draft: RoomState, change: Change): void {
  for (const person of draft.people) if (isInside(person)) leaveRoom(draft, change, person, 'gone');
}

/**
 * The queue of raised hands: ordered by time raised, ties broken by the server sequence number, so two hands raised
 * in the same millisecond always get the same order. Facilitators may reorder it; the queue moves on only when a
 * facilitator calls the next speaker.
 */
import { conflict } from '../errors';
import type { Change } from './change';
import { isGoAroundRunning } from './go-around';
import { type Hand, type RoomState, isInRoom, nameOf, requireInRoom } from './state';
import { startTurn } from './timer';

function comesBefore(a: Hand, b: Hand): boolean {
  return a.raisedAt < b.raisedAt || (a.raisedAt === b.raisedAt && a.seq < b.seq);
}

function handIndex(state: RoomState, userId: string): number {
  return state.queue.findIndex((hand) => hand.userId === userId);
}

function requireHand(state: RoomState, userId: string, whose: string): number {
  const index = handIndex(state, userId);
  if (index < 0) throw conflict(`${whose} hand is not raised.`);
  return index;
}

function refuseDuringGoAround(state: RoomState): void {
  if (isGoAroundRunning(state)) {
    throw conflict('A go-around is running. Move it on with "next in go-around", or end it first.');
  }
}

export function raiseHand(draft: RoomState, change: Change, userId: string): void {
  if (handIndex(draft, userId) >= 0) throw conflict('Your hand is already raised.');
  if (draft.currentTurn?.userId === userId) throw conflict('It is your turn to speak now.');
  const hand: Hand = { userId, raisedAt: change.now, seq: change.seq };
  const after = draft.queue.findIndex((other) => comesBefore(hand, other));
  draft.queue.splice(after < 0 ? draft.queue.length : after, 0, hand);
}

/** Lowers a hand (the owner's own, or any hand when a facilitator removes it from the queue). */
export function lowerHand(draft: RoomState, userId: string, whose = 'Your'): void {
  draft.queue.splice(requireHand(draft, userId, whose), 1);
}

/** Takes a hand out of the queue if it is there (someone left, was called, or was sent to the waiting room). */
export function dropHand(draft: RoomState, userId: string): void {
  const index = handIndex(draft, userId);
  if (index >= 0) draft.queue.splice(index, 1);
}

export function moveInQueue(draft: RoomState, userId: string, direction: 'up' | 'down'): void {
  const index = requireHand(draft, userId, `${nameOf(draft, userId)}'s`);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target < 0) throw conflict(`${nameOf(draft, userId)} is already first in the queue.`);
  if (target >= draft.queue.length) throw conflict(`${nameOf(draft, userId)} is already last in the queue.`);
  const [hand] = draft.queue.splice(index, 1);
  draft.queue.splice(target, 0, hand);
}

export function clearQueue(draft: RoomState): void {
  draft.queue = [];
}

/**
 * The first hand whose owner is in the room (someone reconnecting keeps their place but is not called). The speaker's
 * own hand is set aside during their turn (a go-around turn, or a facilitator calling them) and counts again after.
 */
export function nextInQueue(state: RoomState): Hand | undefined {
  return state.queue.find((hand) => isInRoom(state, hand.userId) && !handSetAside(state, hand.userId));
}

/** The person is speaking now: their raised hand waits, keeping its place, until their turn ends. */
export function handSetAside(state: RoomState, userId: string): boolean {
  return state.currentTurn?.userId === userId && state.queue.some((hand) => hand.userId === userId);
}

export function callNext(draft: RoomState, change: Change): void {
  refuseDuringGoAround(draft);
  const hand = nextInQueue(draft);
  if (!hand) throw conflict('No one in the room has a hand raised.');
  dropHand(draft, hand.userId);
  startTurn(draft, change, hand.userId, 'queue');
}

/** A facilitator gives the floor to anyone in the room, hand raised or not. */
export function callPerson(draft: RoomState, change: Change, userId: string): void {
  refuseDuringGoAround(draft);
  requireInRoom(draft, userId);
  if (draft.currentTurn?.userId === userId) throw conflict(`${nameOf(draft, userId)} is already speaking.`);
  dropHand(draft, userId);
  startTurn(draft, change, userId, 'called');
}

/** 1-based place in the queue, or null when the hand is not raised. */
export function queuePosition(state: RoomState, userId: string): number | null {
  const index = handIndex(state, userId);
  return index < 0 ? null : index + 1;
}

/**
 * The working context of one accepted command or event. The rule modules (people, queue, go-around, agenda,
 * support) change a DRAFT copy of the state in place and push effects here; reducer.ts makes the copy first, so
 * callers' states are never changed. A refusal is thrown as an AppError and the draft is thrown away.
 */
import type { RoomEffect } from './effects';

export interface Change {
  now: number;
  /** Sequence number of this command or event (orders hands raised in the same millisecond). */
  seq: number;
  /** Who asked for it; null for server events. */
  actorId: string | null;
  effects: RoomEffect[];
}

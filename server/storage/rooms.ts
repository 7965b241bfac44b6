/**
 * Storage of live session rooms (src/lib/core/room): the room state of each session, changed one command at a time
 * under a row lock so several processes stay consistent, and the participants' safety check-ins. Part of the Store
 * (store.rooms); only server/room speaks to it (and the relay, to ask whether someone was let into a room).
 */
import type { RoomState } from '../../src/lib/core/room';

export interface StoredRoom {
  sessionId: string;
  state: RoomState;
}

export interface NewSafetyCheckin {
  sessionId: string;
  userId: string;
  location: string;
  emergencyContactName: string;
  emergencyContactPhone: string;
}

export interface SafetyCheckinRecord extends NewSafetyCheckin {
  id: number;
  createdAt: Date;
}

/** What a change to a room decided: a new state to store (or none), and a value for the caller. */
export interface RoomChange<T> {
  state?: RoomState;
  value: T;
}

export interface RoomStore {
  /** Creates the room with `initial` unless it exists; returns the stored room either way. */
  ensure(sessionId: string, initial: RoomState): Promise<StoredRoom>;
  get(sessionId: string): Promise<StoredRoom | undefined>;
  /**
   * In one transaction: reads the room FOR UPDATE, calls `change` (pure and quick: the row stays locked meanwhile)
   * and stores the state it returns, if any. Undefined when the room does not exist.
   */
  change<T>(sessionId: string, change: (state: RoomState) => RoomChange<T>): Promise<T | undefined>;

  addCheckin(checkin: NewSafetyCheckin, at: Date): Promise<SafetyCheckinRecord>;
  /** The person's check-in for this session, if they gave one. */
  checkinFor(sessionId: string, userId: string): Promise<SafetyCheckinRecord | undefined>;
  /** The person's most recent check-in in any session (to prefill the form). */
  lastCheckin(userId: string): Promise<SafetyCheckinRecord | undefined>;
  /** The latest check-in of each person in the session. */
  listCheckins(sessionId: string): Promise<SafetyCheckinRecord[]>;
}

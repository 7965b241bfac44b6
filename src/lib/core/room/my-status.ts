/** What one person is told about themselves over their room stream: only their own place, never anyone else's. */
import { type Presence, type RoomState, findPerson } from './state';
import { answeredRound } from '../chat/thermometer';

export interface MyRoomStatus {
  /** 'outside': not (yet) known to the room. */
  presence: Presence | 'outside';
  /** Sent back by a facilitator: only a facilitator lets them in again. */
  heldByFacilitator: boolean;
  removed: boolean;
  ended: boolean;
  /** The latest thermometer check-in round if I answered it (never the value), else null. */
  answeredRound: string | null;
}

export function statusOf(state: RoomState, userId: string): MyRoomStatus {
  const person = findPerson(state, userId);
  return {
    presence: person?.presence ?? 'outside',
    heldByFacilitator: person?.heldByFacilitator ?? false,
    removed: person?.removed ?? false,
    ended: state.ended,
    answeredRound: answeredRound(state, userId)
  };
}

/** Whether someone is let into a session's room right now, or was removed from it: what the relay asks before serving. */
import { findPerson } from '../../src/lib/core/room';
import type { Store } from '../storage/store';
import { sessionIdOfDocName } from '../../src/lib/core/documents/names';

/** In the room (connected or reconnecting), not waiting, not removed, and the room has not ended. */
export async function isInRoom(store: Store, docName: string, userId: string): Promise<boolean> {
  const sessionId = sessionIdOfDocName(docName);
  if (!sessionId) return false;
  const room = await store.rooms.get(sessionId);
  if (!room || room.state.ended) return false;
  const person = findPerson(room.state, userId);
  return !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
}

/** Whether a facilitator removed this person from the group's live session (which has not ended yet). */
export async function isRemovedFromLiveSession(store: Store, groupId: string, userId: string): Promise<boolean> {
  const live = await store.sessions.liveForGroup(groupId);
  if (!live) return false;
  const room = await store.rooms.get(live.id);
  if (!room || room.state.ended) return false;
  return findPerson(room.state, userId)?.removed === true;
}

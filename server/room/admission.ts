/** Whether someone is let into a session's room right now: what the relay asks before serving the session state. */
import { findPerson } from '../../src/lib/core/room';
import type { Store } from '../storage/store';
import { sessionIdOfDocName } from './doc-name';

/** In the room (connected or reconnecting), not waiting, not removed, and the room has not ended. */
export async function isInRoom(store: Store, docName: string, userId: string): Promise<boolean> {
  const sessionId = sessionIdOfDocName(docName);
  if (!sessionId) return false;
  const room = await store.rooms.get(sessionId);
  if (!room || room.state.ended) return false;
  const person = findPerson(room.state, userId);
  return !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
}

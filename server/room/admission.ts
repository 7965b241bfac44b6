/** Whether someone is let into a session's room right now, or was removed from it: what the relay asks before serving. */
import { findPerson } from '../../src/lib/core/room';
import type { DocumentRecord } from '../storage/documents';
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
  return (await liveSessionStanding(store, groupId, userId)).removed;
}

/**
 * A person's standing in the group's live session (if one is live and its room has not ended): removed from it, and,
 * for `document`, whether that document is linked to the session while the person is not in its room.
 */
export async function liveSessionStanding(
  store: Store,
  groupId: string,
  userId: string,
  document?: Pick<DocumentRecord, 'id' | 'kind'>
): Promise<{ removed: boolean; outsideRoomOfLinked: boolean }> {
  const none = { removed: false, outsideRoomOfLinked: false };
  const live = await store.sessions.liveForGroup(groupId);
  if (!live) return none;
  const room = await store.rooms.get(live.id);
  if (!room || room.state.ended) return none;
  const person = findPerson(room.state, userId);
  const removed = person?.removed === true;
  const inRoom = !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
  if (!document || inRoom) return { removed, outsideRoomOfLinked: false };
  return { removed, outsideRoomOfLinked: await isLinkedToSession(store, live.id, groupId, room.state.agenda.steps, document) };
}

/** An agenda step's board, or a copy of a worksheet of the session or linked from one of its steps. */
async function isLinkedToSession(
  store: Store,
  sessionId: string,
  groupId: string,
  steps: ReadonlyArray<{ boardId?: string | null; worksheetId?: string | null }>,
  document: Pick<DocumentRecord, 'id' | 'kind'>
): Promise<boolean> {
  if (document.kind === 'board') return steps.some((step) => step.boardId === document.id);
  if (document.kind !== 'worksheet') return false;
  const linked = new Set(steps.flatMap((step) => (step.worksheetId ? [step.worksheetId] : [])));
  const worksheets = (await store.worksheets.worksheetsOfGroup(groupId)).filter((w) => w.sessionId === sessionId || linked.has(w.id));
  if (worksheets.length === 0) return false;
  return (await store.worksheets.copiesOf(worksheets.map((w) => w.id))).some((copy) => copy.documentId === document.id);
}

/** Whether someone is let into a session's room right now, or was removed from it: what the relay and the HTTP reads of documents ask. */
import { findPerson } from '../../src/lib/core/room';
import type { DocumentRecord } from '../storage/documents';
import type { Store } from '../storage/store';
import { sessionIdOfDocName } from '../../src/lib/core/documents/names';
import type { Viewer } from '../../src/lib/core/documents/rights';
import type { Role } from '../../src/lib/core/group/rules';

/** In the room (connected or reconnecting), not waiting, not removed, and the room has not ended. */
export async function isInRoom(store: Store, docName: string, userId: string): Promise<boolean> {
  const sessionId = sessionIdOfDocName(docName);
  if (!sessionId) return false;
  const room = await store.rooms.get(sessionId);
  if (!room || room.state.ended) return false;
  const person = findPerson(room.state, userId);
  return !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
}

/**
 * The live-session part of a participant's rights on some of the group's documents (the `removedFromLiveSession` and
 * `outsideLiveSessionRoom` of documentAccess()): gathered here once for the relay's upgrade and re-checks and for
 * every HTTP read of a board's or worksheet's content, so both apply one rule. Facilitators and non-members are never
 * refused by it, and between sessions (no live session, or its room ended) both flags are false.
 */
export async function liveSessionViewer(
  store: Store,
  groupId: string,
  userId: string,
  role: Role | null,
  documents: ReadonlyArray<Pick<DocumentRecord, 'id' | 'kind'>>
): Promise<Pick<Viewer, 'removedFromLiveSession' | 'outsideLiveSessionRoom'>> {
  const none = { removedFromLiveSession: false, outsideLiveSessionRoom: false };
  if (role !== 'participant') return none;
  const live = await store.sessions.liveForGroup(groupId);
  if (!live) return none;
  const room = await store.rooms.get(live.id);
  if (!room || room.state.ended) return none;
  const person = findPerson(room.state, userId);
  const removed = person?.removed === true;
  const inRoom = !!person && !person.removed && (person.presence === 'admitted' || person.presence === 'reconnecting');
  if (removed || inRoom) return { removedFromLiveSession: removed, outsideLiveSessionRoom: false };
  const linked = await linkedToSession(store, live.id, groupId, room.state.agenda.steps, documents);
  return { removedFromLiveSession: false, outsideLiveSessionRoom: linked };
}

/** Whether any of `documents` is an agenda step's board, or a copy of a worksheet of the session or linked from a step. */
async function linkedToSession(
  store: Store,
  sessionId: string,
  groupId: string,
  steps: ReadonlyArray<{ boardId?: string | null; worksheetId?: string | null }>,
  documents: ReadonlyArray<Pick<DocumentRecord, 'id' | 'kind'>>
): Promise<boolean> {
  if (documents.some((doc) => doc.kind === 'board' && steps.some((step) => step.boardId === doc.id))) return true;
  const copies = new Set(documents.filter((doc) => doc.kind === 'worksheet').map((doc) => doc.id));
  if (copies.size === 0) return false;
  const linked = new Set(steps.flatMap((step) => (step.worksheetId ? [step.worksheetId] : [])));
  const worksheets = (await store.worksheets.worksheetsOfGroup(groupId)).filter((w) => w.sessionId === sessionId || linked.has(w.id));
  if (worksheets.length === 0) return false;
  return (await store.worksheets.copiesOf(worksheets.map((w) => w.id))).some((copy) => copies.has(copy.documentId));
}

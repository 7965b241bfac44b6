/**
 * Who may have media in a session: someone the live room (server/room, store.rooms) has let in, in a session that
 * is live, who is still a member of the group. Behind a small interface so signalling and tests need not know the room.
 */
import { isFacilitating } from '../../src/lib/core/group/rules';
import { isInRoom } from '../room/admission';
import { sessionStateDocName } from '../../src/lib/core/documents/names';
import type { Store } from '../storage/store';

export interface MediaAdmission {
  isAdmitted(sessionId: string, userId: string): Promise<boolean>;
}

export interface MediaMembership {
  groupId: string;
  facilitating: boolean;
}

/** The session's group and the person's standing in it, when the session is live and they are admitted. */
export async function admittedMembership(
  store: Store,
  admission: MediaAdmission,
  sessionId: string,
  userId: string
): Promise<MediaMembership | undefined> {
  const session = await store.sessions.get(sessionId);
  if (!session || session.status !== 'live') return undefined;
  const membership = await store.members.get(session.groupId, userId);
  if (!membership) return undefined;
  if (!(await admission.isAdmitted(sessionId, userId))) return undefined;
  return { groupId: session.groupId, facilitating: isFacilitating(membership.role) };
}

/**
 * The live room's own answer (server/room/admission.ts, also asked by the relay): in the room, connected or
 * reconnecting; not waiting, not removed; the room has not ended.
 */
export function roomAdmission(store: Store): MediaAdmission {
  return { isAdmitted: (sessionId, userId) => isInRoom(store, sessionStateDocName(sessionId), userId) };
}

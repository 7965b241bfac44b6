/**
 * One round of rights re-checks reads each row once: a Store view whose reads of the sign-in, the document, the
 * membership, the group's sessions and a session's room share one promise per key for the life of the view (one
 * re-check round, one instant). A thousand sockets of one group on a hundred boards then cost about a hundred
 * lookups instead of five thousand.
 */
import type { Store } from '../storage/store';

export function sharedReads(store: Store): Store {
  const share = <A extends unknown[], R>(read: (...args: A) => Promise<R>) => {
    const pending = new Map<string, Promise<R>>();
    return (...args: A): Promise<R> => {
      const key = args.join('\u0000');
      let result = pending.get(key);
      if (!result) {
        result = read(...args);
        pending.set(key, result);
      }
      return result;
    };
  };
  const logins: Store['logins'] = Object.assign(Object.create(store.logins), { get: share((id: string) => store.logins.get(id)) });
  const documents: Store['documents'] = Object.assign(Object.create(store.documents), { get: share((id: string) => store.documents.get(id)) });
  const members: Store['members'] = Object.assign(Object.create(store.members), {
    get: share((groupId: string, userId: string) => store.members.get(groupId, userId))
  });
  // Whether a participant was removed from the group's live session (server/room/admission.ts).
  const sessions: Store['sessions'] = Object.assign(Object.create(store.sessions), {
    liveForGroup: share((groupId: string) => store.sessions.liveForGroup(groupId))
  });
  const rooms: Store['rooms'] = Object.assign(Object.create(store.rooms), { get: share((sessionId: string) => store.rooms.get(sessionId)) });
  return Object.assign(Object.create(store) as Store, { logins, documents, members, sessions, rooms });
}

/**
 * A facilitator left a group (removed, demoted to participant, or left themselves): their wrapped copies of the group
 * notes key (every version) are deleted at once and, when they had any, a key rotation becomes due. The server cannot
 * rotate (it never has the key): the next remaining holder's browser does (src/lib/offline/group-notes.ts), and until
 * then nothing new is written (server/group-notes/access.ts answers 409 'key_rotation_due').
 */
import { audit } from '../http/access';
import type { AppContext } from '../http/context';

export async function groupNotesKeyHolderLeft(c: AppContext, groupId: string, userId: string): Promise<void> {
  const { store, now } = c.get('deps');
  const deleted = await store.groupNotes.facilitatorLeft(groupId, userId, now());
  if (deleted > 0) {
    await audit(c, { action: 'group_notes.key_rotation_due', targetType: 'user', targetId: userId, groupId, details: { copiesDeleted: deleted } });
  }
}

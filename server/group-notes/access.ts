/** Who may touch group notes: facilitators of the group; writers must hold the current version of its notes key. */
import { conflict, forbidden } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { requireGroupAccess, type GroupAccess } from '../http/access';
import type { AppContext } from '../http/context';
import { idParam } from '../http/validate';

export async function facilitatorAccess(c: AppContext): Promise<GroupAccess> {
  const access = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
  if (!isFacilitating(access.membership.role)) throw forbidden('Only facilitators can read or write group notes.');
  return access;
}

/**
 * Writing needs the group's current notes key (the server cannot check the ciphertext, but it can check who holds a
 * key and which version the writer says it used). While a rotation is due (a key holder left), nothing new is written
 * under the old key: the writer's browser rotates first (src/lib/offline/group-notes.ts).
 */
export async function requireKeyHolder(c: AppContext, access: GroupAccess, keyVersion?: number) {
  const { store } = c.get('deps');
  const state = await store.groupNotes.keyState(access.group.id);
  const mine = await store.groupNotes.groupKey(access.group.id, access.user.id, state.currentVersion);
  if (!mine) throw forbidden('You do not hold this group’s notes key yet. Ask a facilitator who does to share it with you.');
  if (state.rotationDueSince) {
    throw conflict('A facilitator left this group: the notes key must be renewed before anything new is written. Reload Group notes to renew it.', {
      reason: 'key_rotation_due'
    });
  }
  if (keyVersion !== undefined && keyVersion !== state.currentVersion) {
    throw conflict('The group notes key was renewed meanwhile. Reload Group notes and try again.', { reason: 'stale_key_version', currentVersion: state.currentVersion });
  }
  return state;
}

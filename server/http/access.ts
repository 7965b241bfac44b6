/** Who may touch a group: membership lookups and the audit trail, shared by every route. */
import { AppError, forbidden, notFound } from '../../src/lib/core/errors';
import { can, isFacilitating, type GroupAction } from '../../src/lib/core/group/rules';
import { requireUser } from '../auth/login-sessions';
import { liveSessionRefusal, type LiveSessionRefusal } from '../../src/lib/core/documents/rights';
import { liveSessionViewer } from '../room/admission';
import type { DocumentRecord } from '../storage/documents';
import type { AuditEntryInput, GroupRecord, MembershipRecord, UserRecord } from '../storage/store';
import type { AppContext } from './context';

export interface GroupAccess {
  user: UserRecord;
  group: GroupRecord;
  membership: MembershipRecord;
}

/**
 * The signed-in member's access to a group, checked against `action`. A group the person does not belong to
 * is "not found" (its existence is not confirmed); a member without the right gets 403.
 */
export async function requireGroupAccess(c: AppContext, groupId: string, action: GroupAction = 'view'): Promise<GroupAccess> {
  const user = requireUser(c);
  const { store } = c.get('deps');
  const [group, membership] = await Promise.all([store.groups.get(groupId), store.members.get(groupId, user.id)]);
  if (!group || !membership) throw notFound('Group');
  requireCan(membership, action);
  if (action !== 'view' && isFacilitating(membership.role) && group.requireSecondFactor && !c.get('login')?.secondFactorAt) {
    throw new AppError('forbidden', 'This group asks facilitators to sign in with a second factor. Set one up on your account page, then try again.', {
      reason: 'second_factor_required'
    });
  }
  return { user, group, membership };
}

/** Throws 403 with a plain reason unless the member's role allows `action`. */
export function requireCan(membership: MembershipRecord, action: GroupAction): void {
  if (!can(membership.role, action)) throw forbidden(FORBIDDEN_MESSAGES[action]);
}

const FORBIDDEN_MESSAGES: Record<GroupAction, string> = {
  view: 'You are not a member of this group.',
  edit_group: 'Only facilitators can change the group.',
  manage_invites: 'Only facilitators can manage invites.',
  manage_sessions: 'Only facilitators can manage sessions.',
  read_audit: 'Only facilitators can read the audit log.',
  remove_participant: 'Only facilitators can remove members.',
  change_roles: 'Only the lead facilitator can change roles.',
  remove_facilitator: 'Only the lead facilitator can remove a co-facilitator.'
};

/**
 * Every HTTP read of a board's or worksheet's content (the board, its versions and their states, the worksheet, its
 * copies, progress and exports) applies the relay's live-session rule, decided by liveSessionRefusal() in
 * src/lib/core/documents/rights.ts (which documentAccess() applies to sockets) over the same inputs
 * (liveSessionViewer): during a live session a participant removed from it opens none of the group's documents, and
 * one outside its room (never admitted, waiting, sent back) none of the documents linked to it. 403 with a reason;
 * lists of titles stay readable, and between sessions members read as always.
 */
export async function requireDocumentsOpen(
  c: AppContext,
  access: GroupAccess,
  documents: ReadonlyArray<Pick<DocumentRecord, 'id' | 'kind'>>
): Promise<void> {
  const standing = await liveSessionViewer(c.get('deps').store, access.group.id, access.user.id, access.membership.role, documents);
  const refusal = liveSessionRefusal({ role: access.membership.role, isOwner: false, ...standing });
  if (refusal) throw new AppError('forbidden', LIVE_SESSION_REFUSALS[refusal], { reason: refusal });
}

const LIVE_SESSION_REFUSALS: Record<LiveSessionRefusal, string> = {
  removed_from_session: 'You were removed from this session. The group’s boards and worksheets open again when it ends.',
  not_in_room: 'This is in use in the live session. It opens once a facilitator lets you into the room, and for everyone when the session ends.'
};

/** Appends to the audit log with the request's actor and IP. */
export async function audit(c: AppContext, entry: Omit<AuditEntryInput, 'actorUserId' | 'ip'> & { actorUserId?: string | null }) {
  await c.get('deps').store.audit.append({
    actorUserId: entry.actorUserId ?? c.get('user')?.id ?? null,
    ip: c.get('ip'),
    ...entry
  });
}

export function assertFound<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

export const invalidState = (message: string) => new AppError('conflict', message);

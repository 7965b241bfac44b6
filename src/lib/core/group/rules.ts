/**
 * Groups and roles: who may do what inside a group. Pure rules, no storage.
 * "Facilitating" roles are the facilitator and co-facilitators; the lead facilitator alone changes roles.
 */

export const GROUP_KINDS = [
  'cbt',
  'dbt',
  'grief',
  'addiction_recovery',
  'anxiety_depression',
  'trauma',
  'other'
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const GROUP_KIND_LABELS: Record<GroupKind, string> = {
  cbt: 'CBT',
  dbt: 'DBT',
  grief: 'Grief',
  addiction_recovery: 'Addiction recovery',
  anxiety_depression: 'Anxiety and depression',
  trauma: 'Trauma',
  other: 'Other'
};

export const ROLES = ['facilitator', 'co_facilitator', 'participant'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  co_facilitator: 'Co-facilitator',
  participant: 'Participant'
};

/** "You are the facilitator", "You are a co-facilitator", "You are a participant": a group has one lead facilitator. */
export function yourRole(role: Role): string {
  return role === 'facilitator' ? 'You are the facilitator' : `You are a ${ROLE_LABELS[role].toLowerCase()}`;
}

export const DEFAULT_MAX_SIZE = 10;
export const MAX_GROUP_SIZE = 15;

/** A starting point for a group agreement; the facilitator edits it. Written in our own words. */
export const DEFAULT_AGREEMENT = [
  'Privacy: what is shared in the group stays in the group. Do not share names or stories outside it.',
  'No recording: no screenshots, audio or video recording of the session by anyone.',
  'First names only: use your first name or a name you choose.',
  'Join from a private space where others cannot overhear, with headphones if you can.',
  'If you drop off: rejoin with the same link. If you cannot, the facilitator will check in with you after the session.',
  'If you are in crisis, tell a facilitator privately; the group is not an emergency service.'
].join('\n\n');

export type GroupAction =
  | 'view'
  | 'edit_group'
  | 'manage_invites'
  | 'manage_sessions'
  | 'read_audit'
  | 'remove_participant'
  | 'change_roles'
  | 'remove_facilitator';

export function isFacilitating(role: Role): boolean {
  return role === 'facilitator' || role === 'co_facilitator';
}

/** Whether a member with `role` may perform `action` in their group. */
export function can(role: Role, action: GroupAction): boolean {
  switch (action) {
    case 'view':
      return true;
    case 'edit_group':
    case 'manage_invites':
    case 'manage_sessions':
    case 'read_audit':
    case 'remove_participant':
      return isFacilitating(role);
    case 'change_roles':
    case 'remove_facilitator':
      return role === 'facilitator';
  }
}

/** The action needed to remove a member holding `targetRole`. */
export function removalAction(targetRole: Role): GroupAction {
  return targetRole === 'participant' ? 'remove_participant' : 'remove_facilitator';
}

/** Roles a lead facilitator may give to another member (the lead role is not handed over here). */
export const ASSIGNABLE_ROLES = ['co_facilitator', 'participant'] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** Whether a group with `memberCount` members can take one more. */
export function hasRoomFor(memberCount: number, maxSize: number): boolean {
  return memberCount < maxSize;
}

/** Answer shapes of /api, built from the core types the server presents. */
import type { PublicUser } from '$lib/core/account/schema';
import type { Role } from '$lib/core/group/rules';
import type { Group, GroupSummary, InviteInfo, Member } from '$lib/core/group/schema';
import type { AttendanceRecord, GroupSession } from '$lib/core/session/rules';

export interface MeAnswer {
  user: PublicUser;
  login: { expiresAt: string; idleTimeoutMinutes: number };
}

/** GET /api/auth/current: the same as /api/me while signed in, nobody otherwise. */
export type CurrentSignInAnswer = MeAnswer | { user: null; login: null };

export interface GroupDetail {
  group: Group;
  members: Member[];
  myRole: Role;
  agreementAccepted: boolean;
}

export interface GroupsAnswer {
  groups: GroupSummary[];
}

export interface UpcomingSession extends GroupSession {
  groupName: string;
}

export interface CreatedInvite extends InviteInfo {
  token: string;
  url: string;
}

export interface InvitePreview {
  group: Group;
  facilitators: { displayName: string; role: Role }[];
  full: boolean;
  alreadyMember: boolean;
  expiresAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorDisplayName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface SessionDetail {
  session: GroupSession;
  attendance?: AttendanceRecord[];
}

/** Storage records to the wire shapes of src/lib/core (dates as ISO strings, nothing private). */
import type { PublicUser } from '../../src/lib/core/account/schema';
import { isFacilitating, type Role } from '../../src/lib/core/group/rules';
import { inviteStatus, type Group, type InviteInfo, type Member } from '../../src/lib/core/group/schema';
import type { AttendanceRecord, GroupSession } from '../../src/lib/core/session/rules';
import type {
  AttendanceRecordRow,
  AuditEntry,
  GroupRecord,
  InviteRecord,
  MemberRecord,
  SessionRecord,
  UserRecord
} from '../storage/store';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const presentUser = (user: UserRecord): PublicUser => ({ id: user.id, email: user.email, displayName: user.displayName });

export const presentGroup = (group: GroupRecord): Group => ({
  id: group.id,
  name: group.name,
  kind: group.kind,
  description: group.description,
  maxSize: group.maxSize,
  agreement: group.agreement,
  agreementVersion: group.agreementVersion,
  timeZone: group.timeZone,
  remindDayBefore: group.remindDayBefore,
  remindHourBefore: group.remindHourBefore,
  billingServiceCode: group.billingServiceCode,
  billingModifier: group.billingModifier,
  billingPlaceOfService: group.billingPlaceOfService,
  requireSecondFactor: group.requireSecondFactor,
  createdAt: group.createdAt.toISOString(),
  updatedAt: group.updatedAt.toISOString()
});

/** Participants see display names and roles; facilitators also see emails. */
export const presentMember = (member: MemberRecord, viewerRole: Role): Member => ({
  userId: member.userId,
  displayName: member.displayName,
  role: member.role,
  joinedAt: member.joinedAt.toISOString(),
  ...(isFacilitating(viewerRole) ? { email: member.email } : {})
});

export const presentInvite = (invite: InviteRecord, now: Date): InviteInfo => ({
  id: invite.id,
  maxUses: invite.maxUses,
  uses: invite.uses,
  expiresAt: invite.expiresAt.toISOString(),
  revokedAt: iso(invite.revokedAt),
  createdAt: invite.createdAt.toISOString(),
  status: inviteStatus(invite, now)
});

export const presentSession = (session: SessionRecord): GroupSession => ({
  id: session.id,
  groupId: session.groupId,
  title: session.title,
  startsAt: iso(session.startsAt),
  durationMinutes: session.durationMinutes,
  status: session.status,
  startedAt: iso(session.startedAt),
  endedAt: iso(session.endedAt),
  seriesId: session.seriesId,
  seriesIndex: session.seriesIndex,
  originalStartsAt: iso(session.originalStartsAt),
  sequence: session.sequence,
  cancelledAt: iso(session.cancelledAt),
  createdAt: session.createdAt.toISOString()
});

export const presentAttendance = (row: AttendanceRecordRow): AttendanceRecord => ({
  userId: row.userId,
  displayName: row.displayName,
  joinedAt: row.joinedAt.toISOString(),
  leftAt: iso(row.leftAt)
});

export const presentAudit = (entry: AuditEntry) => ({
  id: entry.id,
  at: entry.at.toISOString(),
  actorUserId: entry.actorUserId,
  actorDisplayName: entry.actorDisplayName,
  action: entry.action,
  targetType: entry.targetType,
  targetId: entry.targetId,
  groupId: entry.groupId,
  ip: entry.ip,
  details: entry.details
});

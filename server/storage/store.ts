/**
 * Storage behind one interface. The app, the relay and the tests speak only to this;
 * tests/storage.contract.ts runs one suite against every implementation and driver.
 */
import type { Role } from '../../src/lib/core/group/rules';
import type { Group } from '../../src/lib/core/group/schema';
import type { SessionStatus } from '../../src/lib/core/session/rules';
import type { ChainedEntry } from '../audit/chain';
import type { SecondFactorStorage } from './second-factors';
import type { DocumentStore } from './documents';
import type { RoomStore } from './rooms';
import type { ChatStorage } from './chat';
import type { NotesStorage } from './notes';
import type { WorksheetStorage } from './worksheets';
import type { ScheduleStorage } from './schedule';
import type { AttendanceStorage } from './attendance';
import type { JobQueue } from './jobs';
import type { MeasureStorage } from './measures';
import type { GroupNotesStorage } from './group-notes';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
}

export interface LoginRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** When this sign-in passed the second factor; null: not passed. */
  secondFactorAt: Date | null;
  /** The person has a confirmed second factor, so this sign-in counts only once it passed it. */
  secondFactorRequired: boolean;
}

/** A group row: the wire shape (src/lib/core/group/schema.ts) with real times and its creator. */
export interface GroupRecord extends Omit<Group, 'createdAt' | 'updatedAt'> {
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The group's scheduling and report settings a facilitator may change. */
export type GroupSettings = Pick<
  GroupRecord,
  | 'timeZone'
  | 'remindDayBefore'
  | 'remindHourBefore'
  | 'billingServiceCode'
  | 'billingModifier'
  | 'billingPlaceOfService'
  | 'requireSecondFactor'
>;

export interface MembershipRecord {
  groupId: string;
  userId: string;
  role: Role;
  joinedAt: Date;
}

export interface MemberRecord extends MembershipRecord {
  displayName: string;
  email: string;
}

export interface InviteRecord {
  id: string;
  groupId: string;
  tokenHash: string;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface SessionRecord {
  id: string;
  groupId: string;
  title: string;
  startsAt: Date | null;
  durationMinutes: number;
  status: SessionStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  seriesId: string | null;
  seriesIndex: number | null;
  originalStartsAt: Date | null;
  sequence: number;
  cancelledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface AttendanceRecordRow {
  sessionId: string;
  userId: string;
  displayName: string;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface AuditEntryInput {
  actorUserId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  groupId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'details'>> {
  id: number;
  at: Date;
  actorDisplayName: string | null;
  details: Record<string, unknown> | null;
}

export interface AcceptanceRecord {
  groupId: string;
  userId: string;
  agreementVersion: number;
  acceptedAt: Date;
}

/** Why an invite could not be redeemed; the API turns each into a clear error. */
export type RedeemOutcome =
  | { ok: true; membership: MembershipRecord; alreadyMember: boolean }
  | { ok: false; reason: 'not_found' | 'revoked' | 'expired' | 'used_up' | 'group_full' | 'agreement_changed' | 'removed' };

/** A person a facilitator removed from a group, who may not rejoin until allowed. */
export interface RemovalRecord {
  groupId: string;
  userId: string;
  displayName: string;
  removedBy: string | null;
  removedAt: Date;
}

export interface Store {
  readonly users: {
    /** Returns undefined when the email is taken. */
    create(user: Omit<UserRecord, 'createdAt'>): Promise<UserRecord | undefined>;
    byId(id: string): Promise<UserRecord | undefined>;
    byEmail(email: string): Promise<UserRecord | undefined>;
    update(id: string, patch: Partial<Pick<UserRecord, 'displayName' | 'passwordHash'>>): Promise<UserRecord | undefined>;
  };
  readonly logins: {
    create(login: Omit<LoginRecord, 'createdAt' | 'lastSeenAt' | 'secondFactorAt' | 'secondFactorRequired'> & { ip: string | null; userAgent: string | null; now: Date }): Promise<void>;
    get(id: string): Promise<(LoginRecord & { user: UserRecord }) | undefined>;
    touch(id: string, at: Date): Promise<void>;
    /** This sign-in passed the second factor. */
    passSecondFactor(id: string, at: Date): Promise<void>;
    delete(id: string): Promise<void>;
    /** Signs a person out everywhere but `keepId`; returns the ids of the sign-ins it ended. */
    deleteForUser(userId: string, keepId?: string): Promise<string[]>;
  };
  readonly groups: {
    /** Creates the group with its creator as facilitator, in one transaction. */
    create(group: Omit<GroupRecord, 'createdAt' | 'updatedAt' | 'agreementVersion' | keyof GroupSettings> & Partial<GroupSettings>): Promise<GroupRecord>;
    get(id: string): Promise<GroupRecord | undefined>;
    /** A changed agreement text bumps agreementVersion. */
    update(
      id: string,
      patch: Partial<Pick<GroupRecord, 'name' | 'kind' | 'description' | 'maxSize' | 'agreement'> & GroupSettings>
    ): Promise<GroupRecord | undefined>;
    listForUser(userId: string): Promise<Array<GroupRecord & { role: Role; memberCount: number }>>;
  };
  readonly members: {
    get(groupId: string, userId: string): Promise<MembershipRecord | undefined>;
    /** Facilitator first, then co-facilitators, then participants; each by joining time. */
    list(groupId: string): Promise<MemberRecord[]>;
    count(groupId: string): Promise<number>;
    setRole(groupId: string, userId: string, role: Role): Promise<MembershipRecord | undefined>;
    remove(groupId: string, userId: string): Promise<boolean>;
    /** Remembers that a facilitator removed this person: invites refuse them until allowRejoin. */
    recordRemoval(groupId: string, userId: string, removedBy: string, at: Date): Promise<void>;
    listRemoved(groupId: string): Promise<RemovalRecord[]>;
    /** Forgets the removal; false when there was none. */
    allowRejoin(groupId: string, userId: string): Promise<boolean>;
    latestAcceptance(groupId: string, userId: string): Promise<AcceptanceRecord | undefined>;
    recordAcceptance(groupId: string, userId: string, agreementVersion: number, agreementText: string): Promise<AcceptanceRecord>;
  };
  readonly invites: {
    create(invite: Omit<InviteRecord, 'uses' | 'revokedAt' | 'createdAt'>): Promise<InviteRecord>;
    byTokenHash(tokenHash: string): Promise<InviteRecord | undefined>;
    get(id: string): Promise<InviteRecord | undefined>;
    listForGroup(groupId: string): Promise<InviteRecord[]>;
    revoke(id: string, at: Date): Promise<InviteRecord | undefined>;
    /**
     * Atomically: checks the invite and the group's room, counts a use, adds the member as participant and
     * records the agreement they accepted. Concurrent redemptions never exceed maxUses or the group's size.
     */
    redeem(tokenHash: string, userId: string, agreementVersion: number, now: Date): Promise<RedeemOutcome>;
  };
  readonly sessions: {
    create(
      session: Omit<SessionRecord, 'status' | 'startedAt' | 'endedAt' | 'createdAt' | 'seriesId' | 'seriesIndex' | 'originalStartsAt' | 'sequence' | 'cancelledAt'>
    ): Promise<SessionRecord>;
    get(id: string): Promise<SessionRecord | undefined>;
    update(id: string, patch: Partial<Pick<SessionRecord, 'title' | 'startsAt' | 'durationMinutes' | 'sequence'>>): Promise<SessionRecord | undefined>;
    /** Moves status from one of `from` to `to`; undefined when the session was not in `from` (a concurrent change). */
    transition(id: string, from: SessionStatus[], to: SessionStatus, at: Date): Promise<SessionRecord | undefined>;
    listForGroup(groupId: string): Promise<SessionRecord[]>;
    /** The group's live session, if one is (a group has at most one). */
    liveForGroup(groupId: string): Promise<SessionRecord | undefined>;
    /** Every live session of every group (a starting process re-arms their rooms' timers). */
    listLive(): Promise<SessionRecord[]>;
    /** Scheduled and live sessions of every group the user belongs to. */
    listUpcomingForUser(userId: string): Promise<Array<SessionRecord & { groupName: string }>>;
  };
  readonly attendance: {
    open(sessionId: string, userId: string, at: Date): Promise<void>;
    close(sessionId: string, userId: string, at: Date): Promise<void>;
    /** Closes every open stay of a session (when it ends). */
    closeAll(sessionId: string, at: Date): Promise<void>;
    list(sessionId: string): Promise<AttendanceRecordRow[]>;
  };
  readonly audit: {
    append(entry: AuditEntryInput): Promise<void>;
    listForGroup(groupId: string, options?: { beforeId?: number; limit?: number }): Promise<AuditEntry[]>;
    listForActor(actorUserId: string, options?: { beforeId?: number; limit?: number }): Promise<AuditEntry[]>;
    /** Every entry of a group's chain, oldest first, with its links (for GET /api/groups/:id/audit/verify). */
    chainOfGroup(groupId: string): Promise<ChainedEntry[]>;
  };
  /** Collaborative documents: rows, update log, snapshots, versions (server/storage/documents.ts). */
  readonly documents: DocumentStore;
  /** Live session rooms and safety check-ins (server/storage/rooms.ts). */
  readonly rooms: RoomStore;
  /** Chat messages of sessions (server/storage/chat.ts). */
  readonly chat: ChatStorage;
  /** Private notes: keyrings and encrypted entries the server cannot read (server/storage/notes.ts). */
  readonly notes: NotesStorage;
  /** TOTP second factors and their recovery codes (server/storage/second-factors.ts). */
  readonly secondFactors: SecondFactorStorage;
  /** Custom templates, worksheets and their copies (server/storage/worksheets.ts). */
  readonly worksheets: WorksheetStorage;
  /** Weekly series, the week's sessions across groups, feeds and reminder preferences (server/storage/schedule.ts). */
  readonly schedule: ScheduleStorage;
  /** Confirmed attendance and its report (server/storage/attendance.ts). */
  readonly attendanceRecords: AttendanceStorage;
  /** The durable job table behind reminder emails (server/storage/jobs.ts). */
  readonly jobs: JobQueue;
  /** PHQ-9/GAD-7 schedules, responses, risk alerts and crisis resources (server/storage/measures.ts). */
  readonly measures: MeasureStorage;
  /** Group progress notes: facilitator keys, wrapped group keys, encrypted signed notes (server/storage/group-notes.ts). */
  readonly groupNotes: GroupNotesStorage;
  /** Resolves once the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

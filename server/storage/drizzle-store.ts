/** The Store over drizzle-orm: one implementation over PostgreSQL (postgres.js). */
import { and, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { GroupKind, Role } from '../../src/lib/core/group/rules';
import type { SessionStatus } from '../../src/lib/core/session/rules';
import { inviteStatus } from '../../src/lib/core/group/schema';
import { type Database, type DbHandle, rawQuery } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import * as t from '../db/schema';
import { createDrizzleAuditStorage } from './drizzle-audit';
import { createDrizzleDocumentStore } from './drizzle-documents';
import { createDrizzleRoomStore } from './drizzle-rooms';
import { createDrizzleChatStorage } from './drizzle-chat';
import { createDrizzleNotesStorage } from './drizzle-notes';
import { createDrizzleWorksheetStorage } from './drizzle-worksheets';
import { createDrizzleScheduleStorage } from './drizzle-schedule';
import { createDrizzleAttendanceStorage } from './drizzle-attendance';
import { createJobQueue } from './drizzle-jobs';
import { createDrizzleMeasureStorage } from './drizzle-measures';
import { createDrizzleGroupNotesStorage } from './drizzle-group-notes';
import { createDrizzleSecondFactorStorage } from './drizzle-second-factors';
import type {
  AcceptanceRecord,
  GroupRecord,
  InviteRecord,
  MembershipRecord,
  SessionRecord,
  Store,
  UserRecord
} from './store';

const asGroup = (row: typeof t.groups.$inferSelect): GroupRecord => ({ ...row, kind: row.kind as GroupKind });
const asMembership = (row: typeof t.memberships.$inferSelect): MembershipRecord => ({ ...row, role: row.role as Role });
const asSession = (row: typeof t.groupSessions.$inferSelect): SessionRecord => ({
  ...row,
  status: row.status as SessionStatus
});
const asUser = (row: typeof t.users.$inferSelect): UserRecord => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  passwordHash: row.passwordHash,
  createdAt: row.createdAt
});


export function createDrizzleStore(handle: DbHandle): Store {
  const db: Database = handle.db;

  return {
    users: {
      async create(user) {
        try {
          const [row] = await db.insert(t.users).values(user).returning();
          return asUser(row);
        } catch (error) {
          if (isUniqueViolation(error)) return undefined;
          throw error;
        }
      },
      async byId(id) {
        const [row] = await db.select().from(t.users).where(eq(t.users.id, id));
        return row && asUser(row);
      },
      async byEmail(email) {
        const [row] = await db.select().from(t.users).where(eq(t.users.email, email));
        return row && asUser(row);
      },
      async update(id, patch) {
        const [row] = await db
          .update(t.users)
          .set({ ...patch, updatedAt: new Date() })
          .where(eq(t.users.id, id))
          .returning();
        return row && asUser(row);
      }
    },

    logins: {
      async create({ id, userId, expiresAt, ip, userAgent, now }) {
        await db.insert(t.loginSessions).values({ id, userId, expiresAt, ip, userAgent, createdAt: now, lastSeenAt: now });
      },
      async get(id) {
        const [row] = await db
          .select({ login: t.loginSessions, user: t.users, factorConfirmedAt: t.secondFactors.confirmedAt })
          .from(t.loginSessions)
          .innerJoin(t.users, eq(t.users.id, t.loginSessions.userId))
          .leftJoin(t.secondFactors, eq(t.secondFactors.userId, t.loginSessions.userId))
          .where(eq(t.loginSessions.id, id));
        if (!row) return undefined;
        const { login, user } = row;
        return {
          id: login.id,
          userId: login.userId,
          createdAt: login.createdAt,
          lastSeenAt: login.lastSeenAt,
          expiresAt: login.expiresAt,
          secondFactorAt: login.secondFactorAt,
          secondFactorRequired: row.factorConfirmedAt !== null,
          user: asUser(user)
        };
      },
      async passSecondFactor(id, at) {
        await db.update(t.loginSessions).set({ secondFactorAt: at }).where(eq(t.loginSessions.id, id));
      },
      async touch(id, at) {
        await db.update(t.loginSessions).set({ lastSeenAt: at }).where(eq(t.loginSessions.id, id));
      },
      async delete(id) {
        await db.delete(t.loginSessions).where(eq(t.loginSessions.id, id));
      },
      async deleteForUser(userId, keepId) {
        const rows = await db
          .delete(t.loginSessions)
          .where(keepId ? and(eq(t.loginSessions.userId, userId), ne(t.loginSessions.id, keepId)) : eq(t.loginSessions.userId, userId))
          .returning({ id: t.loginSessions.id });
        return rows.map((row) => row.id);
      }
    },

    groups: {
      async create(group) {
        return db.transaction(async (tx) => {
          const [row] = await tx.insert(t.groups).values(group).returning();
          await tx.insert(t.memberships).values({ groupId: row.id, userId: group.createdBy, role: 'facilitator' });
          return asGroup(row);
        });
      },
      async get(id) {
        const [row] = await db.select().from(t.groups).where(eq(t.groups.id, id));
        return row && asGroup(row);
      },
      async update(id, patch) {
        return db.transaction(async (tx) => {
          const [current] = await tx.select().from(t.groups).where(eq(t.groups.id, id)).for('update');
          if (!current) return undefined;
          const agreementChanged = patch.agreement !== undefined && patch.agreement !== current.agreement;
          const [row] = await tx
            .update(t.groups)
            .set({
              ...patch,
              updatedAt: new Date(),
              ...(agreementChanged ? { agreementVersion: current.agreementVersion + 1 } : {})
            })
            .where(eq(t.groups.id, id))
            .returning();
          return asGroup(row);
        });
      },
      async listForUser(userId) {
        const memberCount = db
          .select({ groupId: t.memberships.groupId, n: count().as('n') })
          .from(t.memberships)
          .groupBy(t.memberships.groupId)
          .as('member_count');
        const rows = await db
          .select({ group: t.groups, role: t.memberships.role, memberCount: memberCount.n })
          .from(t.memberships)
          .innerJoin(t.groups, eq(t.groups.id, t.memberships.groupId))
          .innerJoin(memberCount, eq(memberCount.groupId, t.groups.id))
          .where(eq(t.memberships.userId, userId))
          .orderBy(t.groups.name);
        return rows.map((row) => ({ ...asGroup(row.group), role: row.role as Role, memberCount: Number(row.memberCount) }));
      }
    },

    members: {
      async get(groupId, userId) {
        const [row] = await db
          .select()
          .from(t.memberships)
          .where(and(eq(t.memberships.groupId, groupId), eq(t.memberships.userId, userId)));
        return row && asMembership(row);
      },
      async list(groupId) {
        const rows = await db
          .select({ membership: t.memberships, displayName: t.users.displayName, email: t.users.email })
          .from(t.memberships)
          .innerJoin(t.users, eq(t.users.id, t.memberships.userId))
          .where(eq(t.memberships.groupId, groupId))
          .orderBy(sql`case ${t.memberships.role} when 'facilitator' then 0 when 'co_facilitator' then 1 else 2 end`, t.memberships.joinedAt);
        return rows.map((row) => ({ ...asMembership(row.membership), displayName: row.displayName, email: row.email }));
      },
      async count(groupId) {
        const [row] = await db.select({ n: count() }).from(t.memberships).where(eq(t.memberships.groupId, groupId));
        return Number(row.n);
      },
      async setRole(groupId, userId, role) {
        const [row] = await db
          .update(t.memberships)
          .set({ role })
          .where(and(eq(t.memberships.groupId, groupId), eq(t.memberships.userId, userId)))
          .returning();
        return row && asMembership(row);
      },
      async remove(groupId, userId) {
        const rows = await db
          .delete(t.memberships)
          .where(and(eq(t.memberships.groupId, groupId), eq(t.memberships.userId, userId)))
          .returning();
        return rows.length > 0;
      },
      async recordRemoval(groupId, userId, removedBy, at) {
        await db
          .insert(t.groupRemovals)
          .values({ groupId, userId, removedBy, removedAt: at })
          .onConflictDoUpdate({ target: [t.groupRemovals.groupId, t.groupRemovals.userId], set: { removedBy, removedAt: at } });
      },
      async listRemoved(groupId) {
        const rows = await db
          .select({ removal: t.groupRemovals, displayName: t.users.displayName })
          .from(t.groupRemovals)
          .innerJoin(t.users, eq(t.users.id, t.groupRemovals.userId))
          .where(eq(t.groupRemovals.groupId, groupId))
          .orderBy(desc(t.groupRemovals.removedAt));
        return rows.map((row) => ({ ...row.removal, displayName: row.displayName }));
      },
      async allowRejoin(groupId, userId) {
        const rows = await db
          .delete(t.groupRemovals)
          .where(and(eq(t.groupRemovals.groupId, groupId), eq(t.groupRemovals.userId, userId)))
          .returning();
        return rows.length > 0;
      },
      async latestAcceptance(groupId, userId) {
        const [row] = await db
          .select()
          .from(t.agreementAcceptances)
          .where(and(eq(t.agreementAcceptances.groupId, groupId), eq(t.agreementAcceptances.userId, userId)))
          .orderBy(desc(t.agreementAcceptances.id))
          .limit(1);
        return row && toAcceptance(row);
      },
      async recordAcceptance(groupId, userId, agreementVersion, agreementText) {
        const [row] = await db
          .insert(t.agreementAcceptances)
          .values({ groupId, userId, agreementVersion, agreementText })
          .returning();
        return toAcceptance(row);
      }
    },

    invites: {
      async create(invite) {
        const [row] = await db.insert(t.invites).values(invite).returning();
        return row;
      },
      async byTokenHash(tokenHash) {
        const [row] = await db.select().from(t.invites).where(eq(t.invites.tokenHash, tokenHash));
        return row;
      },
      async get(id) {
        const [row] = await db.select().from(t.invites).where(eq(t.invites.id, id));
        return row;
      },
      async listForGroup(groupId) {
        return db.select().from(t.invites).where(eq(t.invites.groupId, groupId)).orderBy(desc(t.invites.createdAt));
      },
      async revoke(id, at) {
        const [row] = await db
          .update(t.invites)
          .set({ revokedAt: at })
          .where(and(eq(t.invites.id, id), isNull(t.invites.revokedAt)))
          .returning();
        return row ?? (await this.get(id));
      },
      async redeem(tokenHash, userId, agreementVersion, now) {
        return db.transaction(async (tx) => {
          const [invite] = await tx.select().from(t.invites).where(eq(t.invites.tokenHash, tokenHash)).for('update');
          if (!invite) return { ok: false, reason: 'not_found' } as const;
          // Lock the group row: concurrent redemptions of any invite to this group queue here.
          const [group] = await tx.select().from(t.groups).where(eq(t.groups.id, invite.groupId)).for('update');
          if (!group) return { ok: false, reason: 'not_found' } as const;
          const [existing] = await tx
            .select()
            .from(t.memberships)
            .where(and(eq(t.memberships.groupId, group.id), eq(t.memberships.userId, userId)));
          if (existing) return { ok: true, membership: asMembership(existing), alreadyMember: true } as const;
          const [removed] = await tx
            .select()
            .from(t.groupRemovals)
            .where(and(eq(t.groupRemovals.groupId, group.id), eq(t.groupRemovals.userId, userId)));
          if (removed) return { ok: false, reason: 'removed' } as const;
          const status = inviteStatus(invite, now);
          if (status !== 'active') return { ok: false, reason: status } as const;
          if (group.agreementVersion !== agreementVersion) return { ok: false, reason: 'agreement_changed' } as const;
          const [{ n }] = await tx.select({ n: count() }).from(t.memberships).where(eq(t.memberships.groupId, group.id));
          if (Number(n) >= group.maxSize) return { ok: false, reason: 'group_full' } as const;
          await tx.update(t.invites).set({ uses: sql`${t.invites.uses} + 1` }).where(eq(t.invites.id, invite.id));
          const [membership] = await tx
            .insert(t.memberships)
            .values({ groupId: group.id, userId, role: 'participant', joinedAt: now })
            .returning();
          await tx.insert(t.agreementAcceptances).values({
            groupId: group.id,
            userId,
            agreementVersion: group.agreementVersion,
            agreementText: group.agreement,
            acceptedAt: now
          });
          return { ok: true, membership: asMembership(membership), alreadyMember: false } as const;
        });
      }
    },

    sessions: {
      async create(session) {
        const [row] = await db.insert(t.groupSessions).values(session).returning();
        return asSession(row);
      },
      async get(id) {
        const [row] = await db.select().from(t.groupSessions).where(eq(t.groupSessions.id, id));
        return row && asSession(row);
      },
      async update(id, patch) {
        const [row] = await db.update(t.groupSessions).set(patch).where(eq(t.groupSessions.id, id)).returning();
        return row && asSession(row);
      },
      async transition(id, from, to, at) {
        const stamp =
          to === 'live'
            ? { startedAt: at }
            : to === 'ended'
              ? { endedAt: at }
              : to === 'cancelled'
                ? { cancelledAt: at, sequence: sql`${t.groupSessions.sequence} + 1` }
                : {};
        const [row] = await db
          .update(t.groupSessions)
          .set({ status: to, ...stamp })
          .where(and(eq(t.groupSessions.id, id), inArray(t.groupSessions.status, from)))
          .returning();
        return row && asSession(row);
      },
      async listForGroup(groupId) {
        const rows = await db
          .select()
          .from(t.groupSessions)
          .where(eq(t.groupSessions.groupId, groupId))
          .orderBy(sql`${t.groupSessions.startsAt} asc nulls last`, t.groupSessions.createdAt);
        return rows.map(asSession);
      },
      async liveForGroup(groupId) {
        const [row] = await db
          .select()
          .from(t.groupSessions)
          .where(and(eq(t.groupSessions.groupId, groupId), eq(t.groupSessions.status, 'live')))
          .limit(1);
        return row && asSession(row);
      },
      async listLive() {
        const rows = await db.select().from(t.groupSessions).where(eq(t.groupSessions.status, 'live'));
        return rows.map(asSession);
      },
      async listUpcomingForUser(userId) {
        const rows = await db
          .select({ session: t.groupSessions, groupName: t.groups.name })
          .from(t.groupSessions)
          .innerJoin(t.memberships, eq(t.memberships.groupId, t.groupSessions.groupId))
          .innerJoin(t.groups, eq(t.groups.id, t.groupSessions.groupId))
          .where(and(eq(t.memberships.userId, userId), inArray(t.groupSessions.status, ['scheduled', 'live'])))
          .orderBy(sql`${t.groupSessions.startsAt} asc nulls last`)
          .limit(50);
        return rows.map((row) => ({ ...asSession(row.session), groupName: row.groupName }));
      }
    },

    attendance: {
      async open(sessionId, userId, at) {
        await db.transaction(async (tx) => {
          const [open] = await tx
            .select({ id: t.attendance.id })
            .from(t.attendance)
            .where(and(eq(t.attendance.sessionId, sessionId), eq(t.attendance.userId, userId), isNull(t.attendance.leftAt)));
          if (!open) await tx.insert(t.attendance).values({ sessionId, userId, joinedAt: at });
        });
      },
      async close(sessionId, userId, at) {
        await db
          .update(t.attendance)
          .set({ leftAt: at })
          .where(and(eq(t.attendance.sessionId, sessionId), eq(t.attendance.userId, userId), isNull(t.attendance.leftAt)));
      },
      async closeAll(sessionId, at) {
        await db
          .update(t.attendance)
          .set({ leftAt: at })
          .where(and(eq(t.attendance.sessionId, sessionId), isNull(t.attendance.leftAt)));
      },
      async list(sessionId) {
        return db
          .select({
            sessionId: t.attendance.sessionId,
            userId: t.attendance.userId,
            displayName: t.users.displayName,
            joinedAt: t.attendance.joinedAt,
            leftAt: t.attendance.leftAt
          })
          .from(t.attendance)
          .innerJoin(t.users, eq(t.users.id, t.attendance.userId))
          .where(eq(t.attendance.sessionId, sessionId))
          .orderBy(t.attendance.joinedAt);
      }
    },

    audit: createDrizzleAuditStorage(db),
    documents: createDrizzleDocumentStore(db, handle.sql),
    rooms: createDrizzleRoomStore(db),
    chat: createDrizzleChatStorage(db),
    notes: createDrizzleNotesStorage(db),
    worksheets: createDrizzleWorksheetStorage(db),
    schedule: createDrizzleScheduleStorage(db),
    attendanceRecords: createDrizzleAttendanceStorage(db),
    jobs: createJobQueue(rawQuery(handle.sql)),
    measures: createDrizzleMeasureStorage(db),
    groupNotes: createDrizzleGroupNotesStorage(db),
    secondFactors: createDrizzleSecondFactorStorage(db),

    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => handle.close()
  };
}

function toAcceptance(row: typeof t.agreementAcceptances.$inferSelect): AcceptanceRecord {
  return {
    groupId: row.groupId,
    userId: row.userId,
    agreementVersion: row.agreementVersion,
    acceptedAt: row.acceptedAt
  };
}

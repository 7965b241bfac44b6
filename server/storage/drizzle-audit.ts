/** The audit log over drizzle-orm: appends keep each group's hash chain (server/audit/chain.ts); reads page back by id. */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { entryHash, GENESIS } from '../audit/chain';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { AuditEntry, Store } from './store';

export function createDrizzleAuditStorage(db: Database): Store['audit'] {
  const auditSelect = {
    id: t.auditLog.id,
    at: t.auditLog.at,
    actorUserId: t.auditLog.actorUserId,
    actorDisplayName: t.users.displayName,
    action: t.auditLog.action,
    targetType: t.auditLog.targetType,
    targetId: t.auditLog.targetId,
    groupId: t.auditLog.groupId,
    ip: t.auditLog.ip,
    details: t.auditLog.details
  };

  async function listAudit(
    where: ReturnType<typeof eq>,
    options: { beforeId?: number; limit?: number } = {}
  ): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const rows = await db
      .select(auditSelect)
      .from(t.auditLog)
      .leftJoin(t.users, eq(t.users.id, t.auditLog.actorUserId))
      .where(options.beforeId ? and(where, lt(t.auditLog.id, options.beforeId)) : where)
      .orderBy(desc(t.auditLog.id))
      .limit(limit);
    return rows.map((row) => ({ ...row, details: row.details ?? null }));
  }

  return {
    async append(entry) {
      const groupId = entry.groupId ?? null;
      // One writer per chain at a time (an advisory lock: the chain's last row cannot be locked FOR UPDATE when
      // there is none yet); the id is taken first because it is part of the hashed content.
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit_log:${groupId ?? ''}`}))`);
        const [last] = await tx
          .select({ hash: t.auditLog.hash })
          .from(t.auditLog)
          .where(groupId === null ? isNull(t.auditLog.groupId) : eq(t.auditLog.groupId, groupId))
          .orderBy(desc(t.auditLog.id))
          .limit(1);
        const next = (await tx.execute(sql`select nextval(pg_get_serial_sequence('audit_log', 'id'))::bigint as id`)) as unknown;
        const [{ id }] = next as Array<{ id: string | number }>;
        const content = {
          id: Number(id),
          at: new Date(),
          actorUserId: entry.actorUserId,
          action: entry.action,
          targetType: entry.targetType ?? null,
          targetId: entry.targetId ?? null,
          groupId,
          ip: entry.ip ?? null,
          details: entry.details ?? null
        };
        const prevHash = last?.hash ?? GENESIS;
        await tx.insert(t.auditLog).values({ ...content, prevHash, hash: entryHash(prevHash, content) });
      });
    },
    async chainOfGroup(groupId) {
      const rows = await db.select().from(t.auditLog).where(eq(t.auditLog.groupId, groupId)).orderBy(t.auditLog.id);
      return rows.map((row) => ({ ...row, details: row.details ?? null }));
    },
    listForGroup: (groupId, options) => listAudit(eq(t.auditLog.groupId, groupId), options),
    listForActor: (actorUserId, options) => listAudit(eq(t.auditLog.actorUserId, actorUserId), options)
  };
}

/** TOTP second factors and recovery codes on drizzle (the interface: ./second-factors). */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { SecondFactorStorage } from './second-factors';

export function createDrizzleSecondFactorStorage(db: Database): SecondFactorStorage {
  return {
    async get(userId) {
      const [row] = await db.select().from(t.secondFactors).where(eq(t.secondFactors.userId, userId));
      return row && { userId: row.userId, secret: row.secret, confirmedAt: row.confirmedAt, lastStep: row.lastStep };
    },
    async begin(userId, secret) {
      const rows = await db
        .insert(t.secondFactors)
        .values({ userId, secret })
        .onConflictDoUpdate({ target: t.secondFactors.userId, set: { secret, lastStep: null }, setWhere: isNull(t.secondFactors.confirmedAt) })
        .returning();
      return rows.length > 0;
    },
    async confirm(userId, step, hashes, at) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(t.secondFactors)
          .set({ confirmedAt: at, lastStep: step })
          .where(and(eq(t.secondFactors.userId, userId), isNull(t.secondFactors.confirmedAt)))
          .returning();
        if (rows.length === 0) return false;
        await tx.delete(t.recoveryCodes).where(eq(t.recoveryCodes.userId, userId));
        await tx.insert(t.recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
        return true;
      });
    },
    async useStep(userId, step) {
      const rows = await db
        .update(t.secondFactors)
        .set({ lastStep: step })
        .where(and(eq(t.secondFactors.userId, userId), sqlLastStepBelow(step)))
        .returning();
      return rows.length > 0;
    },
    async useRecoveryCode(userId, codeHash, at) {
      const rows = await db
        .update(t.recoveryCodes)
        .set({ usedAt: at })
        .where(and(eq(t.recoveryCodes.userId, userId), eq(t.recoveryCodes.codeHash, codeHash), isNull(t.recoveryCodes.usedAt)))
        .returning();
      return rows.length > 0;
    },
    async unusedRecoveryCodes(userId) {
      const rows = await db
        .select({ hash: t.recoveryCodes.codeHash })
        .from(t.recoveryCodes)
        .where(and(eq(t.recoveryCodes.userId, userId), isNull(t.recoveryCodes.usedAt)));
      return rows.length;
    },
    async remove(userId) {
      await db.transaction(async (tx) => {
        await tx.delete(t.recoveryCodes).where(eq(t.recoveryCodes.userId, userId));
        await tx.delete(t.secondFactors).where(eq(t.secondFactors.userId, userId));
      });
    }
  };
}

const sqlLastStepBelow = (step: number) => or(isNull(t.secondFactors.lastStep), lt(t.secondFactors.lastStep, step)) ?? sql`true`;

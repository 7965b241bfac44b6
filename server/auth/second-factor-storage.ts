/** Where TOTP second factors and recovery codes live (tables second_factors and recovery_codes). */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import * as t from '../db/schema';

export interface SecondFactorRecord {
  userId: string;
  /** base32 TOTP secret. */
  secret: string;
  confirmedAt: Date | null;
  lastStep: number | null;
}

export interface SecondFactorStorage {
  get(userId: string): Promise<SecondFactorRecord | undefined>;
  /** Starts (or restarts) a set-up: an unconfirmed secret, replacing an unconfirmed one. Refused (false) once confirmed. */
  begin(userId: string, secret: string): Promise<boolean>;
  /** Confirms the set-up with its first accepted step and stores the recovery code hashes, in one transaction. */
  confirm(userId: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<boolean>;
  /** Records an accepted step; false when it is not later than the last one (a code used twice). */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Marks an unused recovery code used; false when there is none with that hash. */
  useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean>;
  unusedRecoveryCodes(userId: string): Promise<number>;
  remove(userId: string): Promise<void>;
}

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

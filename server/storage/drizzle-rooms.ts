/** RoomStore over drizzle-orm and PostgreSQL. */
import { type SQL, and, desc, eq } from 'drizzle-orm';
import type { RoomState } from '../../src/lib/core/room';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { RoomStore, SafetyCheckinRecord } from './rooms';

const asState = (value: unknown) => value as RoomState;
const asCheckin = (row: typeof t.safetyCheckins.$inferSelect): SafetyCheckinRecord => row;

export function createDrizzleRoomStore(db: Database): RoomStore {
  async function latestCheckin(where: SQL | undefined): Promise<SafetyCheckinRecord | undefined> {
    const [row] = await db.select().from(t.safetyCheckins).where(where).orderBy(desc(t.safetyCheckins.id)).limit(1);
    return row && asCheckin(row);
  }

  return {
    async ensure(sessionId, initial) {
      await db
        .insert(t.roomStates)
        .values({ sessionId, state: initial as unknown as Record<string, unknown>, version: initial.version })
        .onConflictDoNothing();
      const [row] = await db.select().from(t.roomStates).where(eq(t.roomStates.sessionId, sessionId));
      return { sessionId, state: asState(row.state) };
    },

    async get(sessionId) {
      const [row] = await db.select().from(t.roomStates).where(eq(t.roomStates.sessionId, sessionId));
      return row && { sessionId, state: asState(row.state) };
    },

    async change(sessionId, change) {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(t.roomStates).where(eq(t.roomStates.sessionId, sessionId)).for('update');
        if (!row) return undefined;
        const result = change(asState(row.state));
        if (result.state) {
          await tx
            .update(t.roomStates)
            .set({ state: result.state as unknown as Record<string, unknown>, version: result.state.version, updatedAt: new Date() })
            .where(eq(t.roomStates.sessionId, sessionId));
        }
        return result.value;
      });
    },

    async addCheckin(checkin, at) {
      const [row] = await db.insert(t.safetyCheckins).values({ ...checkin, createdAt: at }).returning();
      return asCheckin(row);
    },

    checkinFor: (sessionId, userId) =>
      latestCheckin(and(eq(t.safetyCheckins.sessionId, sessionId), eq(t.safetyCheckins.userId, userId))),

    lastCheckin: (userId) => latestCheckin(eq(t.safetyCheckins.userId, userId)),

    async listCheckins(sessionId) {
      const rows = await db
        .select()
        .from(t.safetyCheckins)
        .where(eq(t.safetyCheckins.sessionId, sessionId))
        .orderBy(desc(t.safetyCheckins.id));
      const latest = new Map<string, SafetyCheckinRecord>();
      for (const row of rows) if (!latest.has(row.userId)) latest.set(row.userId, asCheckin(row));
      return [...latest.values()];
    }
  };
}

/** ChatStorage over drizzle-orm and postgres.js. */
import { and, asc, eq } from 'drizzle-orm';
import type { ChatMessage } from '../../src/lib/core/chat';
import type { Role } from '../../src/lib/core/group/rules';
import type { Database } from '../db/client';
import * as t from '../db/schema';
import type { ChatStorage } from './chat';

function toMessage(row: typeof t.chatMessages.$inferSelect): ChatMessage {
  return {
    id: row.id,
    sessionId: row.sessionId,
    thread: row.thread,
    senderId: row.senderId,
    senderName: row.senderName,
    senderRole: row.senderRole as Role,
    text: row.body,
    at: row.createdAt.getTime(),
    hidden: row.hiddenAt ? { by: row.hiddenBy ?? '', at: row.hiddenAt.getTime() } : null
  };
}

export function createDrizzleChatStorage(db: Database): ChatStorage {
  return {
    async add(message, at) {
      const [row] = await db
        .insert(t.chatMessages)
        .values({
          id: message.id,
          sessionId: message.sessionId,
          thread: message.thread,
          senderId: message.senderId,
          senderName: message.senderName,
          senderRole: message.senderRole,
          body: message.text,
          createdAt: at
        })
        .returning();
      return toMessage(row!);
    },
    async list(sessionId) {
      const rows = await db.select().from(t.chatMessages).where(eq(t.chatMessages.sessionId, sessionId)).orderBy(asc(t.chatMessages.seq));
      return rows.map(toMessage);
    },
    async get(sessionId, id) {
      const [row] = await db.select().from(t.chatMessages).where(and(eq(t.chatMessages.sessionId, sessionId), eq(t.chatMessages.id, id)));
      return row ? toMessage(row) : undefined;
    },
    async hide(sessionId, id, by, at) {
      const [row] = await db
        .update(t.chatMessages)
        .set({ hiddenAt: at, hiddenBy: by })
        .where(and(eq(t.chatMessages.sessionId, sessionId), eq(t.chatMessages.id, id)))
        .returning();
      return row ? toMessage(row) : undefined;
    }
  };
}

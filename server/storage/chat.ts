/** Chat messages of sessions (src/lib/core/chat), kept with the session, hidden ones too (drizzle-chat.ts). */
import type { ChatMessage } from '../../src/lib/core/chat';

export type NewChatMessage = Omit<ChatMessage, 'hidden' | 'at'> & { text: string };

export interface ChatStorage {
  add(message: NewChatMessage, at: Date): Promise<ChatMessage>;
  /** Every message of the session, oldest first. */
  list(sessionId: string): Promise<ChatMessage[]>;
  get(sessionId: string, id: string): Promise<ChatMessage | undefined>;
  /** Marks the message hidden (the text stays); undefined when there is no such message. */
  hide(sessionId: string, id: string, by: string, at: Date): Promise<ChatMessage | undefined>;
}

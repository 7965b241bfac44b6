/**
 * The open Server-Sent Events streams of live session rooms in this process: who is listening, with which role,
 * and ways to send to one person, to the facilitators or to everyone in a session.
 */
import type { Role } from '../../src/lib/core/group/rules';
import { isFacilitating } from '../../src/lib/core/group/rules';

export interface RoomListener {
  sessionId: string;
  userId: string;
  /** The group of the session: a role change in it changes what this stream receives at once. */
  groupId: string;
  /** Mutable: follows role changes (a demoted co-facilitator stops receiving alerts and the full state). */
  role: Role;
  send(event: string, data: unknown): void;
  /** Ends the stream from the server's side. */
  close(): void;
}

export class RoomStreams {
  private readonly bySession = new Map<string, Set<RoomListener>>();

  /** Registers a stream; returns the function that unregisters it. */
  add(sessionId: string, listener: RoomListener): () => void {
    let listeners = this.bySession.get(sessionId);
    if (!listeners) this.bySession.set(sessionId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.bySession.get(sessionId) === listeners) this.bySession.delete(sessionId);
    };
  }

  listeners(sessionId: string): RoomListener[] {
    return [...(this.bySession.get(sessionId) ?? [])];
  }

  /** How many streams `userId` has open on the session. */
  count(sessionId: string, userId: string): number {
    return this.listeners(sessionId).filter((listener) => listener.userId === userId).length;
  }

  toUser(sessionId: string, userId: string, event: string, data: unknown): void {
    for (const listener of this.listeners(sessionId)) if (listener.userId === userId) listener.send(event, data);
  }

  toFacilitators(sessionId: string, event: string, data: unknown): void {
    for (const listener of this.listeners(sessionId)) if (isFacilitating(listener.role)) listener.send(event, data);
  }

  closeUser(sessionId: string, userId: string): void {
    for (const listener of this.listeners(sessionId)) if (listener.userId === userId) listener.close();
  }

  /** A person's open streams in a group's sessions (a role change re-decides each: RoomService.followRole). */
  ofPerson(groupId: string, userId: string): RoomListener[] {
    return [...this.bySession.values()].flatMap((listeners) =>
      [...listeners].filter((listener) => listener.groupId === groupId && listener.userId === userId)
    );
  }

  /** The sessions in which `userId` has a stream open. */
  sessionsOf(userId: string): string[] {
    return [...this.bySession.entries()].filter(([, set]) => [...set].some((l) => l.userId === userId)).map(([id]) => id);
  }
}

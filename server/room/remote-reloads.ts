/**
 * Reading a session's stored room again after a change made on another process (REDIS_URL), for a part of this process
 * that also hears its own changes (the room service, the parts index): reads of one session run one after another, and
 * a read overtaken by a change made here is reported stale, since that change was already carried out here and is at
 * least as new as what the read found.
 */
export class RemoteReloads {
  private readonly changes = new Map<string, number>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown, sessionId: string) => void) {}

  /** A change of the session was made (and carried out) on this process. */
  changedHere(sessionId: string): void {
    this.changes.set(sessionId, (this.changes.get(sessionId) ?? 0) + 1);
  }

  /** The session ended: nothing more to order. */
  forget(sessionId: string): void {
    this.changes.delete(sessionId);
  }

  /** Queues `read` after the session's earlier reloads, then hands its value to `use` with whether it is still fresh. */
  reload<T>(sessionId: string, read: () => Promise<T>, use: (value: T, fresh: boolean) => void | Promise<void>): void {
    const work = async () => {
      const before = this.changes.get(sessionId) ?? 0;
      const value = await read();
      await use(value, (this.changes.get(sessionId) ?? 0) === before);
    };
    const tail = (this.tails.get(sessionId) ?? Promise.resolve()).then(work).catch((error) => this.onError(error, sessionId));
    this.tails.set(sessionId, tail);
    void tail.then(() => {
      if (this.tails.get(sessionId) === tail) this.tails.delete(sessionId);
    });
  }
}

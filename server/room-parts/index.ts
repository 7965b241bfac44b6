/**
 * Where everyone is in each live room (main group, a side room, a breakout pair), for the signalling hub: it may only
 * connect people in the same part, and re-partitions its peers when a part changes. Filled from the 'room.changed'
 * event (the room service emits it inside every accepted command) and, before a session's first socket opens, from
 * the stored room, so a process that restarted mid-side-room never puts anyone in the wrong part. A change made on
 * another process (REDIS_URL) arrives as `live.remote` 'room_changed': the stored room, the one truth, is read again
 * (one session's reads in order; a read overtaken by a change made here meanwhile is dropped) and the listeners re-partition.
 */
import { MAIN_PART, partOf, type PartsHolder } from '../../src/lib/core/room-parts/parts';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Store } from '../storage/store';
import { RemoteReloads } from '../room/remote-reloads';

export interface PartsLookup {
  /** The person's part; 'main' for a session or person not known (a room without parts). */
  partOf(sessionId: string, userId: string): string;
  /** Called with the session id whenever that session's parts may have changed. */
  onChange(listener: (sessionId: string) => void): () => void;
}

export class RoomPartsIndex implements PartsLookup {
  private readonly rooms = new Map<string, PartsHolder>();
  private readonly listeners = new Set<(sessionId: string) => void>();
  private readonly stops: Array<() => void>;
  /** Reloads after changes made elsewhere, in order, overtaken ones dropped. */
  private readonly reloads: RemoteReloads;

  constructor(private readonly deps: { store: Store; events: EventBus; logger: Logger }) {
    this.reloads = new RemoteReloads((error, sessionId) =>
      deps.logger.warn('room parts: a change made elsewhere could not be read', { error, sessionId })
    );
    this.stops = [
      deps.events.on('room.changed', ({ sessionId, view }) => {
        this.reloads.changedHere(sessionId);
        this.set(sessionId, view);
      }),
      deps.events.on('session.ended', ({ sessionId }) => {
        this.rooms.delete(sessionId);
        this.reloads.forget(sessionId);
      }),
      deps.events.on('live.remote', (event) => {
        if (event.type === 'room_changed') this.reload(event.sessionId);
      })
    ];
  }

  /** Reads the stored room again after a change made elsewhere; sessions this process never looked at are skipped. */
  private reload(sessionId: string): void {
    if (!this.rooms.has(sessionId)) return;
    this.reloads.reload(
      sessionId,
      () => this.deps.store.rooms.get(sessionId),
      (stored, fresh) => {
        if (stored && fresh && this.rooms.has(sessionId)) this.set(sessionId, stored.state);
      }
    );
  }

  /** Loads the session's stored room unless it is known already. */
  async ensure(sessionId: string): Promise<void> {
    if (this.rooms.has(sessionId)) return;
    const stored = await this.deps.store.rooms.get(sessionId);
    if (stored && !this.rooms.has(sessionId)) this.rooms.set(sessionId, stored.state);
  }

  partOf(sessionId: string, userId: string): string {
    const room = this.rooms.get(sessionId);
    return room ? partOf(room, userId) : MAIN_PART;
  }

  onChange(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }

  private set(sessionId: string, room: PartsHolder): void {
    this.rooms.set(sessionId, room);
    for (const listener of this.listeners) listener(sessionId);
  }
}

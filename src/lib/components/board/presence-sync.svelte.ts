/**
 * The board's side of Yjs awareness: publishes this person's cursor (and, for a facilitator, their view) at most once
 * a frame, reads everyone else's cursors, and follows a facilitator's view when asked. Remote states are read through
 * the pure, validating `$lib/core/board/presence`. It writes only to the awareness it is connected to, so a frame
 * that lands after the board was taken down writes nothing.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Point } from '$lib/core/board/elements';
import {
  type BoardViewport,
  type PresenceUser,
  type RemotePresence,
  PRESENCE_FIELD,
  facilitatorViewport,
  remotePresences
} from '$lib/core/board/presence';

export interface FollowOptions {
  /** The group's facilitators, by user id: the only views that are followed. */
  facilitatorIds(): readonly string[];
  /** Move this person's view to the facilitator's. */
  follow(viewport: BoardViewport): void;
}

export class PresenceSync {
  /** Everyone else on the board whose pointer is over it. */
  cursors = $state.raw<RemotePresence[]>([]);
  /** This person follows the facilitator's view. */
  following = $state(false);

  #awareness: Awareness | null = null;
  #facilitatorIds: () => readonly string[] = () => [];
  #cursor: Point | null = null;
  #dirty = true;

  /** Starts reading and publishing presence on `awareness`; the returned function stops and clears this person's. */
  connect(awareness: Awareness, options: FollowOptions): () => void {
    this.#awareness = awareness;
    this.#facilitatorIds = options.facilitatorIds;
    const onChange = () => {
      const states = awareness.getStates() as Map<number, unknown>;
      this.cursors = remotePresences(states, awareness.clientID).filter((presence) => presence.cursor);
      if (this.following) {
        const viewport = facilitatorViewport(states, awareness.clientID, options.facilitatorIds());
        if (viewport) options.follow(viewport);
      }
    };
    awareness.on('change', onChange);
    this.#dirty = true;
    onChange();
    return () => {
      awareness.off('change', onChange);
      awareness.setLocalStateField(PRESENCE_FIELD, null);
      if (this.#awareness === awareness) this.#awareness = null;
    };
  }

  /** The pointer moved on the board (board units), or left it (null). */
  pointerAt(point: Point | null): void {
    this.#cursor = point;
    this.#dirty = true;
  }

  /** Something published changed (the facilitator's view moved). */
  changed(): void {
    this.#dirty = true;
  }

  /** Publishes this person's presence if it changed since the last call. `viewport` is shared by facilitators only. */
  publish(user: PresenceUser, viewport: BoardViewport | null): void {
    if (!this.#dirty || !this.#awareness) return;
    this.#dirty = false;
    this.#awareness.setLocalStateField(PRESENCE_FIELD, {
      user: { id: user.id, name: user.name, colour: user.colour },
      cursor: this.#cursor,
      viewport
    });
  }

  /** Turns following on or off. Turned on, answers the facilitator's current view to jump to, if one is shared. */
  toggleFollow(): BoardViewport | null {
    this.following = !this.following;
    const awareness = this.#awareness;
    if (!this.following || !awareness) return null;
    return facilitatorViewport(awareness.getStates() as Map<number, unknown>, awareness.clientID, this.#facilitatorIds());
  }
}

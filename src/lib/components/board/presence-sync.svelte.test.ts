import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { PRESENCE_FIELD, type BoardViewport } from '$lib/core/board/presence';
import { PresenceSync } from './presence-sync.svelte';

const FRAN = { id: 'user-fran', name: 'Fran', colour: '#1b5fd1' };
const PAT = { id: 'user-pat', name: 'Pat', colour: '#c62828' };

/** Copies `from`'s local state into `to`, as the provider would. */
function relay(from: Awareness, to: Awareness) {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'remote');
}

describe('PresenceSync', () => {
  it('publishes once per change: the cursor always, the view only as given', () => {
    const awareness = new Awareness(new Y.Doc());
    const sync = new PresenceSync();
    sync.connect(awareness, { facilitatorIds: () => [], follow: () => {} });
    sync.pointerAt({ x: 5, y: 6 });
    sync.publish(PAT, null);
    expect(awareness.getLocalState()?.[PRESENCE_FIELD]).toEqual({ user: PAT, cursor: { x: 5, y: 6 }, viewport: null });
    awareness.setLocalStateField(PRESENCE_FIELD, 'overwritten');
    sync.publish(PAT, null);
    expect(awareness.getLocalState()?.[PRESENCE_FIELD]).toBe('overwritten');
  });

  it('lists others’ cursors and follows only a facilitator’s view, once following is on', () => {
    const fran = new Awareness(new Y.Doc());
    const pat = new Awareness(new Y.Doc());
    const impostor = new Awareness(new Y.Doc());
    const followed: BoardViewport[] = [];
    const sync = new PresenceSync();
    sync.connect(pat, { facilitatorIds: () => [FRAN.id], follow: (viewport) => followed.push(viewport) });

    impostor.setLocalStateField(PRESENCE_FIELD, { user: { ...PAT, id: 'user-x', name: 'Fran' }, cursor: { x: 1, y: 1 }, viewport: { x: 9, y: 9, zoom: 1 } });
    relay(impostor, pat);
    fran.setLocalStateField(PRESENCE_FIELD, { user: FRAN, cursor: { x: 10, y: 20 }, viewport: { x: 100, y: 200, zoom: 2 } });
    relay(fran, pat);
    expect(sync.cursors.map((presence) => presence.user.id).sort()).toEqual([FRAN.id, 'user-x']);
    expect(followed).toEqual([]);

    expect(sync.toggleFollow()).toEqual({ x: 100, y: 200, zoom: 2 });
    fran.setLocalStateField(PRESENCE_FIELD, { user: FRAN, cursor: null, viewport: { x: 0, y: 0, zoom: 1 } });
    relay(fran, pat);
    expect(followed).toEqual([{ x: 0, y: 0, zoom: 1 }]);
    expect(sync.cursors.map((presence) => presence.user.id)).toEqual(['user-x']);

    expect(sync.toggleFollow()).toBeNull();
    expect(sync.following).toBe(false);
  });

  it('after disconnecting it clears this person’s presence and writes nothing more (a late frame is harmless)', () => {
    const awareness = new Awareness(new Y.Doc());
    const sync = new PresenceSync();
    const disconnect = sync.connect(awareness, { facilitatorIds: () => [], follow: () => {} });
    sync.publish(FRAN, null);
    disconnect();
    expect(awareness.getLocalState()?.[PRESENCE_FIELD]).toBeNull();
    sync.pointerAt({ x: 1, y: 1 });
    expect(() => sync.publish(FRAN, null)).not.toThrow();
    expect(awareness.getLocalState()?.[PRESENCE_FIELD]).toBeNull();
  });
});

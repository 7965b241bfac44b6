/**
 * The shape of the read-only session_state Yjs document: the shared view of the room (sharedView in selectors.ts),
 * one entry per room version in the map `room`, older entries deleted by each write. Keys by version (not one key
 * overwritten) because two server processes writing at once would otherwise resolve by Yjs client id, not by time:
 * readers simply take the highest version present.
 */
import * as Y from 'yjs';
import type { SharedRoomView } from './selectors';

export const SHARED_VIEW_MAP = 'room';

/** Writes `view` (server only) and drops every older view. */
export function writeSharedView(doc: Y.Doc, view: SharedRoomView): void {
  const map = doc.getMap<SharedRoomView>(SHARED_VIEW_MAP);
  doc.transact(() => {
    for (const key of [...map.keys()]) if (Number(key) < view.version) map.delete(key);
    if (!map.has(String(view.version))) map.set(String(view.version), view);
  });
}

/** The newest view in the document, or null before the server wrote one. */
export function readSharedView(doc: Y.Doc): SharedRoomView | null {
  const map = doc.getMap<SharedRoomView>(SHARED_VIEW_MAP);
  let newest: SharedRoomView | null = null;
  for (const [key, value] of map.entries()) {
    if (newest === null || Number(key) > newest.version) newest = value;
  }
  return newest;
}

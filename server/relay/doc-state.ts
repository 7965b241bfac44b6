/** Yjs state folding shared by the relay, compaction and versions: snapshot + tail -> one garbage-collected state. */
import * as Y from 'yjs';
import type { FoldState, StoredDocumentState } from '../storage/documents';

/** Applies a stored snapshot and its tail to `doc`, in one transaction (one update event, if any). */
export function applyStored(doc: Y.Doc, stored: StoredDocumentState): void {
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
  }, STORAGE_ORIGIN);
}

/** A compacted document (a snapshot, no tail): the relay answers newcomers with the snapshot's bytes as they are. */
export function isCompacted(stored: StoredDocumentState): stored is CompactedState {
  return stored.snapshot !== null && stored.updates.length === 0;
}

type CompactedState = StoredDocumentState & { snapshot: NonNullable<StoredDocumentState['snapshot']> };

/** The transaction origin of state that came from storage (never re-persisted). */
export const STORAGE_ORIGIN = Symbol('storage');

export const foldState: FoldState = (snapshot, updates) => {
  const doc = new Y.Doc();
  try {
    Y.transact(doc, () => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  } finally {
    doc.destroy();
  }
};

/** The full current state of a stored document as one Yjs update. */
export function storedStateAsUpdate(stored: StoredDocumentState): Uint8Array {
  return foldState(stored.snapshot?.state ?? null, stored.updates.map((u) => u.update)).state;
}

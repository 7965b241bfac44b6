/**
 * Undo and redo of one's own changes only: the undo manager tracks the origin this person's operations pass to
 * document.ts, so a peer's strokes (applied by the provider with its own origin) are never undone.
 */
import * as Y from 'yjs';
import { boardElements } from './document';

/** Changes closer together than this (ms) form one undo step, e.g. the points of one stroke. */
export const UNDO_CAPTURE_MS = 500;

export function createBoardUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  return new Y.UndoManager(boardElements(doc), {
    trackedOrigins: new Set([origin]),
    captureTimeout: UNDO_CAPTURE_MS
  });
}

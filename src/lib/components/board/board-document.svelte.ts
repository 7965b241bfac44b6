/**
 * The board's document as the component reads it: a BoardReader kept up to date from Yjs events, a version that
 * moves on every change (for derived lists), and this person's undo manager with whether undo and redo are possible.
 * Elements the reader cannot read are logged once each (ids and reasons only: board content is health data).
 */
import type * as Y from 'yjs';
import { boardElements } from '$lib/core/board/document';
import type { BoardItem } from '$lib/core/board/elements';
import { BoardReader } from '$lib/core/board/read';
import { createBoardUndoManager } from '$lib/core/board/undo';

export class BoardDocument {
  reader = $state.raw<BoardReader | null>(null);
  /** Moves on every change of the document. */
  version = $state(0);
  canUndo = $state(false);
  canRedo = $state(false);
  #undo: Y.UndoManager | null = null;
  readonly #reported = new Set<string>();

  /**
   * Reads `doc` and follows it; `changed` runs after every change (and once now) with the ids it touched. The
   * returned function stops following and drops the undo history.
   */
  connect(doc: Y.Doc, origin: object, changed: (ids: ReadonlySet<string>) => void): () => void {
    const elements = boardElements(doc);
    const reader = new BoardReader(doc);
    const manager = createBoardUndoManager(doc, origin);
    this.reader = reader;
    this.#undo = manager;
    this.#reportProblems(reader);
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      const ids = reader.applyEvents(events);
      this.#reportProblems(reader);
      this.version++;
      changed(ids);
    };
    const onStack = () => {
      this.canUndo = manager.undoStack.length > 0;
      this.canRedo = manager.redoStack.length > 0;
    };
    elements.observeDeep(onChange);
    manager.on('stack-item-added', onStack);
    manager.on('stack-item-popped', onStack);
    manager.on('stack-cleared', onStack);
    this.version++;
    changed(new Set());
    return () => {
      elements.unobserveDeep(onChange);
      manager.destroy();
      this.reader = null;
      this.#undo = null;
    };
  }

  items(): BoardItem[] {
    return this.reader?.items() ?? [];
  }

  get(id: string): BoardItem | undefined {
    return this.reader?.get(id);
  }

  undo(redo = false): void {
    if (redo) this.#undo?.redo();
    else this.#undo?.undo();
  }

  /** Ends the current undo step: the next change is undone on its own. */
  stopCapturing(): void {
    this.#undo?.stopCapturing();
  }

  #reportProblems(reader: BoardReader): void {
    for (const problem of reader.problems()) {
      if (this.#reported.has(problem.id)) continue;
      this.#reported.add(problem.id);
      console.warn('board: skipped an element it cannot read', problem);
    }
  }
}

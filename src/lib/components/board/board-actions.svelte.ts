/**
 * The board's actions besides drawing: undo and redo, what to do with a selection, moving the view, exports, and the
 * facilitator's layouts and clearing. Board.svelte makes one over its own state (getters, as for input.ts and
 * text-editor.svelte.ts); BoardActions.svelte shows the buttons and the keyboard shortcuts call the same methods.
 * Document changes carry the board's own origin, so this person's undo takes them back.
 */
import type * as Y from 'yjs';
import { type Camera, HOME_CAMERA, cameraToFit, zoomAt } from '$lib/core/board/camera';
import { clearBoard, deleteElements, reorderElements, setColour } from '$lib/core/board/document';
import { boundsOf, unionRects } from '$lib/core/board/geometry';
import { LAYOUTS, type LayoutName, applyLayout } from '$lib/core/board/layouts';
import { download } from '$lib/components/files/download';
import type { BoardDocument } from './board-document.svelte';
import { boardPngBlob, boardSvgBlob, exportName } from './export';

export interface BoardActionsHost {
  readonly doc: Y.Doc;
  readonly origin: object;
  readonly board: BoardDocument;
  readonly readOnly: boolean;
  readonly isFacilitator: boolean;
  readonly userId: string;
  /** The board's title: the export file name. */
  readonly title: string;
  /** The colour chosen for the current tool. */
  readonly colour: string;
  selection: ReadonlySet<string>;
  readonly camera: Camera;
  readonly screen: { width: number; height: number };
  moveCamera(next: Camera): void;
}

export class BoardActions {
  layoutChoice = $state<LayoutName>('pros-cons');
  /** What the last action did, for screen readers (a polite live region). */
  status = $state('');
  /** A compact board's "More" actions are open over the drawing area. */
  moreOpen = $state(false);

  constructor(private readonly host: BoardActionsHost) {}

  undo(redo = false): void {
    if (this.host.readOnly) return;
    this.host.board.undo(redo);
  }

  deleteSelection(): void {
    const { host } = this;
    if (host.readOnly || host.selection.size === 0) return;
    deleteElements(host.doc, host.selection, host.origin);
    host.selection = new Set();
  }

  reorderSelection(direction: 'forward' | 'backward'): void {
    reorderElements(this.host.doc, [...this.host.selection], direction, this.host.origin);
  }

  /** The selected elements take the colour chosen for the current tool. */
  colourSelection(): void {
    setColour(this.host.doc, this.host.selection, this.host.colour, this.host.origin);
  }

  colourNote(id: string, colour: string): void {
    setColour(this.host.doc, [id], colour, this.host.origin);
  }

  /** Zooms about the middle of the drawing area. */
  zoomBy(factor: number): void {
    const { screen } = this.host;
    this.host.moveCamera(zoomAt(this.host.camera, factor, { x: screen.width / 2, y: screen.height / 2 }));
  }

  showEverything(): void {
    const content = unionRects(this.host.board.items().map(boundsOf));
    this.host.moveCamera(content ? cameraToFit(content, this.host.screen) : HOME_CAMERA);
  }

  applyLayout(): void {
    const { host } = this;
    if (host.readOnly || !host.isFacilitator) return;
    applyLayout(host.doc, this.layoutChoice, host.userId, host.origin);
    this.status = `Layout applied: ${LAYOUTS.find((layout) => layout.name === this.layoutChoice)?.label}. Undo takes it back.`;
  }

  clear(): void {
    const { host } = this;
    if (host.readOnly || !host.isFacilitator) return;
    clearBoard(host.doc, host.origin);
    host.selection = new Set();
    this.status = 'The board was cleared. Undo brings everything back.';
  }

  async exportAs(kind: 'png' | 'svg'): Promise<void> {
    const all = this.host.board.items();
    const blob = kind === 'svg' ? boardSvgBlob(all, this.host.title) : await boardPngBlob(all);
    download(blob, exportName(this.host.title, kind));
    this.status = `Exported as ${kind.toUpperCase()}.`;
  }
}

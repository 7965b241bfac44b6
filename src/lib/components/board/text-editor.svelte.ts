/**
 * Editing the text of a sticky note or text element in place: opens on one element, writes every keystroke to its
 * Y.Text, grows a text element to fit, and folds remote edits of the same text into the field without moving the
 * caret past them.
 */
import { tick } from 'svelte';
import type * as Y from 'yjs';
import { editText, elementText, resizeElement } from '$lib/core/board/document';
import type { BoardItem } from '$lib/core/board/elements';
import { shiftCaret, type TextDelta } from '$lib/core/board/text-caret';
import { fittedTextHeight } from './editor-layout';

export interface TextEditorHost {
  readonly doc: Y.Doc;
  readonly origin: object;
  readonly readOnly: boolean;
  item(id: string): BoardItem | undefined;
  /** The text field on screen, once rendered. */
  field(): HTMLTextAreaElement | undefined;
  stopCapturing(): void;
  redraw(): void;
}

export class TextEditor {
  /** The element whose text is being edited. */
  editingId = $state<string | null>(null);
  /** The field's value (bound to it). */
  text = $state('');
  #detach: (() => void) | null = null;

  constructor(private readonly host: TextEditorHost) {}

  open(id: string): void {
    const { host } = this;
    const text = elementText(host.doc, id);
    if (!text || host.readOnly) return;
    this.close();
    this.editingId = id;
    this.text = text.toString();
    const onRemote = (event: Y.YTextEvent) => {
      if (event.transaction.origin === host.origin) return;
      const next = text.toString();
      // Update the field and its caret at once, in this event: the field holds exactly the text before this change
      // (local typing is written to the doc on every input), so the caret shifts through the change's delta.
      // Waiting for Svelte to write the value lets a keystroke land in between at a stale caret.
      const field = host.field();
      if (field) {
        const delta = event.delta as TextDelta;
        const [start, end, direction] = [field.selectionStart, field.selectionEnd, field.selectionDirection];
        field.value = next;
        field.setSelectionRange(shiftCaret(start, delta), shiftCaret(end, delta), direction ?? undefined);
      }
      this.text = next;
    };
    text.observe(onRemote);
    this.#detach = () => text.unobserve(onRemote);
    host.redraw();
    void tick().then(() => host.field()?.focus());
  }

  close(): void {
    this.#detach?.();
    this.#detach = null;
    this.editingId = null;
    this.host.stopCapturing();
    this.host.redraw();
  }

  /** The element being edited is gone (deleted by anyone): stop editing it. */
  dropIfGone(): void {
    if (this.editingId && !this.host.item(this.editingId)) {
      this.#detach?.();
      this.#detach = null;
      this.editingId = null;
    }
  }

  /** The field changed: write it to the document, and grow (or shrink) a text element to its lines. */
  input(): void {
    const { host } = this;
    const id = this.editingId;
    if (!id) return;
    editText(host.doc, id, this.text, host.origin);
    const item = host.item(id);
    if (item?.kind === 'text') {
      const h = fittedTextHeight(this.text, item);
      if (Math.abs(h - item.h) > 1) resizeElement(host.doc, id, { x: item.x, y: item.y, w: item.w, h }, host.origin);
    }
  }
}

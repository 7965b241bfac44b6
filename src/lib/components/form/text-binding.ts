/**
 * Binds an <input> or <textarea> to a Y.Text, keeping carets where they belong: typing replaces only the changed
 * middle of the text (replaceText), and a remote change moves this person's caret by what was inserted or deleted
 * before it, so two people typing in one answer (or one person on two devices) do not jump around.
 *
 *   <textarea use:bindText={{ text, readOnly }}></textarea>
 */
import type * as Y from 'yjs';
import { replaceText } from '$lib/core/text/replace-text';

export interface TextBinding {
  text: Y.Text | undefined;
  readOnly?: boolean;
  /** Called with the refusal when the typed text does not fit (e.g. too long); the field shows it. */
  onrefuse?: (message: string | undefined) => void;
  maxLength?: number;
  /** Writes what was typed, instead of replaceText alone (e.g. to stamp the time it changed in the same transaction). */
  write?: (value: string) => void;
}

type Delta = Array<{ insert?: unknown; delete?: number; retain?: number }>;

/** Where a position in the old text moves to after a remote change described by `delta` (an insert exactly at it stays after it). */
export function movePosition(position: number, delta: Delta): number {
  let old = 0;
  let shift = 0;
  for (const op of delta) {
    if (old >= position) break;
    if (op.retain !== undefined) old += op.retain;
    else if (typeof op.insert === 'string') shift += op.insert.length;
    else if (op.delete !== undefined) {
      shift -= Math.min(op.delete, position - old);
      old += op.delete;
    }
  }
  return Math.max(0, position + shift);
}

export function bindText(node: HTMLInputElement | HTMLTextAreaElement, binding: TextBinding) {
  let current = binding;
  let unobserve = () => {};

  const attach = () => {
    unobserve();
    const text = current.text;
    node.readOnly = current.readOnly === true;
    if (!text) return;
    if (node.value !== text.toString()) node.value = text.toString();
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.local && document.activeElement === node) return;
      const focused = document.activeElement === node;
      const start = node.selectionStart ?? 0;
      const end = node.selectionEnd ?? 0;
      node.value = text.toString();
      if (focused) node.setSelectionRange(movePosition(start, event.delta as Delta), movePosition(end, event.delta as Delta));
    };
    text.observe(observer);
    unobserve = () => text.unobserve(observer);
  };

  const onInput = () => {
    const text = current.text;
    if (!text || current.readOnly) return;
    if (current.maxLength !== undefined && node.value.length > current.maxLength) {
      current.onrefuse?.(`Use at most ${current.maxLength} characters here; this has ${node.value.length}.`);
      return;
    }
    current.onrefuse?.(undefined);
    if (current.write) current.write(node.value);
    else replaceText(text, node.value);
  };

  node.addEventListener('input', onInput);
  attach();

  return {
    update(next: TextBinding) {
      const changed = next.text !== current.text;
      current = next;
      if (changed) attach();
      else node.readOnly = current.readOnly === true;
    },
    destroy() {
      unobserve();
      node.removeEventListener('input', onInput);
    }
  };
}

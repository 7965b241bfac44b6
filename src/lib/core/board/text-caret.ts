/** Keeping a caret in place while someone else edits the same sticky note: shift it through a Y.Text delta. */

export type TextDelta = readonly { retain?: number; insert?: unknown; delete?: number }[];

/** Where a caret at `index` ends up after a remote change described by `delta`. */
export function shiftCaret(index: number, delta: TextDelta): number {
  let position = 0;
  let caret = index;
  for (const op of delta) {
    if (position > caret) break;
    if (op.retain) position += op.retain;
    else if (typeof op.insert === 'string') {
      if (position <= caret) caret += op.insert.length;
      position += op.insert.length;
    } else if (op.delete) {
      caret = position + Math.max(0, caret - position - op.delete);
    }
  }
  return caret;
}

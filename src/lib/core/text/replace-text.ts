/**
 * Writing what a person typed into a Y.Text: only the changed middle is replaced, so concurrent edits elsewhere in
 * the text and other people's carets survive. Used by worksheets and private notes alike.
 */
import type * as Y from 'yjs';

export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current[start] === next[start]) start++;
  let end = 0;
  while (end < shorter - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
  // Never split a surrogate pair (an emoji is two UTF-16 units).
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  const inserted = next.slice(start, next.length - end);
  const edit = () => {
    if (removed > 0) text.delete(start, removed);
    if (inserted) text.insert(start, inserted);
  };
  if (text.doc) text.doc.transact(edit);
  else edit();
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

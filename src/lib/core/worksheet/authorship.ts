/**
 * Who wrote each list entry and table row of a worksheet document (`authorId`), and which of them an update changed
 * to someone other than its writer. The relay applies every update to a twin first; it compares the authors before and
 * after, and refuses an update that adds or changes an entry in another person's name, so "(added by Alice)" in an
 * export is something the server can vouch for.
 */
import * as Y from 'yjs';
import { valuesMap } from './doc';

/** `fieldId/entryId` -> authorId (null for entries without an author, e.g. a template's examples). */
export function entryAuthors(doc: Y.Doc): Map<string, unknown> {
  const authors = new Map<string, unknown>();
  for (const [fieldId, value] of valuesMap(doc).entries()) {
    if (!(value instanceof Y.Array)) continue;
    for (const item of value.toArray()) {
      if (!(item instanceof Y.Map)) continue;
      authors.set(`${fieldId}/${String(item.get('id'))}`, item.has('authorId') ? item.get('authorId') : null);
    }
  }
  return authors;
}

/** Entries whose author is new or changed and is neither the writer nor empty. */
export function forgedAuthors(before: Map<string, unknown>, after: Map<string, unknown>, writerId: string): string[] {
  const forged: string[] = [];
  for (const [key, author] of after) {
    if (before.has(key) && before.get(key) === author) continue;
    if (author === null || author === undefined || author === writerId) continue;
    forged.push(key);
  }
  return forged;
}

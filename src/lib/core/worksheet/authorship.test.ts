import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { entryAuthors, forgedAuthors } from './authorship';
import { valuesMap } from './doc';

function docWith(entries: Array<{ id: string; authorId: unknown }>): Y.Doc {
  const doc = new Y.Doc();
  const list = new Y.Array<Y.Map<unknown>>();
  valuesMap(doc).set('thoughts', list);
  list.push(entries.map(({ id, authorId }) => new Y.Map<unknown>([['id', id], ['authorId', authorId]])));
  return doc;
}

describe('entry authors', () => {
  it('reads each list entry’s author', () => {
    expect([...entryAuthors(docWith([{ id: 'e1', authorId: 'ann' }, { id: 'e2', authorId: null }]))]).toEqual([
      ['thoughts/e1', 'ann'],
      ['thoughts/e2', null]
    ]);
  });

  it('flags a new or changed entry in someone else’s name, never one’s own, an empty author or an untouched entry', () => {
    const before = new Map<string, unknown>([['f/e1', 'ann']]);
    expect(forgedAuthors(before, new Map([['f/e1', 'ann'], ['f/e2', 'bob']]), 'bob')).toEqual([]);
    expect(forgedAuthors(before, new Map([['f/e1', 'ann'], ['f/e2', 'ann']]), 'bob')).toEqual(['f/e2']);
    expect(forgedAuthors(before, new Map([['f/e1', 'cid']]), 'bob')).toEqual(['f/e1']);
    expect(forgedAuthors(before, new Map([['f/e1', 'ann'], ['f/e3', null]]), 'bob')).toEqual([]);
  });
});

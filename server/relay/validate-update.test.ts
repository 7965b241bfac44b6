import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './validate-update';

const limits = { maxStructsPerUpdate: 100, maxDeleteRangesPerUpdate: 100 };

describe('checkUpdate', () => {
  it('accepts real updates', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    doc.getText('t').delete(0, 1);
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), limits)).toMatchObject({ ok: true, empty: false, contiguous: true, deletes: 1 });
  });

  it('tells an update that changes nothing (a sync step 2 from a client with nothing new)', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const holder = new Y.Doc();
    Y.applyUpdate(holder, Y.encodeStateAsUpdate(doc));
    expect(checkUpdate(Y.encodeStateAsUpdate(holder, Y.encodeStateVector(doc)), limits)).toMatchObject({ ok: true, empty: true });
    doc.getText('t').delete(0, 1);
    expect(checkUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(holder)), limits)).toMatchObject({ ok: true, empty: false });
  });

  it('refuses empty, truncated and garbled bytes (yjs issues 479, 498)', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('k', 'value');
    const update = Y.encodeStateAsUpdate(doc);
    expect(checkUpdate(new Uint8Array(), limits).ok).toBe(false);
    expect(checkUpdate(update.subarray(0, update.length - 3), limits).ok).toBe(false);
    expect(checkUpdate(Buffer.from('garbagedoc', 'base64'), limits).ok).toBe(false);
    expect(checkUpdate(new Uint8Array(12).fill(0xff), limits).ok).toBe(false);
  });

  it('refuses absurd clock ranges and too many structs', () => {
    // one client, one GC struct of length 2^40
    expect(checkUpdate(new Uint8Array([1, 1, 1, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0]), limits)).toEqual({
      ok: false,
      reason: 'struct out of range'
    });
    const doc = new Y.Doc();
    const array = doc.getArray<number>('a');
    for (let i = 0; i < 150; i++) doc.transact(() => array.insert(0, [i]));
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), limits)).toEqual({ ok: false, reason: 'too many structs' });
  });

  it('refuses sub-documents', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('sub', new Y.Doc());
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), limits)).toEqual({ ok: false, reason: 'sub-documents are not served' });
  });
});

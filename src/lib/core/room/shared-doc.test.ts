import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sharedView } from './selectors';
import { readSharedView, writeSharedView, SHARED_VIEW_MAP } from './shared-doc';
import { ANA, BEN, act, roomWith } from './testing';

describe('the shared view in a Yjs document', () => {
  it('reads back what was written, and the newest version wins', () => {
    const doc = new Y.Doc();
    const first = roomWith(ANA);
    const second = act(first, ANA, { type: 'raise_hand' });
    expect(readSharedView(doc)).toBeNull();
    writeSharedView(doc, sharedView(first));
    writeSharedView(doc, sharedView(second));
    expect(readSharedView(doc)).toEqual(sharedView(second));
    expect([...doc.getMap(SHARED_VIEW_MAP).keys()]).toEqual([String(second.version)]);
  });

  it('converges on the newest view when two writers wrote concurrently, whatever their client ids', () => {
    const base = roomWith(ANA, BEN);
    const older = act(base, ANA, { type: 'raise_hand' });
    const newer = act(older, BEN, { type: 'raise_hand' });
    for (const [olderId, newerId] of [[1, 2], [2, 1]]) {
      const a = new Y.Doc();
      a.clientID = olderId;
      const b = new Y.Doc();
      b.clientID = newerId;
      writeSharedView(a, sharedView(older));
      writeSharedView(b, sharedView(newer));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      expect(readSharedView(a)).toEqual(sharedView(newer));
      expect(readSharedView(b)).toEqual(sharedView(newer));
    }
  });

  it('never goes back to an older view', () => {
    const doc = new Y.Doc();
    const first = roomWith(ANA);
    const second = act(first, ANA, { type: 'raise_hand' });
    writeSharedView(doc, sharedView(second));
    writeSharedView(doc, sharedView(first));
    expect(readSharedView(doc)).toEqual(sharedView(second));
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS, verifyChain, type ChainedEntry } from './chain';

function chain(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prev = GENESIS;
  for (let id = 1; id <= n; id++) {
    const content = { id, at: new Date(1_700_000_000_000 + id), actorUserId: 'u', action: `a${id}`, targetType: null, targetId: null, groupId: 'g', ip: null, details: { b: 1, a: [id] } };
    const hash = entryHash(prev, content);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('the audit hash chain', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] })).toBe('{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}');
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, checked: 5, broken: [] });
  });

  it('names a deleted entry’s gap and a changed entry, the first of them first', () => {
    const entries = chain(6).filter((e) => e.id !== 3);
    entries[3] = { ...entries[3], action: 'rewritten' }; // id 5
    const report = verifyChain(entries);
    expect(report.broken).toEqual([
      { id: 4, problem: 'missing_before', after: 2 },
      { id: 5, problem: 'changed' }
    ]);
    expect(report.firstBroken).toEqual({ id: 4, problem: 'missing_before', after: 2 });
  });

  it('counts entries from before the chain existed without calling them broken', () => {
    const legacy = { ...chain(1)[0], id: 0, prevHash: null, hash: null };
    expect(verifyChain([legacy, ...chain(2)])).toMatchObject({ ok: true, beforeChain: 1, checked: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { pushBatches } from './sync-contract';

const entry = (id: number, bytes: number) => ({ id, envelope: new Uint8Array(bytes) });
const ids = (batches: Array<Array<{ id: number }>>) => batches.map((batch) => batch.map((e) => e.id));

describe('pushBatches', () => {
  it('keeps order and splits by count', () => {
    expect(ids(pushBatches([1, 2, 3, 4, 5].map((i) => entry(i, 10)), 2, 1_000))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('splits by encrypted bytes so no push passes the server limit', () => {
    expect(ids(pushBatches([entry(1, 400), entry(2, 400), entry(3, 400), entry(4, 100)], 200, 1_000))).toEqual([
      [1, 2],
      [3, 4]
    ]);
  });

  it('sends an entry larger than the byte limit on its own, and nothing for nothing', () => {
    expect(ids(pushBatches([entry(1, 10), entry(2, 5_000), entry(3, 10)], 200, 1_000))).toEqual([[1], [2], [3]]);
    expect(pushBatches([], 200, 1_000)).toEqual([]);
  });
});

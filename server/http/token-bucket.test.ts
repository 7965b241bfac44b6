import { expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

it('allows a burst, then the sustained rate', () => {
  const bucket = new TokenBucket(10, 3, 0);
  expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
  expect(bucket.take(50)).toBe(false);
  expect(bucket.take(100)).toBe(true);
  expect(bucket.take(10_000) && bucket.take(10_000) && bucket.take(10_000)).toBe(true);
  expect(bucket.take(10_000)).toBe(false);
});

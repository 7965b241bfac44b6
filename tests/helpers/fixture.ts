/**
 * useFixture: a test file's shared resource, made before its tests (beforeAll) and closed after them (afterAll). The
 * answer stands for the resource inside tests and hooks. Hooks a file registers later run after it is made, and their
 * afterAll before it is closed (vitest runs afterAll hooks in reverse order).
 */
import { afterAll, beforeAll } from 'vitest';

export function useFixture<T extends object>(make: () => Promise<T>, close: (value: T) => Promise<void> | void): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await make();
  });
  afterAll(async () => {
    if (current) await close(current);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error('useFixture: made in beforeAll; use it inside tests and hooks');
      return Reflect.get(current, key);
    }
  });
}

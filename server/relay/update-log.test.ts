import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import type { DocumentStore } from '../storage/documents';
import { UpdateLog } from './update-log';

/** A store whose appendUpdates is scripted: records batches, can fail, resolves when told. */
function scriptedStore(failFirst = 0) {
  const batches: number[] = [];
  /** The documents of each write, in the order the writes started. */
  const started: string[][] = [];
  let next = 1;
  let failures = failFirst;
  const gates: Array<() => void> = [];
  const store = {
    async appendUpdates(batch: Array<{ documentId: string; update: Uint8Array }>) {
      started.push(batch.map((b) => b.documentId));
      await new Promise<void>((resolve) => gates.push(resolve));
      if (failures-- > 0) throw Object.assign(new Error('connection lost'), { code: '57P01' });
      batches.push(batch.length);
      return batch.map(() => next++);
    }
  } as unknown as DocumentStore;
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    gates.shift()!();
  };
  /** Lets the n-th write still waiting (0 = the oldest) finish. */
  const releaseAt = async (n: number) => {
    while (gates.length <= n) await new Promise((resolve) => setTimeout(resolve, 1));
    gates.splice(n, 1)[0]();
  };
  return { store, batches, started, release, releaseAt };
}

const silent = createLogger('silent');

describe('UpdateLog (group commit)', () => {
  it('gathers appends made during a write into the next transaction, resolving ids in order', async () => {
    const { store, batches, release } = scriptedStore();
    const log = new UpdateLog(store, silent);
    const first = log.append('d', new Uint8Array([1]));
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first write is now in flight
    const rest = [2, 3, 4, 5].map((n) => log.append('d', new Uint8Array([n])));
    await release();
    expect(await first).toBe(1);
    await release();
    expect(await Promise.all(rest)).toEqual([2, 3, 4, 5]);
    expect(batches).toEqual([1, 4]);
  });

  it('writes every append of one event-loop turn together, even when microtasks run between them', async () => {
    // As WebSocket messages do: each arrives in its own I/O callback, with a microtask checkpoint after each.
    // A store that answers at once (without yielding to I/O) must still see them as one batch.
    const batches: number[] = [];
    const store = {
      async appendUpdates(batch: unknown[]) {
        batches.push(batch.length);
        return batch.map((_, i) => i + 1);
      }
    } as unknown as DocumentStore;
    const log = new UpdateLog(store, silent);
    const appended: Array<Promise<number>> = [];
    for (let n = 0; n < 5; n++) {
      appended.push(log.append('d', new Uint8Array([n])));
      for (let tick = 0; tick < 10; tick++) await Promise.resolve();
    }
    await Promise.all(appended);
    expect(batches).toEqual([5]);
  });

  it('retries a failed write and keeps the backlog in order', async () => {
    const { store, batches, release } = scriptedStore(2);
    const log = new UpdateLog(store, silent);
    const ids = [1, 2, 3].map((n) => log.append('d', new Uint8Array([n])));
    for (let i = 0; i < 3; i++) await release();
    expect(await Promise.all(ids)).toEqual([1, 2, 3]);
    expect(batches).toEqual([3]);
    const late = log.append('d', new Uint8Array([4]));
    await release();
    expect(await late).toBe(4);
  });

  it('lets other documents past a write that is slow, and never puts one document in two writes at once', async () => {
    const { store, started, releaseAt } = scriptedStore();
    const overlapAfterMs = 40;
    const log = new UpdateLog(store, silent, {}, { overlapAfterMs });
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const slow = log.append('a', new Uint8Array([1]));
    await until(() => started.length === 1); // a's write is in flight
    const sentAt = performance.now();
    const laterA = log.append('a', new Uint8Array([2]));
    const b = log.append('b', new Uint8Array([3]));
    // While a's write is young, b waits to join the next batch (one write at a time keeps batches large) ...
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([['a']]);
    // ... once it has been out for overlapAfterMs, b goes ahead beside it; a's second update still waits for a's first.
    await until(() => started.length === 2);
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(overlapAfterMs - 10);
    expect(started).toEqual([['a'], ['b']]);
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    await releaseAt(1);
    expect(await b).toBeGreaterThan(0);
    expect(slowDone).toBe(false);
    await releaseAt(0);
    await slow;
    await until(() => started.length === 3);
    expect(started).toEqual([['a'], ['b'], ['a']]);
    await releaseAt(0);
    expect(await laterA).toBeGreaterThan(0);
    await log.flush();
  });

  it('with a commit window, starts a write at most that often unless enough updates wait, and flush skips it', async () => {
    const starts: Array<{ at: number; size: number }> = [];
    const store = {
      async appendUpdates(batch: unknown[]) {
        starts.push({ at: performance.now(), size: batch.length });
        return batch.map((_, i) => i + 1);
      }
    } as unknown as DocumentStore;
    const log = new UpdateLog(store, silent, {}, { minIntervalMs: 60, windowRows: 5 });
    await log.append('d', new Uint8Array([0])); // the first write starts at once
    const spaced: Array<Promise<number>> = [];
    for (let n = 1; n <= 3; n++) {
      spaced.push(log.append('d', new Uint8Array([n])));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(spaced);
    // Three appends 5 ms apart, each of which would have been its own write without the window: one write, 60 ms on.
    expect(starts.map((s) => s.size)).toEqual([1, 3]);
    expect(starts[1].at - starts[0].at).toBeGreaterThanOrEqual(59);
    // Five waiting updates do not wait for the window.
    const full = [1, 2, 3, 4, 5].map((n) => log.append('d', new Uint8Array([n])));
    await Promise.all(full);
    expect(starts[2].size).toBe(5);
    expect(starts[2].at - starts[1].at).toBeLessThan(50);
    // Nor does a flush.
    const flushed = log.append('d', new Uint8Array([6]));
    await log.flush();
    expect(starts[3].at - starts[2].at).toBeLessThan(50);
    await flushed;
  });
});

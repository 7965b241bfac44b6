import { describe, expect, it } from 'vitest';
import { RemoteReloads } from './remote-reloads';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('reloads after changes made on another process', () => {
  it('runs one session’s reads in order, even when an earlier read is slower', async () => {
    const reloads = new RemoteReloads(() => {});
    const used: string[] = [];
    reloads.reload('s1', () => later('first', 30), (value) => void used.push(value));
    reloads.reload('s1', () => later('second', 1), (value) => void used.push(value));
    await later(null, 60);
    expect(used).toEqual(['first', 'second']);
  });

  it('reports a read overtaken by a change made here as stale, and the next one fresh again', async () => {
    const reloads = new RemoteReloads(() => {});
    const seen: boolean[] = [];
    reloads.reload('s1', () => later('old', 20), (_value, fresh) => void seen.push(fresh));
    await later(null, 5); // the read is under way
    reloads.changedHere('s1');
    reloads.reload('s1', () => later('new', 1), (_value, fresh) => void seen.push(fresh));
    await later(null, 50);
    expect(seen).toEqual([false, true]);
  });

  it('reports a failed read and goes on with the next', async () => {
    const errors: string[] = [];
    const reloads = new RemoteReloads((error, sessionId) => errors.push(`${sessionId}: ${(error as Error).message}`));
    const used: string[] = [];
    reloads.reload('s1', () => Promise.reject(new Error('storage down')), () => {});
    reloads.reload('s1', () => later('after', 1), (value) => void used.push(value));
    await later(null, 20);
    expect(errors).toEqual(['s1: storage down']);
    expect(used).toEqual(['after']);
  });
});

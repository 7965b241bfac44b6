import { describe, expect, it } from 'vitest';
import { CLOSE } from '../core/protocol';
import { collabBaseUrl, describeSyncState, initialSyncState, nextSyncState, type SyncEvent } from './connection-state';

const run = (...events: SyncEvent[]) => events.reduce(nextSyncState, initialSyncState);

describe('sync state', () => {
  it('connecting -> synced', () => {
    expect(run({ type: 'synced' }).status).toBe('synced');
  });

  it('a read-only notice makes it read-only, even after sync', () => {
    const state = run({ type: 'synced' }, { type: 'permission-denied', reason: 'read-only' });
    expect(state).toMatchObject({ status: 'read-only', readOnly: true });
    expect(nextSyncState(state, { type: 'synced' }).status).toBe('read-only');
  });

  it('transient closes are offline, refusals are final with words for people', () => {
    expect(run({ type: 'synced' }, { type: 'closed', code: 1006, reason: '' }).status).toBe('offline');
    expect(run({ type: 'closed', code: CLOSE.rightsChanged.code, reason: '' }).status).toBe('offline');
    const refused = run({ type: 'closed', code: CLOSE.revoked.code, reason: CLOSE.revoked.reason });
    expect(refused.status).toBe('refused');
    expect(refused.refusal).toMatchObject({ code: 4409, message: 'Your access was removed.' });
    expect(nextSyncState(refused, { type: 'synced' })).toBe(refused);
    expect(describeSyncState(refused)).toBe('Your access was removed.');
  });

  it('reconnecting clears the read-only flag until the server repeats it', () => {
    const state = run({ type: 'permission-denied', reason: 'read-only' }, { type: 'closed', code: 4100, reason: '' }, { type: 'connecting' });
    expect(state).toEqual(initialSyncState);
  });

  it('a write grant on the open connection (board unlocked) ends read-only without a reconnect', () => {
    const state = run({ type: 'synced' }, { type: 'permission-denied', reason: 'read-only' }, { type: 'write-granted' });
    expect(state).toEqual({ status: 'synced', readOnly: false, granted: true, refusal: null });
    // Locked again, or a new connection: no grant until the relay repeats it.
    expect(nextSyncState(state, { type: 'permission-denied', reason: 'read-only' }).granted).toBe(false);
    expect(nextSyncState(state, { type: 'connecting' }).granted).toBe(false);
    // A refused connection stays refused.
    const refused = run({ type: 'closed', code: CLOSE.revoked.code, reason: CLOSE.revoked.reason });
    expect(nextSyncState(refused, { type: 'write-granted' })).toBe(refused);
  });

  it('builds ws and wss URLs', () => {
    expect(collabBaseUrl('http://localhost:3000')).toBe('ws://localhost:3000/collab');
    expect(collabBaseUrl('https://groups.example.org/')).toBe('wss://groups.example.org/collab');
  });
});

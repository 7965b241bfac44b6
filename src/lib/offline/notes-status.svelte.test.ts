import { describe, expect, it } from 'vitest';
import { NotesStatus } from './notes-status.svelte';

describe('NotesStatus', () => {
  it('follows the replica from locked to saving, offline, synced and back to locked on sign-out', () => {
    const status = new NotesStatus();
    expect(status.kind).toBe('locked');
    status.unlockedNow();
    expect(status.kind).toBe('saved_on_device');

    status.savingChanged(1);
    expect(status.label).toBe('Saving…');
    status.pendingChanged(1);
    status.savingChanged(0);
    status.setOnline(false);
    expect(status.kind).toBe('offline_will_sync');

    status.setOnline(true);
    expect(status.kind).toBe('saved_on_device');
    status.pendingChanged(0);
    status.synced(1234);
    expect(status.kind).toBe('synced');
    expect(status.lastSyncedAt).toBe(1234);

    status.failed('The server did not answer.');
    expect(status.kind).toBe('saved_on_device');
    expect(status.error).toBe('The server did not answer.');

    status.lock();
    expect(status.kind).toBe('locked');
    expect(status.error).toBeNull();
    expect(status.lastSyncedAt).toBeNull();
  });

  it('follows the browser going offline and online', () => {
    const target = new EventTarget() as EventTarget & { navigator: { onLine: boolean } };
    target.navigator = { onLine: true };
    const status = new NotesStatus();
    const stop = status.watchConnectivity(target as unknown as Window);
    expect(status.online).toBe(true);
    target.navigator.onLine = false;
    target.dispatchEvent(new Event('offline'));
    expect(status.online).toBe(false);
    stop();
    target.navigator.onLine = true;
    target.dispatchEvent(new Event('online'));
    expect(status.online).toBe(false);
  });
});

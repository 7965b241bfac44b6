import { describe, expect, it } from 'vitest';
import { NOTES_STATUS_LABELS, notesStatusOf, type NotesStatusInput } from './status';

const base: NotesStatusInput = { unlocked: true, online: true, saving: 0, pending: 0, synced: true };

describe('notesStatusOf', () => {
  it('locked wins over everything', () => {
    expect(notesStatusOf({ ...base, unlocked: false, saving: 2, pending: 3 })).toBe('locked');
  });

  it('saving while a local write is in flight', () => {
    expect(notesStatusOf({ ...base, saving: 1, pending: 1, online: false })).toBe('saving');
  });

  it('pending changes: saved on this device when online, will sync when offline', () => {
    expect(notesStatusOf({ ...base, pending: 2 })).toBe('saved_on_device');
    expect(notesStatusOf({ ...base, pending: 2, online: false })).toBe('offline_will_sync');
  });

  it('synced only when online, nothing pending and a sync succeeded', () => {
    expect(notesStatusOf(base)).toBe('synced');
    expect(notesStatusOf({ ...base, synced: false })).toBe('saved_on_device');
    expect(notesStatusOf({ ...base, online: false })).toBe('saved_on_device');
  });

  it('has plain words for each state', () => {
    expect(NOTES_STATUS_LABELS.offline_will_sync).toMatch(/will sync/);
    expect(NOTES_STATUS_LABELS.locked).toMatch(/password/);
  });
});

/**
 * Where the notes stand, in words a participant understands. Pure: NotesStatus (notes-status.svelte.ts) feeds it.
 */

export type NotesStatusKind = 'locked' | 'saving' | 'saved_on_device' | 'offline_will_sync' | 'synced';

export interface NotesStatusInput {
  unlocked: boolean;
  online: boolean;
  /** Local saves in flight. */
  saving: number;
  /** Saved on this device, not yet on the server. */
  pending: number;
  /** Whether a sync round has succeeded since the last change of connection or failure. */
  synced: boolean;
}

export function notesStatusOf({ unlocked, online, saving, pending, synced }: NotesStatusInput): NotesStatusKind {
  if (!unlocked) return 'locked';
  if (saving > 0) return 'saving';
  if (pending > 0) return online ? 'saved_on_device' : 'offline_will_sync';
  return online && synced ? 'synced' : 'saved_on_device';
}

export const NOTES_STATUS_LABELS: Record<NotesStatusKind, string> = {
  locked: 'Locked: enter your password to open your notes',
  saving: 'Saving…',
  saved_on_device: 'Saved on this device',
  offline_will_sync: 'Offline: saved on this device, will sync when you are back online',
  synced: 'Saved and synced'
};

/**
 * Leaving notes: signing out locks them (decrypted state leaves memory, the encrypted copy stays for offline use);
 * "forget this device" also deletes the local copy (what is not yet synced is lost, so the page asks first).
 */
import type { NotesReplica } from './notes-replica';
import { NotesStore, type NotesStoreOptions } from './notes-store';

export interface Lockable {
  lock(): void;
}

export async function lockNotes(replica: NotesReplica | null, status: Lockable): Promise<void> {
  await replica?.close();
  status.lock();
}

export async function forgetThisDevice(options: NotesStoreOptions, replica: NotesReplica | null, status: Lockable): Promise<void> {
  await lockNotes(replica, status);
  await NotesStore.forget(options);
}

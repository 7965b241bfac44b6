/**
 * How the session locks private notes on sign-out without every page loading the notes code (encryption, IndexedDB,
 * sync: ~5 KB gzip that the room and most pages never use). notes.svelte.ts registers its lock when it loads; a page
 * that never loaded it has no notes open, so there is nothing to lock.
 */
let lockOpenNotes: () => Promise<void> = async () => undefined;

export function registerNotesLock(lock: () => Promise<void>): void {
  lockOpenNotes = lock;
}

/** Saves what is typed on this device, then drops the decrypted notes and key from memory (if notes were opened). */
export function lockNotes(): Promise<void> {
  return lockOpenNotes();
}

/**
 * The notes status shown on the page: locked, saving, saved on this device, offline (will sync) or synced.
 * The replica reports into it (ReplicaStatusSink); the browser's online/offline events move `online`.
 */
import type { ReplicaStatusSink } from './notes-replica';
import { NOTES_STATUS_LABELS, notesStatusOf } from './status';

export class NotesStatus implements ReplicaStatusSink {
  unlocked = $state(false);
  online = $state(true);
  saving = $state(0);
  pending = $state(0);
  lastSyncedAt = $state<number | null>(null);
  /** The last problem, in words for the person; cleared by the next successful sync. */
  error = $state<string | null>(null);
  #synced = $state(false);

  kind = $derived(
    notesStatusOf({
      unlocked: this.unlocked,
      online: this.online,
      saving: this.saving,
      pending: this.pending,
      synced: this.#synced
    })
  );
  label = $derived(NOTES_STATUS_LABELS[this.kind]);

  savingChanged(inFlight: number): void {
    this.saving = inFlight;
  }

  pendingChanged(count: number): void {
    this.pending = count;
  }

  synced(at: number): void {
    this.lastSyncedAt = at;
    this.#synced = true;
    this.error = null;
  }

  failed(message: string): void {
    this.error = message;
    this.#synced = false;
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (!online) this.#synced = false;
  }

  unlockedNow(): void {
    this.unlocked = true;
  }

  /** Sign-out or lock: back to "locked", nothing about the notes kept. */
  lock(): void {
    this.unlocked = false;
    this.saving = 0;
    this.pending = 0;
    this.lastSyncedAt = null;
    this.error = null;
    this.#synced = false;
  }

  /** Follows the browser's connectivity; returns the function that stops following. */
  watchConnectivity(target: Window = window): () => void {
    const update = () => this.setOnline(target.navigator.onLine);
    update();
    target.addEventListener('online', update);
    target.addEventListener('offline', update);
    return () => {
      target.removeEventListener('online', update);
      target.removeEventListener('offline', update);
    };
  }
}

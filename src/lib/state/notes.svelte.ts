/**
 * The signed-in person's private notes on this device, for the notes pages: one module singleton (like `session`).
 * Wraps NotesVault (src/lib/offline) with what pages need: which screen to show (set up, unlock, open), a
 * `revision` that moves on every change of the decrypted document (so lists re-read it), and background sync
 * (shortly after each edit, every half minute, and when the browser comes back online).
 *
 * Offline, /api/me cannot answer: the id of the last person who opened notes here is kept in localStorage (an id,
 * nothing about the notes) so their encrypted copy can still be found and unlocked.
 */
import { api } from '$lib/api/client';
import { changePassword as rewrapForNewPassword, type NotesKeyring } from '$lib/core/notes/crypto';
import { FROM_ELSEWHERE } from '$lib/core/notes/updates';
import { currentKeyring, newRecoveryCode } from '$lib/offline/notes-keys';
import { httpNotesServer } from '$lib/offline/notes-http';
import { NotesStatus } from '$lib/offline/notes-status.svelte';
import { NotesStore } from '$lib/offline/notes-store';
import { NotesVault } from '$lib/offline/notes-vault';
import { registerNotesLock } from './notes-lock';
import type * as Y from 'yjs';

export type NotesScreen = 'starting' | 'set_up' | 'locked' | 'open' | 'unavailable';

const DEVICE_USER_KEY = 'gst-notes-device-user';
const SYNC_AFTER_EDIT_MS = 1_500;
const SYNC_EVERY_MS = 30_000;

export class NotesSession {
  readonly status = new NotesStatus();
  screen = $state<NotesScreen>('starting');
  /** Moves on every change of the open document. */
  revision = $state(0);
  /** Why the notes cannot open right now (screen 'unavailable'). */
  problem = $state<string | null>(null);
  userId = $state<string | null>(null);

  #vault: NotesVault | null = null;
  #stopWatching: Array<() => void> = [];
  #syncSoon: ReturnType<typeof setTimeout> | undefined;

  /** The open document; undefined while locked. Read `revision` alongside it to follow changes. */
  get doc(): Y.Doc | undefined {
    return this.#vault?.replica?.doc;
  }

  /** The unlocked notes key (group notes keep the facilitator's private key under it); undefined while locked. */
  get key(): CryptoKey | undefined {
    return this.#vault?.replica?.key;
  }

  /** Decides the screen for this person (or, offline, for the last person who opened notes on this device). */
  async start(userId: string | null): Promise<void> {
    const who = userId ?? rememberedUser();
    if (!who) {
      this.#show('unavailable', 'Connect to the internet and sign in once to open your notes on this device.');
      return;
    }
    // Same person, already started: keep the screen (open, locked or set up) as it is.
    if (this.#vault && this.userId === who && this.screen !== 'starting') return;
    await this.lock();
    this.userId = who;
    this.#vault = new NotesVault({ userId: who, server: httpNotesServer, status: this.status });
    const store = await NotesStore.open({ userId: who });
    try {
      const keyring = await currentKeyring({ store, server: httpNotesServer });
      this.screen = keyring ? 'locked' : userId ? 'set_up' : 'unavailable';
      if (this.screen === 'unavailable') this.problem = 'Your notes have not been opened on this device yet. Connect to the internet once.';
    } finally {
      store.close();
    }
  }

  /** First use: makes the notes key from the account password; returns the recovery code to show once. */
  async setUp(password: string): Promise<string> {
    const vault = this.#requireVault();
    // The key is wrapped by this password: a typo here would lock the notes away at the next unlock.
    await api.post('/api/me/password/check', { password });
    await vault.setUp(password);
    const store = await NotesStore.open({ userId: this.userId! });
    let recoveryCode: string;
    try {
      recoveryCode = await newRecoveryCode({ store, server: httpNotesServer }, password);
    } finally {
      store.close();
    }
    this.#opened();
    return recoveryCode;
  }

  async unlock(password: string): Promise<void> {
    await this.#requireVault().unlock(password);
    this.#opened();
  }

  async unlockWithRecoveryCode(code: string): Promise<void> {
    await this.#requireVault().unlockWithRecoveryCode(code);
    this.#opened();
  }

  /** Sync now (the page's "Sync" button and the background timers). Failures show in the status. */
  async sync(): Promise<void> {
    await this.#vault?.sync();
  }

  /** Sign-out or "Lock": saves what is typed, then drops the decrypted notes and the key from memory. */
  async lock(): Promise<void> {
    this.#stopBackground();
    await this.#vault?.lock();
    if (this.#vault) this.screen = 'locked';
  }

  /** Deletes this device's encrypted copy (what is not synced yet is lost: the page asks first). */
  async forgetThisDevice(): Promise<void> {
    this.#stopBackground();
    await this.#vault?.forgetThisDevice();
    this.#vault = null;
    localStorage.removeItem(DEVICE_USER_KEY);
    this.userId = null;
    this.screen = 'starting';
  }

  /**
   * Account password change: the keyring re-wrapped for the new password, to send with the change (the server
   * stores both in one transaction). Null when notes were never set up. Needs the network.
   */
  async rewrapForPasswordChange(
    currentPassword: string,
    newPassword: string
  ): Promise<{ keyring: NotesKeyring; revision: number } | null> {
    const { keyring, revision } = await httpNotesServer.getKeyring();
    if (!keyring) return null;
    return { keyring: await rewrapForNewPassword(keyring, currentPassword, newPassword), revision };
  }

  /** After the server accepted the password change: this device unlocks with the new password from now on. */
  async keepKeyringOnDevice(userId: string, keyring: NotesKeyring): Promise<void> {
    const store = await NotesStore.open({ userId });
    try {
      await store.saveKeyring(keyring);
    } finally {
      store.close();
    }
  }

  #opened(): void {
    const doc = this.doc!;
    localStorage.setItem(DEVICE_USER_KEY, this.userId!);
    this.screen = 'open';
    this.problem = null;
    this.revision++;
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      this.revision++;
      // Local edits (not those pulled from the server) go to the server shortly after typing stops.
      if (origin === FROM_ELSEWHERE) return;
      clearTimeout(this.#syncSoon);
      this.#syncSoon = setTimeout(() => void this.sync(), SYNC_AFTER_EDIT_MS);
    };
    doc.on('update', onUpdate);
    const every = setInterval(() => void this.sync(), SYNC_EVERY_MS);
    const online = () => void this.sync();
    window.addEventListener('online', online);
    this.#stopWatching = [
      () => doc.off('update', onUpdate),
      () => clearInterval(every),
      () => window.removeEventListener('online', online),
      this.status.watchConnectivity(window)
    ];
  }

  #stopBackground(): void {
    clearTimeout(this.#syncSoon);
    for (const stop of this.#stopWatching) stop();
    this.#stopWatching = [];
  }

  #show(screen: NotesScreen, problem: string): void {
    this.screen = screen;
    this.problem = problem;
  }

  #requireVault(): NotesVault {
    if (!this.#vault) throw new Error('Notes are not started.');
    return this.#vault;
  }
}

function rememberedUser(): string | null {
  try {
    return localStorage.getItem(DEVICE_USER_KEY);
  } catch {
    return null;
  }
}

export const notes = new NotesSession();
registerNotesLock(() => notes.lock());

/**
 * Getting the notes key into memory on this device, online or offline. The wrapped keyring is cached in the local
 * store (it is useless without the password or recovery code), so notes unlock with no network after one visit.
 * When the server is reachable its keyring wins (the password may have changed on another device).
 */
import {
  NotesCryptoError,
  changePassword,
  createNotesKey,
  createRecoveryCode,
  needsStrongerWrapping,
  rewrap,
  unlockNotesKey,
  type NotesKeyring,
  type TestOnlyKdf
} from '$lib/core/notes/crypto';
import type { NotesServer } from '$lib/core/notes/sync-contract';
import type { NotesStore } from './notes-store';

export interface KeyPlace {
  store: NotesStore;
  /** Absent or failing when offline. */
  server?: NotesServer;
}

/** The server's keyring when it answers (cached for next time), else the one cached on this device. */
export async function currentKeyring({ store, server }: KeyPlace): Promise<NotesKeyring | null> {
  if (server) {
    try {
      const { keyring } = await server.getKeyring();
      if (keyring) await store.saveKeyring(keyring);
      return keyring;
    } catch {
      // Offline or the server is unwell: the cached keyring unlocks the same key.
    }
  }
  return store.loadKeyring();
}

export async function unlockWithPassword(place: KeyPlace, password: string, kdf: TestOnlyKdf = {}): Promise<CryptoKey> {
  const keyring = await currentKeyring(place);
  if (!keyring) throw new NotesCryptoError('not_set_up');
  return unlockNotesKey(keyring.password, password, kdf);
}

export async function unlockWithRecoveryCode(place: KeyPlace, recoveryCode: string, kdf: TestOnlyKdf = {}): Promise<CryptoKey> {
  const keyring = await currentKeyring(place);
  if (!keyring) throw new NotesCryptoError('not_set_up');
  if (!keyring.recoveryCode) throw new NotesCryptoError('wrong_recovery_code', 'No recovery code was set up for these notes.');
  return unlockNotesKey(keyring.recoveryCode, recoveryCode, kdf);
}

/** First use: a new notes key, stored wrapped on the server (needs the network) and cached here. */
export async function setUpNotes(
  { store, server }: Required<KeyPlace>,
  password: string,
  kdf: TestOnlyKdf = {}
): Promise<CryptoKey> {
  const { key, keyring } = await createNotesKey(password, kdf);
  await server.putKeyring({ keyring, expectedRevision: 0, currentPassword: password });
  await store.saveKeyring(keyring);
  return key;
}

/** Re-wraps for a new password on the server (needs the network: every device must see the change). */
export async function changeNotesPassword(
  place: Required<KeyPlace>,
  oldPassword: string,
  newPassword: string,
  kdf: TestOnlyKdf = {}
): Promise<void> {
  await replaceKeyring(place, oldPassword, (keyring) => changePassword(keyring, oldPassword, newPassword, kdf));
}

/** A new recovery code for the person to write down (the old one stops working). */
export async function newRecoveryCode(place: Required<KeyPlace>, password: string, kdf: TestOnlyKdf = {}): Promise<string> {
  let recoveryCode = '';
  await replaceKeyring(place, password, async (keyring) => {
    const created = await createRecoveryCode(keyring, password, kdf);
    recoveryCode = created.recoveryCode;
    return created.keyring;
  });
  return recoveryCode;
}

/**
 * After an unlock with the password: when the stored wrapping uses fewer iterations than new ones do (the figure
 * rises over the years), re-wrap it with the same password and current parameters. Returns whether it did.
 */
export async function strengthenWrappingIfWeak(
  place: Required<KeyPlace>,
  password: string,
  kdf: TestOnlyKdf = {}
): Promise<boolean> {
  return replaceKeyring(place, password, async (keyring) => {
    if (!needsStrongerWrapping(keyring.password)) return null;
    // Read with the caller's parameters, write with the current ones.
    return { ...keyring, password: await rewrap(keyring.password, password, 'password', password, kdf, {}) };
  });
}

/**
 * Reads the server's keyring, lets `change` make a new one (null: no change), and stores it on the server (refused
 * if another device changed it meanwhile) and on this device. Returns whether it changed.
 */
async function replaceKeyring(
  { store, server }: Required<KeyPlace>,
  currentPassword: string,
  change: (keyring: NotesKeyring) => Promise<NotesKeyring | null>
): Promise<boolean> {
  const { keyring, revision } = await server.getKeyring();
  if (!keyring) throw new NotesCryptoError('not_set_up');
  const changed = await change(keyring);
  if (!changed) return false;
  await server.putKeyring({ keyring: changed, expectedRevision: revision, currentPassword });
  await store.saveKeyring(changed);
  return true;
}

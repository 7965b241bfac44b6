import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { NotesCryptoError, decryptBytes, encryptBytes } from '../../src/lib/core/notes/crypto';
import { utf8 } from '../../src/lib/core/notes/encoding';
import {
  changeNotesPassword,
  newRecoveryCode,
  setUpNotes,
  strengthenWrappingIfWeak,
  unlockWithPassword,
  unlockWithRecoveryCode
} from '../../src/lib/offline/notes-keys';
import { NotesStore } from '../../src/lib/offline/notes-store';
import { MemoryNotesServer } from './memory-notes-server';

const fast = { testOnlyIterations: 1_000 };
const context = { documentId: 'd', purpose: 'update' } as const;

async function device(server: MemoryNotesServer) {
  return { store: await NotesStore.open({ userId: 'u', indexedDB: new IDBFactory() }), server };
}

describe('notes keys on a device', () => {
  it('sets up once, then unlocks offline from the keyring cached on the device', async () => {
    const server = new MemoryNotesServer();
    const laptop = await device(server);
    const key = await setUpNotes(laptop, 'pw', fast);
    expect(server.keyring?.password.iterations).toBe(1_000);
    const sealed = await encryptBytes(key, utf8('offline'), context);

    server.online = false;
    const unlocked = await unlockWithPassword(laptop, 'pw', fast);
    expect(new TextDecoder().decode(await decryptBytes(unlocked, sealed, context))).toBe('offline');
    await expect(unlockWithPassword(laptop, 'wrong', fast)).rejects.toMatchObject({ code: 'wrong_password' });
  });

  it('a device that never saw the keyring cannot unlock offline and says why', async () => {
    const server = new MemoryNotesServer();
    server.online = false;
    const error = await unlockWithPassword(await device(server), 'pw', fast).catch((caught) => caught);
    expect(error).toBeInstanceOf(NotesCryptoError);
    expect((error as NotesCryptoError).code).toBe('not_set_up');
  });

  it('a password changed on one device is the password on the other; the old one stops working online', async () => {
    const server = new MemoryNotesServer();
    const laptop = await device(server);
    const phone = await device(server);
    const key = await setUpNotes(laptop, 'old', fast);
    await unlockWithPassword(phone, 'old', fast);
    const sealed = await encryptBytes(key, utf8('same notes'), context);

    await changeNotesPassword(laptop, 'old', 'new', fast);
    await expect(unlockWithPassword(phone, 'old', fast)).rejects.toMatchObject({ code: 'wrong_password' });
    const phoneKey = await unlockWithPassword(phone, 'new', fast);
    expect(new TextDecoder().decode(await decryptBytes(phoneKey, sealed, context))).toBe('same notes');
  });

  it('a recovery code made on one device unlocks on another', async () => {
    const server = new MemoryNotesServer();
    const laptop = await device(server);
    const key = await setUpNotes(laptop, 'pw', fast);
    const code = await newRecoveryCode(laptop, 'pw', fast);
    const sealed = await encryptBytes(key, utf8('recovered'), context);

    const phone = await device(server);
    await expect(unlockWithRecoveryCode(phone, code.replace(/-/g, ''), fast)).resolves.toBeDefined();
    const unlocked = await unlockWithRecoveryCode(phone, code, fast);
    expect(new TextDecoder().decode(await decryptBytes(unlocked, sealed, context))).toBe('recovered');
  });

  it('an old, weaker wrapping is re-wrapped at the current >= 600,000 iterations after an unlock', async () => {
    const server = new MemoryNotesServer();
    const laptop = await device(server);
    const key = await setUpNotes(laptop, 'pw', fast);
    const sealed = await encryptBytes(key, utf8('kept'), context);
    expect(await strengthenWrappingIfWeak(laptop, 'pw', fast)).toBe(true);
    expect(server.keyring?.password.iterations).toBeGreaterThanOrEqual(600_000);
    expect((await laptop.store.loadKeyring())?.password.iterations).toBeGreaterThanOrEqual(600_000);

    const unlocked = await unlockWithPassword(laptop, 'pw');
    expect(new TextDecoder().decode(await decryptBytes(unlocked, sealed, context))).toBe('kept');
    expect(await strengthenWrappingIfWeak(laptop, 'pw')).toBe(false);
  });
});

/**
 * The whole path a notes page takes, with fake-indexeddb and the in-memory server: set up, write, go offline,
 * reload, unlock from the device's cache, edit, come back online, and a second device sees every edit.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createNote, createProgressNote, readNote, setNoteText } from '../../src/lib/core/notes/model';
import { NotesStatus } from '../../src/lib/offline/notes-status.svelte';
import { NotesVault } from '../../src/lib/offline/notes-vault';
import { MemoryNotesServer } from './memory-notes-server';

const CANARY = 'TANGERINEWALRUS';
const kdf = { testOnlyIterations: 1_000 };

function deviceVault(server: MemoryNotesServer, indexedDB: IDBFactory) {
  const status = new NotesStatus();
  return { status, vault: new NotesVault({ userId: 'u1', server, status, indexedDB, kdf }) };
}

describe('NotesVault', () => {
  it('writes, survives an offline reload, syncs on return, and another device sees both edits', async () => {
    const server = new MemoryNotesServer();
    const laptopDb = new IDBFactory();
    const laptop = deviceVault(server, laptopDb);
    expect(laptop.status.kind).toBe('locked');

    const opened = await laptop.vault.setUp('pw');
    const id = createNote(opened.doc, { title: 'Coping plan', now: 1 });
    setNoteText(opened.doc, id, `First: ${CANARY}.`, 2);
    await laptop.vault.sync();
    expect(laptop.status.kind).toBe('synced');

    // Offline, then the tab reloads: a new vault over the same IndexedDB.
    server.online = false;
    await laptop.vault.lock();
    expect(laptop.status.kind).toBe('locked');
    const reloaded = deviceVault(server, laptopDb);
    reloaded.status.setOnline(false);
    const again = await reloaded.vault.unlock('pw');
    expect(readNote(again.doc, id)?.text).toBe(`First: ${CANARY}.`);
    setNoteText(again.doc, id, `First: ${CANARY}. Second, offline.`, 3);
    await again.flush();
    expect(reloaded.status.kind).toBe('offline_will_sync');

    server.online = true;
    reloaded.status.setOnline(true);
    await reloaded.vault.sync();
    expect(reloaded.status.kind).toBe('synced');

    const phone = deviceVault(server, new IDBFactory());
    const onPhone = await phone.vault.unlock('pw');
    expect(readNote(onPhone.doc, id)?.text).toBe(`First: ${CANARY}. Second, offline.`);

    // A facilitator's progress note takes the same path back.
    const progress = createProgressNote(onPhone.doc, { template: 'dap', sessionId: 's1', participantId: 'p1', now: 4 });
    setNoteText(onPhone.doc, progress, `Data: ${CANARY}`, 5, 'data');
    await phone.vault.sync();
    await reloaded.vault.sync();
    expect(readNote(reloaded.vault.replica!.doc, progress)?.progress?.sections.data).toBe(`Data: ${CANARY}`);

    expect(server.everything()).not.toContain(CANARY);
    expect(Buffer.from(server.everything()).includes(Buffer.from(CANARY, 'utf16le'))).toBe(false);

    await phone.vault.lock();
    expect(phone.vault.replica).toBeNull();
    expect(() => onPhone.doc).toThrow(/locked/);
    await reloaded.vault.lock();
  });

  it('a device that never opened the notes cannot open them offline, and says so', async () => {
    const server = new MemoryNotesServer();
    await deviceVault(server, new IDBFactory()).vault.setUp('pw');
    server.online = false;
    const stranger = deviceVault(server, new IDBFactory());
    await expect(stranger.vault.unlock('pw')).rejects.toMatchObject({ code: 'not_set_up' });
    expect(stranger.status.kind).toBe('locked');
  });

  it('a wrong password leaves the notes locked', async () => {
    const server = new MemoryNotesServer();
    await deviceVault(server, new IDBFactory()).vault.setUp('pw');
    const other = deviceVault(server, new IDBFactory());
    await expect(other.vault.unlock('not it')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(other.status.kind).toBe('locked');
    expect(other.vault.replica).toBeNull();
  });

  it('forget this device: the next unlock starts from the server again', async () => {
    const server = new MemoryNotesServer();
    const indexedDB = new IDBFactory();
    const device = deviceVault(server, indexedDB);
    const doc = (await device.vault.setUp('pw')).doc;
    createNote(doc, { title: 'kept on the server', now: 1 });
    await device.vault.sync();
    await device.vault.forgetThisDevice();
    expect(device.status.kind).toBe('locked');
    expect(await indexedDB.databases()).toEqual([]);

    server.online = false;
    await expect(deviceVault(server, indexedDB).vault.unlock('pw')).rejects.toMatchObject({ code: 'not_set_up' });
    server.online = true;
    const back = await deviceVault(server, indexedDB).vault.unlock('pw');
    expect(readNote(back.doc, [...back.doc.getMap('notes').keys()][0])?.title).toBe('kept on the server');
  });
});

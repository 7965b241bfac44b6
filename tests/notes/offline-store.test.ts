/**
 * The offline notes store over fake-indexeddb: encrypted at rest, nothing lost across a reload while offline,
 * "forget this device", two devices converging through the server contract, sign-out clearing memory.
 */
import { serialize } from 'node:v8';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotesCryptoError, createNotesKey } from '../../src/lib/core/notes/crypto';
import { createNote, createProgressNote, listNotes, readNote, setNoteText } from '../../src/lib/core/notes/model';
import { NotesReplica, type ReplicaStatusSink } from '../../src/lib/offline/notes-replica';
import { NotesStore, notesDatabaseName } from '../../src/lib/offline/notes-store';
import { forgetThisDevice, lockNotes } from '../../src/lib/offline/notes-session';
import { MemoryNotesServer } from './memory-notes-server';

const fast = { testOnlyIterations: 1_000 };
const userId = 'user-1';
const CANARY = 'PURPLEGIRAFFE42';

let indexedDB: IDBFactory;
let server: MemoryNotesServer;
let key: CryptoKey;

beforeEach(async () => {
  indexedDB = new IDBFactory();
  server = new MemoryNotesServer();
  key = (await createNotesKey('pw', fast)).key;
});

async function openDevice(factory: IDBFactory = indexedDB, options: Partial<Parameters<typeof NotesReplica.open>[0]> = {}) {
  const store = await NotesStore.open({ userId, indexedDB: factory });
  const replica = await NotesReplica.open({ store, key, documentId: server.documentId, ...options });
  return { store, replica };
}

async function closeDevices(...devices: { store: NotesStore; replica: NotesReplica }[]): Promise<void> {
  for (const { store, replica } of devices) {
    await replica.close();
    store.close();
  }
}

/** Every record of every object store of the database, as the bytes structured clone would write. */
async function rawBytes(factory: IDBFactory, name: string): Promise<Buffer> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const chunks: Buffer[] = [];
  for (const storeName of db.objectStoreNames) {
    const store = db.transaction(storeName, 'readonly').objectStore(storeName);
    const [keys, values] = await Promise.all(
      [store.getAllKeys(), store.getAll()].map(
        (request) =>
          new Promise<unknown[]>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result as unknown[]);
            request.onerror = () => reject(request.error);
          })
      )
    );
    chunks.push(serialize(keys), serialize(values));
  }
  db.close();
  return Buffer.concat(chunks);
}

describe('encrypted at rest', () => {
  it('the canary typed into a note and a progress note is nowhere in the stored bytes', async () => {
    const { store, replica } = await openDevice();
    const id = createNote(replica.doc, { title: `Title ${CANARY}`, now: 1 });
    setNoteText(replica.doc, id, `I wrote ${CANARY} today`, 2);
    const progress = createProgressNote(replica.doc, { template: 'soap', sessionId: 's1', participantId: 'p1', now: 3 });
    setNoteText(replica.doc, progress, `Mentioned ${CANARY}`, 4, 'subjective');
    await replica.flush();
    await store.saveKeyring((await createNotesKey('pw', fast)).keyring);

    const bytes = await rawBytes(indexedDB, store.name);
    expect(bytes.length).toBeGreaterThan(200);
    expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
    expect(bytes.includes(Buffer.from(CANARY, 'utf16le'))).toBe(false);
    // The check can fail: the same search finds the canary in a plaintext update.
    expect(serialize(replica.doc.getMap('notes').toJSON()).includes(Buffer.from(CANARY))).toBe(true);
    await closeDevices({ store, replica });
  });

  it('after local compaction the store still holds no plaintext and reloads the same notes', async () => {
    const { store, replica } = await openDevice();
    const id = createNote(replica.doc, { title: 'plan', now: 1 });
    for (let i = 0; i < 20; i++) setNoteText(replica.doc, id, `${CANARY} line ${i}`, 2 + i);
    await replica.sync(server);
    expect(await store.countEntries()).toBe(21);
    expect(await replica.compactLocally()).toBe(21);
    expect(await store.countEntries()).toBe(1);
    expect((await rawBytes(indexedDB, store.name)).includes(Buffer.from(CANARY))).toBe(false);
    await closeDevices({ store, replica });

    const again = await openDevice();
    expect(readNote(again.replica.doc, id)?.text).toBe(`${CANARY} line 19`);
    await closeDevices(again);
  });

  it('a tampered local entry is refused on open, not shown as garbage', async () => {
    const { store, replica } = await openDevice();
    createNote(replica.doc, { title: 'x', now: 1 });
    await replica.close();
    const [entry] = await store.entries();
    store.close();

    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(notesDatabaseName(userId));
      request.onsuccess = () => resolve(request.result);
    });
    const flipped = entry.envelope.slice();
    flipped[flipped.length - 3] ^= 1;
    await new Promise<void>((resolve) => {
      const transaction = db.transaction('entries', 'readwrite');
      transaction.objectStore('entries').put({ ...entry, envelope: flipped });
      transaction.oncomplete = () => resolve();
    });
    db.close();

    const reopened = await NotesStore.open({ userId, indexedDB });
    const error = await NotesReplica.open({ store: reopened, key, documentId: server.documentId }).catch((caught) => caught);
    expect(error).toBeInstanceOf(NotesCryptoError);
    expect((error as NotesCryptoError).code).toBe('tampered_or_misplaced');
    reopened.close();
  });
});

describe('offline', () => {
  it('updates made offline survive a reload of the store and are pushed when the network returns', async () => {
    server.online = false;
    const first = await openDevice();
    const id = createNote(first.replica.doc, { title: 'written offline', now: 1 });
    setNoteText(first.replica.doc, id, 'nothing lost', 2);
    await expect(first.replica.sync(server)).rejects.toThrow();
    await first.replica.flush();
    // The tab closes: no sync, no clean shutdown of the replica.
    first.store.close();

    const second = await openDevice();
    expect(readNote(second.replica.doc, id)).toMatchObject({ title: 'written offline', text: 'nothing lost' });
    expect(await second.store.countPending()).toBe(2);

    server.online = true;
    const report = await second.replica.sync(server);
    expect(report.pushed).toBe(2);
    expect(await second.store.countPending()).toBe(0);
    expect(server.updates).toHaveLength(2);
    await closeDevices(second);
  });

  it('two devices editing offline converge after exchanging encrypted updates through the server', async () => {
    const laptopDb = indexedDB;
    const phoneDb = new IDBFactory();
    const laptop = await openDevice(laptopDb);
    const id = createNote(laptop.replica.doc, { title: 'Homework', now: 1 });
    setNoteText(laptop.replica.doc, id, 'Noticed the thought. Did the exercise.', 2);
    await laptop.replica.sync(server);
    const phone = await openDevice(phoneDb);
    await phone.replica.sync(server);
    expect(readNote(phone.replica.doc, id)?.text).toBe('Noticed the thought. Did the exercise.');

    server.online = false;
    setNoteText(laptop.replica.doc, id, 'Noticed the thought at work. Did the exercise.', 3);
    setNoteText(phone.replica.doc, id, 'Noticed the thought. Did the exercise twice.', 4);
    const phoneNote = createNote(phone.replica.doc, { title: 'from the phone', now: 5 });
    await laptop.replica.flush();
    await phone.replica.flush();

    server.online = true;
    await laptop.replica.sync(server);
    await phone.replica.sync(server);
    await laptop.replica.sync(server);

    const expected = 'Noticed the thought at work. Did the exercise twice.';
    expect(readNote(laptop.replica.doc, id)?.text).toBe(expected);
    expect(readNote(phone.replica.doc, id)?.text).toBe(expected);
    expect(readNote(laptop.replica.doc, phoneNote)?.title).toBe('from the phone');
    expect(listNotes(laptop.replica.doc)).toEqual(listNotes(phone.replica.doc));
    expect(server.everything()).not.toContain('Noticed');

    for (const device of [laptop, phone]) {
      await closeDevices(device);
    }
  });

  it('pulling entries this device pushed itself does not store them twice', async () => {
    const { store, replica } = await openDevice();
    createNote(replica.doc, { title: 'once', now: 1 });
    await replica.sync(server);
    await replica.sync(server);
    expect(await store.countEntries()).toBe(1);
    await closeDevices({ store, replica });
  });
});

describe('compaction on the server', () => {
  it('uploads an encrypted snapshot that replaces the updates; a new device rebuilds from it', async () => {
    const { store, replica } = await openDevice(indexedDB, { serverCompactAfter: 10 });
    const id = createNote(replica.doc, { title: 'long', now: 1 });
    for (let i = 0; i < 12; i++) setNoteText(replica.doc, id, `version ${i}`, 2 + i);
    const report = await replica.sync(server);
    expect(report.compactedOnServer).toBe(true);
    expect(server.snapshotRow?.coversUpdateId).toBe(13);
    expect(server.updates).toHaveLength(0);

    setNoteText(replica.doc, id, 'after the snapshot', 20);
    await replica.sync(server);
    expect(server.updates).toHaveLength(1);

    const newDevice = await openDevice(new IDBFactory());
    const pulled = await newDevice.replica.sync(server);
    expect(pulled.pulled).toBe(2);
    expect(readNote(newDevice.replica.doc, id)?.text).toBe('after the snapshot');
    for (const device of [{ store, replica }, newDevice]) {
      await closeDevices(device);
    }
  });
});

describe('leaving', () => {
  it('sign-out waits for saves, then drops the decrypted document; the encrypted copy stays', async () => {
    const { store, replica } = await openDevice();
    const states: string[] = [];
    const status = { lock: () => states.push('locked') };
    const id = createNote(replica.doc, { title: 'kept encrypted', now: 1 });
    await lockNotes(replica, status);
    expect(states).toEqual(['locked']);
    expect(replica.isOpen).toBe(false);
    expect(() => replica.doc).toThrow(/locked/);
    expect(await store.countEntries()).toBe(1);
    store.close();

    const again = await openDevice();
    expect(readNote(again.replica.doc, id)?.title).toBe('kept encrypted');
    await closeDevices(again);
  });

  it('forget this device deletes the local copy, even while it is open', async () => {
    const { store, replica } = await openDevice();
    createNote(replica.doc, { title: 'gone from this device', now: 1 });
    await replica.flush();
    const status = { lock() {} };
    await forgetThisDevice({ userId, indexedDB }, replica, status);

    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(notesDatabaseName(userId));
    expect(store.isOpen).toBe(false);
    const fresh = await openDevice();
    expect(listNotes(fresh.replica.doc)).toEqual([]);
    expect(await fresh.store.countEntries()).toBe(0);
    await closeDevices(fresh);
  });
});

describe('status reports', () => {
  it('reports saving, pending and synced as they happen', async () => {
    const events: string[] = [];
    const sink: ReplicaStatusSink = {
      savingChanged: (n) => events.push(`saving ${n}`),
      pendingChanged: (n) => events.push(`pending ${n}`),
      synced: () => events.push('synced'),
      failed: () => events.push('failed')
    };
    const { store, replica } = await openDevice(indexedDB, { status: sink });
    createNote(replica.doc, { title: 'x', now: 1 });
    await replica.flush();
    server.online = false;
    await replica.sync(server).catch(() => undefined);
    server.online = true;
    await replica.sync(server);
    expect(events).toEqual(['pending 0', 'saving 1', 'pending 1', 'saving 0', 'failed', 'pending 0', 'synced']);
    await closeDevices({ store, replica });
  });
});

/**
 * The canary test: a note holding a canary word is written through the REAL client code (NotesVault, NotesReplica,
 * httpNotesServer and the API client, with the real 600,000-iteration key wrapping) against the real server app
 * over PostgreSQL, and afterwards no trace of the word exists in any table of the database (as UTF-8, UTF-16 or
 * base64, in text and bytea alike) nor in any line the server logged. A second device then opens the notes, which
 * proves the word did travel, encrypted. The same holds for group notes: a note, its signature and an addendum written
 * through GroupNotesDesk, shared with a co-facilitator who reads them back.
 */
import { IDBFactory } from 'fake-indexeddb';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { DbHandle } from '../../server/db/client';
import { EventBus } from '../../server/events';
import { createLogger } from '../../server/log';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import { createNote, createProgressNote, listNotes, readNote, renameNote, setNoteText } from '../../src/lib/core/notes/model';
import { NotesStatus } from '../../src/lib/offline/notes-status.svelte';
import { NotesVault } from '../../src/lib/offline/notes-vault';
import { httpNotesServer } from '../../src/lib/offline/notes-http';
import { openTestDb, TestClient } from '../helpers/test-app';
import type { Store } from '../../server/storage/store';
import { identicalSections } from '../../src/lib/core/group-notes/content';
import { GroupNotesCache } from '../../src/lib/offline/group-notes-cache';
import { GroupNotesDesk } from '../../src/lib/offline/group-notes';
import { httpGroupNotesServer, isNetworkFailure } from '../../src/lib/offline/group-notes-http';

const CANARY = 'PERSIMMONOTTER';
const PASSWORD = 'a long account password';

/** Byte strings the canary would leave behind, in every encoding worth checking. */
function canaryNeedles(word: string): Buffer[] {
  const needles = [Buffer.from(word, 'utf8'), Buffer.from(word, 'utf16le'), Buffer.from(word.toLowerCase(), 'utf8')];
  // base64 at each of the three alignments, without the blocks that the neighbouring bytes also shape.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(word)]).toString('base64');
    needles.push(Buffer.from(encoded.slice(offset === 0 ? 0 : 4, -4)));
  }
  return needles;
}

const containsAny = (haystack: Buffer, needles: Buffer[]) => needles.some((needle) => haystack.includes(needle));

/** Every value of every row of every table outside the system schemas, as bytes (bytea raw, the rest as text). */
async function dumpDatabase(handle: DbHandle): Promise<{ tables: Map<string, number>; values: Buffer[] }> {
  const rowsOf = (result: unknown): Record<string, unknown>[] =>
    Array.isArray(result) ? (result as Record<string, unknown>[]) : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
  const tableList = rowsOf(
    await handle.db.execute(
      sql`select table_schema, table_name from information_schema.tables
          where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`
    )
  );
  const tables = new Map<string, number>();
  const values: Buffer[] = [];
  for (const { table_schema, table_name } of tableList) {
    const rows = rowsOf(await handle.db.execute(sql`select * from ${sql.identifier(String(table_schema))}.${sql.identifier(String(table_name))}`));
    tables.set(`${table_schema}.${table_name}`, rows.length);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (value instanceof Uint8Array) values.push(Buffer.from(value));
        else if (value !== null && value !== undefined) values.push(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
      }
    }
  }
  return { tables, values };
}

describe('canary: the server never holds a note in plaintext', () => {
  let handle: DbHandle & { drop(): Promise<void> };
  let app: ReturnType<typeof createApp>;
  let store: Store;
  const logLines: string[] = [];
  const browser = { client: undefined as unknown as TestClient };

  beforeAll(async () => {
    handle = await openTestDb();
    const logger = createLogger('debug', {}, (line) => logLines.push(line));
    store = createDrizzleStore(handle);
    app = createApp({ store, config: loadConfig({ NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false' }), logger, events: new EventBus(), now: () => new Date() });
    browser.client = new TestClient(app);
    // The API client calls fetch('/api/...') with the page's cookie: hand those calls to the app, cookie added.
    vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (browser.client.cookie) headers.set('cookie', browser.client.cookie);
      return app.request(input, { ...init, headers });
    });
  });

  afterAll(async () => {
    vi.unstubAllGlobals();
    await handle?.drop();
  });

  it('writes notes through the real client, then finds no trace of the canary in any table or log line', async () => {
    const user = await browser.client.signup('Casey', PASSWORD);

    const laptopStatus = new NotesStatus();
    const laptop = new NotesVault({ userId: user.id, server: httpNotesServer, status: laptopStatus, indexedDB: new IDBFactory() });
    const replica = await laptop.setUp(PASSWORD);
    const noteId = createNote(replica.doc, { title: `About ${CANARY}`, now: Date.now() });
    setNoteText(replica.doc, noteId, `Today I talked about ${CANARY} and felt calmer.`, Date.now());
    for (let i = 0; i < 5; i++) setNoteText(replica.doc, noteId, `Today I talked about ${CANARY} and felt calmer. Edit ${i}.`, Date.now());
    renameNote(replica.doc, noteId, `${CANARY} plan`, Date.now());
    const progressId = createProgressNote(replica.doc, { template: 'soap', sessionId: 's-1', participantId: 'p-1', now: Date.now() });
    setNoteText(replica.doc, progressId, `Reports ${CANARY} at home`, Date.now(), 'subjective');
    await laptop.sync();
    expect(laptopStatus.kind).toBe('synced');
    // Enough edits for the client to compact on the server: an encrypted snapshot replaces the updates there.
    for (let i = 0; i < 210; i++) setNoteText(replica.doc, noteId, `${CANARY} line ${i}`, Date.now());
    const report = await laptop.sync();
    expect(report?.compactedOnServer).toBe(true);
    setNoteText(replica.doc, noteId, `${CANARY} line 209, and after compaction`, Date.now());
    await laptop.sync();

    // Another device (fresh IndexedDB) opens the notes through the server: the canary did travel, encrypted.
    const phone = new NotesVault({ userId: user.id, server: httpNotesServer, status: new NotesStatus(), indexedDB: new IDBFactory() });
    const onPhone = await phone.unlock(PASSWORD);
    expect(readNote(onPhone.doc, noteId)?.text).toBe(`${CANARY} line 209, and after compaction`);
    expect(readNote(onPhone.doc, progressId)?.progress?.sections.subjective).toBe(`Reports ${CANARY} at home`);
    expect(listNotes(onPhone.doc).map((note) => note.title)).toContain(`${CANARY} plan`);
    await phone.lock();
    await laptop.lock();

    const { tables, values } = await dumpDatabase(handle);
    // The dump is real: the notes tables are there with rows, and a known plaintext (the name) is found by the search.
    expect(tables.get('public.document_updates')).toBeGreaterThan(0);
    expect(tables.get('public.notes_keyrings')).toBe(1);
    expect(tables.get('public.documents')).toBe(1);
    expect(tables.get('public.document_snapshots')).toBe(1);
    expect(values.some((value) => containsAny(value, canaryNeedles('Casey')))).toBe(true);

    const needles = canaryNeedles(CANARY);
    const leaks = values.filter((value) => containsAny(value, needles));
    expect(leaks.map((value) => value.toString('utf8').slice(0, 200))).toEqual([]);

    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.filter((line) => containsAny(Buffer.from(line), needles))).toEqual([]);
    // The log names routes, never bodies: no ciphertext either.
    expect(logLines.filter((line) => line.includes('ciphertext'))).toEqual([]);
  }, 60_000);

  it('group notes: written, signed, amended and shared through the real client, with no trace of the canary on the server', async () => {
    const GROUP_CANARY = 'QUINCEWALRUS';
    const fran = new TestClient(app);
    const franUser = await fran.signup('Frankie', PASSWORD);
    const cole = new TestClient(app);
    const coleUser = await cole.signup('Colette', PASSWORD);
    const pat = new TestClient(app);
    const patUser = await pat.signup('Patrice', PASSWORD);
    const group = (await fran.post('/api/groups', { name: 'Thursday group', kind: 'cbt' })).body.group;
    const invite = (await fran.post(`/api/groups/${group.id}/invites`, { maxUses: 5 })).body.invite;
    for (const client of [cole, pat]) await client.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
    await fran.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' });
    const session = (await fran.post(`/api/groups/${group.id}/sessions`, { title: 'Week 2' })).body.session;
    await fran.post(`/api/sessions/${session.id}/start`);
    await store.attendance.open(session.id, patUser.id, new Date());
    expect((await fran.post(`/api/sessions/${session.id}/end`)).status).toBe(200);

    /** One person's browser: their notes vault unlocked, then their group notes desk. */
    async function desk(client: TestClient, userId: string) {
      browser.client = client;
      const vault = new NotesVault({ userId, server: httpNotesServer, status: new NotesStatus(), indexedDB: new IDBFactory() });
      const replica = await vault.setUp(PASSWORD);
      const cache = await GroupNotesCache.open(userId, new IDBFactory());
      const opened = await GroupNotesDesk.open({ userId, groupId: group.id, notesKey: replica.key, server: httpGroupNotesServer, cache, isOffline: isNetworkFailure });
      return { opened, vault };
    }

    const franDesk = await desk(fran, franUser.id);
    expect(franDesk.opened.canCreateGroupKey).toBe(true);
    await franDesk.opened.createGroupKey();
    const draft = await franDesk.opened.create(session.id, 'SOAP');
    expect(draft.content.members.map((m) => m.name)).toEqual(['Patrice']);
    const content = structuredClone(draft.content);
    content.group.themes = `Sleep and ${GROUP_CANARY}`;
    content.members[0].fields.subjective = `Patrice spoke about ${GROUP_CANARY} at work.`;
    expect(identicalSections(content)).toEqual([]);
    const saved = await franDesk.opened.save(draft, content);
    const signed = await franDesk.opened.sign(saved, content);
    expect(signed.verified).toBe(true);
    const amended = await franDesk.opened.addAddendum(signed, `Addendum: ${GROUP_CANARY} again.`);
    expect(amended.addenda.map((a) => [a.content.text, a.verified])).toEqual([[`Addendum: ${GROUP_CANARY} again.`, true]]);

    // Colette opens group notes once (her key pair reaches the server), Frankie shares the group key, Colette reads.
    const coleDesk = await desk(cole, coleUser.id);
    expect(coleDesk.opened.hasGroupKey).toBe(false);
    browser.client = fran;
    await franDesk.opened.refreshKeys();
    await franDesk.opened.share(coleUser.id);
    browser.client = cole;
    const coleAgain = await GroupNotesDesk.open({
      userId: coleUser.id,
      groupId: group.id,
      notesKey: coleDesk.vault.replica!.key,
      server: httpGroupNotesServer,
      cache: await GroupNotesCache.open(coleUser.id, new IDBFactory()),
      isOffline: isNetworkFailure
    });
    const read = await coleAgain.open(signed.view.id);
    expect(read.content.members[0].fields.subjective).toBe(`Patrice spoke about ${GROUP_CANARY} at work.`);
    expect([read.verified, read.addenda[0].verified]).toEqual([true, true]);
    await coleDesk.vault.lock();
    await franDesk.vault.lock();

    const { tables, values } = await dumpDatabase(handle);
    expect(tables.get('public.group_notes')).toBe(1);
    expect(tables.get('public.group_note_addenda')).toBe(1);
    expect(tables.get('public.group_note_keys')).toBe(2);
    expect(tables.get('public.facilitator_keys')).toBe(2);
    expect(values.some((value) => containsAny(value, canaryNeedles('Patrice')))).toBe(true);
    const needles = canaryNeedles(GROUP_CANARY);
    expect(values.filter((value) => containsAny(value, needles)).map((value) => value.toString('utf8').slice(0, 200))).toEqual([]);
    expect(logLines.filter((line) => containsAny(Buffer.from(line), needles))).toEqual([]);
  }, 60_000);
});

/**
 * The real notes routes (server/routes/notes.ts over PostgreSQL): the NotesServer contract suite through HTTP, plus
 * what only a real server has: sign-in, one person never reaching another's notes, the relay refusing notes,
 * size limits, the password change carrying the re-wrapped keyring, and the audit trail.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, parseErrorBody } from '../../src/lib/core/errors';
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';
import { bytesToBase64 } from '../../src/lib/core/notes/encoding';
import { CLOSE } from '../../src/lib/core/protocol';
import { NOTES_ROUTES, type NotesServer } from '../../src/lib/core/notes/sync-contract';
import { decideUpgrade } from '../../server/relay/access';
import { createTestApp, type TestApp, type TestClient, type TestResponse } from '../helpers/test-app';
import { notesServerContract } from './notes-server-contract';

const opened: TestApp[] = [];
afterAll(async () => {
  await Promise.all(opened.map((t) => t.close()));
});

async function app(): Promise<TestApp> {
  const t = await createTestApp();
  opened.push(t);
  return t;
}

function answer<T>(res: TestResponse<T>): T {
  if (res.status >= 200 && res.status < 300) return res.body;
  const error = parseErrorBody(res.body);
  throw new AppError(error?.code ?? 'internal', error?.message ?? `HTTP ${res.status}`);
}

/** A NotesServer for one signed-in TestClient: the same calls httpNotesServer makes, over app.request. */
function clientNotesServer(client: TestClient): NotesServer {
  return {
    document: async () => answer(await client.get(NOTES_ROUTES.document)),
    getKeyring: async () => answer(await client.get(NOTES_ROUTES.keyring)),
    putKeyring: async (request) => answer(await client.post(NOTES_ROUTES.keyring, request)),
    pull: async (after) => answer(await client.get(`${NOTES_ROUTES.entries}?after=${after}`)),
    push: async (request) => answer(await client.post(NOTES_ROUTES.entries, request)),
    snapshot: async (request) => answer(await client.post(NOTES_ROUTES.snapshot, request))
  };
}

const shared = app();
notesServerContract('HTTP routes over PostgreSQL', async () => {
  const client = (await shared).client();
  await client.signup('Nora');
  return clientNotesServer(client);
});

const blob = (seed: number, length = 40) => bytesToBase64(Uint8Array.from({ length }, (_, i) => (seed * 7 + i) & 255));
const keyring = (salt: string): NotesKeyring => ({
  password: { version: 1, method: 'password', kdf: 'PBKDF2-SHA-256', iterations: 600_000, salt, wrappedKey: blob(3, 61) },
  recoveryCode: null
});

describe('notes routes', () => {
  it('need a sign-in: 401 for every route', async () => {
    const anonymous = (await shared).client();
    for (const res of [
      await anonymous.get(NOTES_ROUTES.document),
      await anonymous.get(NOTES_ROUTES.keyring),
      await anonymous.get(`${NOTES_ROUTES.entries}?after=0`),
      await anonymous.post(NOTES_ROUTES.entries, { ciphertexts: [blob(1)] }),
      await anonymous.post(NOTES_ROUTES.snapshot, { ciphertext: blob(1), coversUpdateId: 0 }),
      await anonymous.post(NOTES_ROUTES.keyring, { keyring: keyring('c2FsdGMyRnNkR015Um5Oa1IwMHlSbk5r'), expectedRevision: 0, currentPassword: 'correct horse battery' })
    ]) {
      expect(res.status).toBe(401);
    }
  });

  it('one notes document per person, the same on every call; another person never sees it', async () => {
    const t = await shared;
    const ann = t.client();
    await ann.signup('Ann');
    const first = answer(await ann.get(NOTES_ROUTES.document));
    const again = await Promise.all([ann.get(NOTES_ROUTES.document), ann.get(NOTES_ROUTES.document)]);
    expect(again.map((res) => res.body.documentId)).toEqual([first.documentId, first.documentId]);
    expect(first.docName).toBe(`notes:${first.documentId}`);
    const annNotes = clientNotesServer(ann);
    await annNotes.putKeyring({ keyring: keyring('YW5uLXNhbHQtYW5uLXNhbHQt'), expectedRevision: 0, currentPassword: 'correct horse battery' });
    const { ids } = await annNotes.push({ ciphertexts: [blob(1), blob(2)] });

    const bob = t.client();
    await bob.signup('Bob');
    const bobNotes = clientNotesServer(bob);
    expect((await bobNotes.document()).documentId).not.toBe(first.documentId);
    expect(await bobNotes.getKeyring()).toEqual({ keyring: null, revision: 0 });
    expect(await bobNotes.pull(0)).toEqual({ entries: [], latestId: 0 });
    // Bob compacting "up to Ann's ids" is refused: those ids are not his document's.
    await expect(bobNotes.snapshot({ ciphertext: blob(9), coversUpdateId: ids[1] })).rejects.toMatchObject({ code: 'conflict' });
    expect((await annNotes.pull(0)).entries.map((entry) => entry.ciphertext)).toEqual([blob(1), blob(2)]);
  });

  it('the relay refuses notes documents (they sync over HTTP only), for the owner and for anyone else', async () => {
    const t = await shared;
    const owner = t.client();
    await owner.signup('Olive');
    const { docName } = answer(await owner.get(NOTES_ROUTES.document));
    const other = t.client();
    await other.signup('Otto');
    for (const client of [owner, other]) {
      const token = client.cookie!.split('=')[1];
      const decision = await decideUpgrade(t.store, { token, docName, now: t.clock.now, idleMs: t.config.sessionIdleMs });
      expect(decision).toMatchObject({ ok: false, close: CLOSE.notesOverHttpOnly });
    }
  });

  it('bounds sizes: too many entries, an entry or a snapshot too large, a body too large: 413', async () => {
    const t = await shared;
    const client = t.client();
    await client.signup('Sam');
    const tooMany = await client.post(NOTES_ROUTES.entries, { ciphertexts: Array.from({ length: 201 }, (_, i) => blob(i, 8)) });
    expect(tooMany.status).toBe(413);
    const tooLarge = await client.post(NOTES_ROUTES.entries, { ciphertexts: [blob(1, 1024 * 1024 + 1)] });
    expect(tooLarge.status).toBe(413);
    // A snapshot above the general API body limit but within the notes limit is accepted.
    const { ids } = answer(await client.post(NOTES_ROUTES.entries, { ciphertexts: [blob(1, 100)] }));
    const bigSnapshot = await client.post(NOTES_ROUTES.snapshot, { ciphertext: blob(2, 512 * 1024), coversUpdateId: ids[0] });
    expect(bigSnapshot.status).toBe(200);
    const hugeBody = await client.post(NOTES_ROUTES.entries, { ciphertexts: Array.from({ length: 10 }, (_, i) => blob(i, 1024 * 1024)) });
    expect(hugeBody.status).toBe(413);
    const notBase64 = await client.post(NOTES_ROUTES.entries, { ciphertexts: ['not base64!'] });
    expect(notBase64.status).toBe(400);
    expect((await client.get(`${NOTES_ROUTES.entries}?after=-1`)).status).toBe(400);
  });

  it('a password change stores the re-wrapped keyring with the new password, or neither when stale', async () => {
    const t = await shared;
    const client = t.client();
    const user = await client.signup('Pia', 'first password 123');
    const notes = clientNotesServer(client);
    const { revision } = await notes.putKeyring({ keyring: keyring('b2xkb2xkb2xkb2xkb2xkb2xk'), expectedRevision: 0, currentPassword: 'first password 123' });

    const stale = await client.post('/api/me/password', {
      currentPassword: 'first password 123',
      newPassword: 'second password 456',
      notesKeyring: { keyring: keyring('bmV3bmV3bmV3bmV3bmV3bmV3'), revision: revision - 1 }
    });
    expect(stale.status).toBe(409);
    expect((await notes.getKeyring()).keyring?.password.salt).toBe('b2xkb2xkb2xkb2xkb2xkb2xk');
    const relogin = t.client();
    expect((await relogin.post('/api/auth/login', { email: user.email, password: 'first password 123' })).status).toBe(200);

    const changed = await client.post('/api/me/password', {
      currentPassword: 'first password 123',
      newPassword: 'second password 456',
      notesKeyring: { keyring: keyring('bmV3bmV3bmV3bmV3bmV3bmV3'), revision }
    });
    expect(changed.status).toBe(204);
    expect(await notes.getKeyring()).toMatchObject({ keyring: { password: { salt: 'bmV3bmV3bmV3bmV3bmV3bmV3' } }, revision: revision + 1 });
    expect((await t.client().post('/api/auth/login', { email: user.email, password: 'second password 456' })).status).toBe(200);

    const audit = await t.store.audit.listForActor(user.id);
    const keyringChanges = audit.filter((entry) => entry.action === 'notes.keyring_changed');
    expect(keyringChanges).toHaveLength(2);
    expect(JSON.stringify(keyringChanges)).not.toMatch(/bmV3|b2xk|wrappedKey/);
  });
});

/**
 * Group notes over app.request, with ciphertexts made by the real crypto: who may read them (participants never, an
 * outsider gets 404, a co-facilitator without a wrapped key reads ciphertext only and cannot write), the first key and
 * sharing, prefill from attendance, scores and check-ins, drafts with revisions, signing (signer from the login, the
 * server's own ciphertext hash, forged signer fields ignored), a signed note refusing changes (409, also in the
 * database itself), and signed addenda.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contentHash, prefillNote, type GroupNoteContent } from '../../src/lib/core/group-notes/content';
import { createFacilitatorKeys, createGroupKey, decryptNote, encryptAddendum, encryptNote, openGroupKey, shareGroupKey } from '../../src/lib/core/group-notes/keys';
import { createSigningKey, signStatement, type SigningKey } from '../../src/lib/core/group-notes/signing';
import { createNotesKey } from '../../src/lib/core/notes/crypto';
import { useRoomTestApp } from '../helpers/room-app';
import { openTestDb, type TestClient } from '../helpers/test-app';
import { CHECKIN, liveRoom, streamOf } from '../room/helpers';

const { t, request, streams } = useRoomTestApp();

async function keysFor(client: TestClient, userId: string) {
  const { key: notesKey } = await createNotesKey('a long password', { testOnlyIterations: 1000 });
  const { keys, record } = await createFacilitatorKeys(notesKey, userId);
  expect((await client.post('/api/me/facilitator-key', record)).status).toBe(201);
  const signing = await createSigningKey(notesKey, userId);
  expect((await client.post('/api/me/signing-key', signing.record)).status).toBe(201);
  return { userId, keys, record, signing: signing.key };
}

const sha = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');

/** The signature fields a signer's browser sends (src/lib/offline/group-notes.ts). */
async function signed(
  signer: { userId: string; signing: SigningKey },
  target: { groupId: string; noteId: string; addendumId?: string },
  hash: string,
  ciphertext: string
) {
  const statement = {
    kind: target.addendumId ? ('group-note-addendum' as const) : ('group-note' as const),
    groupId: target.groupId,
    noteId: target.noteId,
    addendumId: target.addendumId ?? null,
    signerId: signer.userId,
    keyId: signer.signing.keyId,
    contentHash: hash,
    ciphertextHash: sha(ciphertext)
  };
  return { signature: await signStatement(signer.signing, statement), keyId: signer.signing.keyId };
}

/** An ended session in which Pat checked in and stayed, Quinn did not come; Fran holds the group key; Cole is co-facilitator. */
async function endedSessionWithNoteKey() {
  const room = await liveRoom(t);
  const { facilitator, facilitatorUser, pat, group, session } = room;
  streams.push(await streamOf(request, facilitator, session.id));
  expect((await pat.client.post(`/api/sessions/${session.id}/room/checkin`, CHECKIN)).status).toBe(201);
  const stream = await streamOf(request, pat.client, session.id);
  streams.push(stream);
  expect((await facilitator.post(`/api/sessions/${session.id}/room/commands`, { type: 'admit_all' })).status).toBe(200);
  await stream.next('status', (s) => s.presence === 'admitted');
  const phq = (await facilitator.post(`/api/groups/${group.id}/measures/schedules`, { measure: 'phq9', timing: 'session_start' })).body.schedule;
  const answered = await pat.client.post(`/api/groups/${group.id}/measures/schedules/${phq.id}/responses`, {
    sessionId: session.id,
    answers: [1, 2, 1, 0, 1, 0, 0, 0, 0]
  });
  expect(answered.status).toBe(201);
  expect((await facilitator.post(`/api/sessions/${session.id}/end`)).status).toBe(200);

  const cole = t.client();
  const coleUser = await cole.signup('Cole');
  const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
  await cole.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  expect((await facilitator.patch(`/api/groups/${group.id}/members/${coleUser.id}`, { role: 'co_facilitator' })).status).toBe(200);

  const fran = await keysFor(facilitator, facilitatorUser.id);
  const { key, wrapped } = await createGroupKey(group.id, fran);
  expect((await facilitator.post(`/api/groups/${group.id}/group-notes/keys`, { userId: fran.userId, wrappedKey: wrapped })).status).toBe(201);
  return { ...room, cole, coleUser, fran, groupKey: key, wrapped, base: `/api/groups/${group.id}/group-notes` };
}

const note = (sessionId: string): GroupNoteContent => ({
  ...prefillNote({ sessionId, sessionTitle: 'Session 4', startedAt: 0, endedAt: 1, format: 'SOAP', attendees: [] }),
  group: { themes: 'Worry time', interventions: 'Cognitive restructuring', homework: 'Thought record' }
});

describe('group notes', () => {
  it('participants never read them, outsiders get 404, and the prefill comes from attendance, scores and check-ins', async () => {
    const { pat, group, session, base, facilitator } = await endedSessionWithNoteKey();
    const outsider = t.client();
    await outsider.signup('Olga');
    expect((await pat.client.get(base)).status).toBe(403);
    expect((await pat.client.get(`${base}/keys`)).status).toBe(403);
    expect((await pat.client.get(`${base}/prefill/${session.id}`)).status).toBe(403);
    expect((await outsider.get(base)).status).toBe(404);
    expect((await outsider.get(`${base}/keys`)).status).toBe(404);

    const prefill = await facilitator.get(`${base}/prefill/${session.id}`);
    expect(prefill.status).toBe(200);
    expect(prefill.body.session).toMatchObject({ id: session.id, title: 'Session 4' });
    expect(prefill.body.attendees).toEqual([
      expect.objectContaining({
        userId: pat.user.id,
        name: 'Pat',
        checkedIn: true,
        scores: [{ measure: 'PHQ-9', total: 5, band: 'Mild' }],
        stays: [expect.objectContaining({ leftAt: expect.any(String) })]
      })
    ]);
    // A live or scheduled session has no note yet.
    const next = (await facilitator.post(`/api/groups/${group.id}/sessions`, { title: 'Session 5' })).body.session;
    const early = await facilitator.get(`${base}/prefill/${next.id}`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/after the session has ended/);
  });

  it('is written, signed with the facilitator’s own key, then refuses changes; addenda are signed one by one', async () => {
    const { facilitator, facilitatorUser, coleUser, cole, pat, session, base, groupKey, fran, group } = await endedSessionWithNoteKey();
    const id = crypto.randomUUID();
    const draft = note(session.id);
    const created = await facilitator.post(base, { id, sessionId: session.id, ciphertext: await encryptNote(groupKey, id, draft) });
    expect(created.status).toBe(201);
    expect(created.body.note).toMatchObject({ id, revision: 1, signature: null, addenda: [] });
    expect((await facilitator.post(base, { id: crypto.randomUUID(), sessionId: session.id, ciphertext: created.body.note.ciphertext })).status).toBe(409);

    const edited = { ...draft, group: { ...draft.group, themes: 'Worry time and sleep' } };
    const saved = await facilitator.request('PUT', `${base}/${id}`, { ciphertext: await encryptNote(groupKey, id, edited), expectedRevision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body.note.revision).toBe(2);
    const stale = await facilitator.request('PUT', `${base}/${id}`, { ciphertext: await encryptNote(groupKey, id, edited), expectedRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.reason).toBe('stale_revision');

    const finalCiphertext = await encryptNote(groupKey, id, edited);
    const hash = await contentHash(edited);
    const forgedTime = '2001-01-01T00:00:00.000Z';
    const signedNote = await facilitator.post(`${base}/${id}/sign`, {
      ciphertext: finalCiphertext,
      contentHash: hash,
      expectedRevision: 2,
      ...(await signed(fran, { groupId: group.id, noteId: id }, hash, finalCiphertext)),
      signedBy: coleUser.id,
      signerName: 'Somebody else',
      signedAt: forgedTime,
      ciphertextHash: '0'.repeat(64)
    });
    expect(signedNote.status).toBe(200);
    const signature = signedNote.body.note.signature;
    expect(signature).toMatchObject({ signedBy: facilitatorUser.id, signerName: 'Fran', contentHash: hash, keyId: fran.signing.keyId, publicKey: fran.signing.publicKey });
    expect(signature.signedAt).not.toBe(forgedTime);
    expect(signature.ciphertextHash).toBe(createHash('sha256').update(Buffer.from(finalCiphertext, 'base64')).digest('hex'));
    expect(await decryptNote(groupKey, id, signedNote.body.note.ciphertext)).toEqual(edited);

    for (const attempt of [
      () => facilitator.request('PUT', `${base}/${id}`, { ciphertext: finalCiphertext, expectedRevision: 3 }),
      async () =>
        facilitator.post(`${base}/${id}/sign`, {
          ciphertext: finalCiphertext,
          contentHash: hash,
          expectedRevision: 3,
          ...(await signed(fran, { groupId: group.id, noteId: id }, hash, finalCiphertext))
        })
    ]) {
      const refused = await attempt();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'conflict', message: 'This note is signed and read-only. Add an addendum instead.', details: { reason: 'note_signed' } });
    }
    expect((await facilitator.get(`${base}/${id}`)).body.note.ciphertext).toBe(finalCiphertext);

    // Addenda: each its own ciphertext and signature; a participant and a co-facilitator without the key cannot add one.
    const addendumId = crypto.randomUUID();
    const addendum = { version: 1 as const, text: 'Pat phoned the next day: sleeping better.' };
    const addendumCiphertext = await encryptAddendum(groupKey, id, addendumId, addendum);
    const addendumHash = await contentHash(addendum);
    const body = {
      id: addendumId,
      ciphertext: addendumCiphertext,
      contentHash: addendumHash,
      ...(await signed(fran, { groupId: group.id, noteId: id, addendumId }, addendumHash, addendumCiphertext))
    };
    expect((await pat.client.post(`${base}/${id}/addenda`, body)).status).toBe(403);
    expect((await cole.post(`${base}/${id}/addenda`, body)).status).toBe(403);
    const added = await facilitator.post(`${base}/${id}/addenda`, { ...body, signedBy: coleUser.id });
    expect(added.status).toBe(201);
    expect(added.body.note.addenda).toEqual([
      {
        id: addendumId,
        ciphertext: body.ciphertext,
        keyVersion: 1,
        signature: expect.objectContaining({ signedBy: facilitatorUser.id, contentHash: body.contentHash, signature: body.signature, keyId: fran.signing.keyId })
      }
    ]);
    expect((await facilitator.post(`${base}/${id}/addenda`, body)).status).toBe(409);
    expect((await facilitator.get(base)).body.notes).toEqual([expect.objectContaining({ id, addendaCount: 1, signature: expect.objectContaining({ signedBy: facilitatorUser.id }) })]);

    const actions = (await facilitator.get(`/api/groups/${group.id}/audit`)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['group_note.created', 'group_note.signed', 'group_note.addendum_signed', 'group_note.read']));
  });

  it('an addendum needs a signed note; bad bodies get clear 4xx answers', async () => {
    const { facilitator, session, base, groupKey } = await endedSessionWithNoteKey();
    const id = crypto.randomUUID();
    await facilitator.post(base, { id, sessionId: session.id, ciphertext: await encryptNote(groupKey, id, note(session.id)) });
    const early = await facilitator.post(`${base}/${id}/addenda`, { id: crypto.randomUUID(), ciphertext: 'AAAA', contentHash: 'a'.repeat(64), signature: 'AAAA', keyId: 'a'.repeat(64) });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('note_not_signed');
    const bad = await facilitator.post(`${base}/${id}/sign`, { ciphertext: 'not base64!', contentHash: 'XYZ', expectedRevision: 0 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['ciphertext', 'contentHash', 'expectedRevision', 'keyId', 'signature']);
    const malformed = await facilitator.request('POST', base, '{"id":', { 'content-type': 'application/json' });
    expect(malformed.body.error.code).toBe('malformed_json');
    const huge = await facilitator.request('PUT', `${base}/${id}`, { ciphertext: 'A'.repeat(800_000), expectedRevision: 1 });
    expect(huge.status).toBe(413);
    expect((await facilitator.get(`${base}/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await facilitator.get(`${base}/not-an-id`)).status).toBe(404);
  });

  it('a co-facilitator reads ciphertext only until a key holder wraps the group key for them', async () => {
    const { facilitator, cole, coleUser, pat, session, base, groupKey, fran, wrapped, group } = await endedSessionWithNoteKey();
    const id = crypto.randomUUID();
    const content = note(session.id);
    await facilitator.post(base, { id, sessionId: session.id, ciphertext: await encryptNote(groupKey, id, content) });

    const read = await cole.get(`${base}/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.note.ciphertext).not.toContain('Worry');
    expect((await cole.get(`${base}/keys`)).body).toMatchObject({ mine: null, groupHasKey: true });
    // Without a key of their own, Cole cannot make a second group key, nor share, nor write.
    const coleKeys = await keysFor(cole, coleUser.id);
    const second = await createGroupKey(group.id, coleKeys);
    expect((await cole.post(`${base}/keys`, { userId: coleUser.id, wrappedKey: second.wrapped })).status).toBe(409);
    expect((await cole.post(`${base}/keys`, { userId: fran.userId, wrappedKey: second.wrapped })).status).toBe(403);
    expect((await cole.request('PUT', `${base}/${id}`, { ciphertext: read.body.note.ciphertext, expectedRevision: 1 })).status).toBe(403);

    // Sharing only to facilitators with a public key.
    const keysAnswer = (await facilitator.get(`${base}/keys`)).body;
    const colePublic = keysAnswer.facilitators.find((f: { userId: string }) => f.userId === coleUser.id).publicKey;
    expect(colePublic).toBe(coleKeys.record.publicKey);
    const forCole = await shareGroupKey(wrapped, group.id, fran, { userId: coleUser.id, publicKey: colePublic });
    expect((await facilitator.post(`${base}/keys`, { userId: pat.user.id, wrappedKey: forCole })).status).toBe(403);
    expect((await facilitator.post(`${base}/keys`, { userId: coleUser.id, wrappedKey: forCole })).status).toBe(201);
    expect((await facilitator.post(`${base}/keys`, { userId: coleUser.id, wrappedKey: forCole })).status).toBe(409);

    const mine = (await cole.get(`${base}/keys`)).body.mine;
    const coleGroupKey = await openGroupKey(mine, group.id, coleKeys);
    expect(await decryptNote(coleGroupKey, id, read.body.note.ciphertext)).toEqual(content);
    // The wrapped private key is only for its owner.
    expect((await cole.get('/api/me/facilitator-key')).body.key).toEqual(coleKeys.record);
    expect((await cole.post('/api/me/facilitator-key', coleKeys.record)).status).toBe(409);
  });
});

describe('at the same moment', () => {
  it('two facilitators making the first key, or signing the same revision, leave one winner', async () => {
    const room = await liveRoom(t);
    const { facilitator, facilitatorUser, group, session } = room;
    await facilitator.post(`/api/sessions/${session.id}/end`);
    const fran = await keysFor(facilitator, facilitatorUser.id);
    const [a, b] = await Promise.all([createGroupKey(group.id, fran), createGroupKey(group.id, fran)]);
    const base = `/api/groups/${group.id}/group-notes`;
    const made = await Promise.all([a, b].map((k) => facilitator.post(`${base}/keys`, { userId: fran.userId, wrappedKey: k.wrapped })));
    expect(made.map((r) => r.status).sort()).toEqual([201, 409]);
    const key = await openGroupKey((await facilitator.get(`${base}/keys`)).body.mine, group.id, fran);
    const id = crypto.randomUUID();
    const content = note(session.id);
    await facilitator.post(base, { id, sessionId: session.id, ciphertext: await encryptNote(key, id, content) });
    const ciphertext = await encryptNote(key, id, content);
    const hash = await contentHash(content);
    const body = { ciphertext, contentHash: hash, expectedRevision: 1, ...(await signed(fran, { groupId: group.id, noteId: id }, hash, ciphertext)) };
    const signs = await Promise.all([facilitator.post(`${base}/${id}/sign`, body), facilitator.post(`${base}/${id}/sign`, body)]);
    expect(signs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(signs.find((r) => r.status === 409)!.body.error.details.reason).toBe('note_signed');
  });
});

describe('the database itself', () => {
  it('refuses to change a signed note or an addendum', async () => {
    const handle = await openTestDb();
    try {
      const run = (query: ReturnType<typeof sql>) => handle.db.execute(query);
      /** drizzle wraps the database's error: its own message is the cause's. */
      const refusedWith = (query: ReturnType<typeof sql>, message: RegExp) =>
        expect(run(query).catch((e) => Promise.reject(new Error(String(e.cause?.message ?? e.message))))).rejects.toThrow(message);
      await run(sql`insert into users (id, email, password_hash, display_name) values ('u1', 'a@b.c', 'x', 'Fran')`);
      await run(sql`insert into groups (id, name, kind, max_size, agreement, created_by) values ('g1', 'G', 'cbt', 8, 'A', 'u1')`);
      await run(sql`insert into group_sessions (id, group_id, title, duration_minutes, created_by) values ('s1', 'g1', 'S', 90, 'u1')`);
      await run(sql`insert into group_notes (id, group_id, session_id, created_by, ciphertext, revision) values ('n1', 'g1', 's1', 'u1', '\x01', 1)`);
      await run(sql`update group_notes set revision = 2 where id = 'n1'`);
      await run(sql`update group_notes set signed_at = now(), signed_by = 'u1' where id = 'n1'`);
      await refusedWith(sql`update group_notes set ciphertext = '\x02' where id = 'n1'`, /signed and read-only/);
      await run(sql`insert into group_note_addenda (id, note_id, ciphertext, signed_by, signer_name, signed_at, content_hash, ciphertext_hash) values ('a1', 'n1', '\x01', 'u1', 'Fran', now(), 'h', 'h')`);
      await refusedWith(sql`update group_note_addenda set ciphertext = '\x02' where id = 'a1'`, /read-only/);
    } finally {
      await handle.drop();
    }
  }, 30_000);
});

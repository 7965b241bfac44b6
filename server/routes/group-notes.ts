/**
 * /api group progress notes (src/lib/core/group-notes). Facilitators only: a participant gets 403, a non-member 404.
 * The server stores ciphertext, wrapped keys, signatures and hashes; it never sees a note's text. A note is written
 * from an ended session, saved as drafts (revisioned), then signed with the facilitator's own ECDSA key: the server
 * verifies the signature over the statement it rebuilds itself (signer = the signed-in facilitator whatever the body
 * says, the note, the client's content hash, its own SHA-256 of the ciphertext) with the signer's registered key, and
 * refuses a signature that does not verify or a key that is not the signer's (400). It records the signature, key id
 * and time, and refuses every later change (409 'note_signed'); later words are addenda, each signed the same way.
 * Keys and rotation: ./group-note-keys.ts.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, conflict, notFound } from '../../src/lib/core/errors';
import { GROUP_NOTES_BODY_BYTES, addendumSchema, createNoteSchema, signNoteSchema, updateNoteSchema, type PrefillAnswer } from '../../src/lib/core/group-notes/api';
import { verifyStatement, type SignedStatement } from '../../src/lib/core/group-notes/signing';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { instrument, score } from '../../src/lib/core/measures';
import { fromBase64 } from '../base64';
import { facilitatorAccess, requireKeyHolder } from '../group-notes/access';
import { presentNote, presentSummary } from '../group-notes/present';
import type { GroupNoteRecord, NoteWrite, Signature } from '../storage/group-notes';
import { audit, type GroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';
import { groupNoteKeyRoutes } from './group-note-keys';

/** These routes carry whole encrypted notes: they skip the API's general body limit (server/app.ts) for their own. */
export const isGroupNotesPath = (path: string) => /^\/api\/groups\/[^/]+\/group-notes(\/|$)/.test(path);

const limit = bodyLimit({
  maxSize: GROUP_NOTES_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large', 'That note is larger than the server can take.');
  }
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The signature a signer's browser made, checked against the statement the server rebuilds from its own facts: the
 * key must be registered to the signed-in facilitator and the signature must verify (else 400, nothing stored).
 */
async function verifiedSignature(
  c: AppContext,
  access: GroupAccess,
  input: { signature: string; keyId: string; contentHash: string },
  target: { noteId: string; addendumId: string | null },
  ciphertextHash: string
): Promise<Signature> {
  const { store, now } = c.get('deps');
  const key = (await store.groupNotes.signingKeys([input.keyId])).get(input.keyId);
  if (!key) throw new AppError('validation_failed', 'That signing key is not registered.', { reason: 'unknown_signing_key' });
  if (key.userId !== access.user.id) throw new AppError('validation_failed', 'That signing key is not yours.', { reason: 'not_signers_key' });
  const statement: SignedStatement = {
    kind: target.addendumId ? 'group-note-addendum' : 'group-note',
    groupId: access.group.id,
    noteId: target.noteId,
    addendumId: target.addendumId,
    signerId: access.user.id,
    keyId: input.keyId,
    contentHash: input.contentHash,
    ciphertextHash
  };
  if (!(await verifyStatement(key.publicKey, statement, input.signature))) {
    throw new AppError('validation_failed', 'The signature does not verify for this note, its content and your key.', { reason: 'bad_signature' });
  }
  return {
    signedBy: access.user.id,
    signerName: access.user.displayName,
    signedAt: now(),
    contentHash: input.contentHash,
    ciphertextHash,
    signature: input.signature,
    signingKeyId: input.keyId
  };
}

async function endedSession(c: AppContext, access: GroupAccess, sessionId: string) {
  const session = await c.get('deps').store.sessions.get(sessionId);
  if (!session || session.groupId !== access.group.id) throw notFound('Session');
  if (session.status !== 'ended' || !session.startedAt || !session.endedAt) {
    throw conflict('A group note is written after the session has ended.');
  }
  return { ...session, startedAt: session.startedAt, endedAt: session.endedAt };
}

async function noteIn(c: AppContext, access: GroupAccess): Promise<GroupNoteRecord> {
  const note = await c.get('deps').store.groupNotes.note(idParam(c, 'noteId', 'Note'));
  if (!note || note.groupId !== access.group.id) throw notFound('Note');
  return note;
}

async function view(c: AppContext, note: GroupNoteRecord) {
  const { store } = c.get('deps');
  const [session, addenda] = await Promise.all([store.sessions.get(note.sessionId), store.groupNotes.addenda(note.id)]);
  const keyIds = [note.signature?.signingKeyId, ...addenda.map((a) => a.signature.signingKeyId)].filter((k): k is string => !!k);
  return presentNote(note, session?.title ?? 'Session', addenda, await store.groupNotes.signingKeys(keyIds));
}

function written(result: NoteWrite): GroupNoteRecord {
  if (result.ok) return result.note;
  if (result.reason === 'not_found') throw notFound('Note');
  if (result.reason === 'signed') {
    throw conflict('This note is signed and read-only. Add an addendum instead.', { reason: 'note_signed' });
  }
  throw conflict('This note was saved from another device meanwhile. Reload it and try again.', { reason: 'stale_revision' });
}

export function groupNoteRoutes() {
  return new Hono<AppEnv>()
    .use('/groups/:id/group-notes/*', limit)
    .use('/groups/:id/group-notes', limit)

    .get('/groups/:id/group-notes', async (c) => {
      const access = await facilitatorAccess(c);
      const notes = await c.get('deps').store.groupNotes.notesForGroup(access.group.id);
      return c.json({ notes: notes.map(presentSummary) });
    })

    .route('/', groupNoteKeyRoutes())

    .get('/groups/:id/group-notes/prefill/:sessionId', async (c) => {
      const access = await facilitatorAccess(c);
      const session = await endedSession(c, access, idParam(c, 'sessionId', 'Session'));
      const { store } = c.get('deps');
      const [members, stays, checkins, responses] = await Promise.all([
        store.members.list(access.group.id),
        store.attendance.list(session.id),
        store.rooms.listCheckins(session.id),
        store.measures.responses(access.group.id)
      ]);
      const participants = new Set(members.filter((m) => !isFacilitating(m.role)).map((m) => m.userId));
      const attendees = new Map<string, PrefillAnswer['attendees'][number]>();
      for (const stay of stays) {
        if (!participants.has(stay.userId)) continue;
        const entry = attendees.get(stay.userId) ?? { userId: stay.userId, name: stay.displayName, stays: [], scores: [], checkedIn: false };
        entry.stays.push({ joinedAt: stay.joinedAt.toISOString(), leftAt: stay.leftAt?.toISOString() ?? null });
        attendees.set(stay.userId, entry);
      }
      for (const response of responses) {
        const entry = attendees.get(response.userId);
        if (!entry || response.sessionId !== session.id) continue;
        entry.scores.push({ measure: instrument(response.measure).name, total: response.total, band: score(response.measure, response.answers).band });
      }
      for (const checkin of checkins) {
        const entry = attendees.get(checkin.userId);
        if (entry) entry.checkedIn = true;
      }
      await audit(c, { action: 'group_notes.prefill_read', targetType: 'session', targetId: session.id, groupId: access.group.id });
      return c.json<PrefillAnswer>({
        session: { id: session.id, title: session.title, startedAt: session.startedAt.toISOString(), endedAt: session.endedAt.toISOString() },
        attendees: [...attendees.values()]
      });
    })

    .post('/groups/:id/group-notes', async (c) => {
      const access = await facilitatorAccess(c);
      const input = await readJson(c, createNoteSchema);
      await requireKeyHolder(c, access, input.keyVersion);
      const session = await endedSession(c, access, input.sessionId);
      const { store, now } = c.get('deps');
      const note = await store.groupNotes.createNote(
        { id: input.id, groupId: access.group.id, sessionId: session.id, createdBy: access.user.id, ciphertext: fromBase64(input.ciphertext), keyVersion: input.keyVersion },
        now()
      );
      if (!note) throw conflict('This session already has a group note.', { reason: 'note_exists' });
      await audit(c, { action: 'group_note.created', targetType: 'group_note', targetId: note.id, groupId: access.group.id });
      return c.json({ note: await view(c, note) }, 201);
    })

    .get('/groups/:id/group-notes/:noteId', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      await audit(c, { action: 'group_note.read', targetType: 'group_note', targetId: note.id, groupId: access.group.id });
      return c.json({ note: await view(c, note) });
    })

    .put('/groups/:id/group-notes/:noteId', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      const input = await readJson(c, updateNoteSchema);
      if (note.signature) written({ ok: false, reason: 'signed' });
      await requireKeyHolder(c, access, input.keyVersion);
      const { store, now } = c.get('deps');
      const saved = written(await store.groupNotes.updateNote(note.id, fromBase64(input.ciphertext), input.keyVersion, input.expectedRevision, now()));
      return c.json({ note: await view(c, saved) });
    })

    .post('/groups/:id/group-notes/:noteId/sign', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      const input = await readJson(c, signNoteSchema);
      if (note.signature) written({ ok: false, reason: 'signed' });
      await requireKeyHolder(c, access, input.keyVersion);
      const { store } = c.get('deps');
      const ciphertext = fromBase64(input.ciphertext);
      const signature = await verifiedSignature(c, access, input, { noteId: note.id, addendumId: null }, sha256(ciphertext));
      const signed = written(await store.groupNotes.signNote(note.id, ciphertext, input.keyVersion, input.expectedRevision, signature));
      await audit(c, {
        action: 'group_note.signed',
        targetType: 'group_note',
        targetId: note.id,
        groupId: access.group.id,
        details: { contentHash: signature.contentHash, ciphertextHash: signature.ciphertextHash, keyId: signature.signingKeyId }
      });
      return c.json({ note: await view(c, signed) });
    })

    .post('/groups/:id/group-notes/:noteId/addenda', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      const input = await readJson(c, addendumSchema);
      if (!note.signature) throw conflict('Sign the note first: addenda are added to signed notes.', { reason: 'note_not_signed' });
      await requireKeyHolder(c, access, input.keyVersion);
      const { store } = c.get('deps');
      const ciphertext = fromBase64(input.ciphertext);
      const signature = await verifiedSignature(c, access, input, { noteId: note.id, addendumId: input.id }, sha256(ciphertext));
      const added = await store.groupNotes.addAddendum({ id: input.id, noteId: note.id, ciphertext, keyVersion: input.keyVersion, signature });
      if (!added) throw conflict('That addendum was already saved.', { reason: 'addendum_exists' });
      await audit(c, {
        action: 'group_note.addendum_signed',
        targetType: 'group_note',
        targetId: note.id,
        groupId: access.group.id,
        details: { addendumId: added.id, contentHash: input.contentHash, keyId: input.keyId }
      });
      return c.json({ note: await view(c, note) }, 201);
    });
}

/**
 * /api group progress notes (src/lib/core/group-notes). Facilitators only: a participant gets 403, a non-member 404.
 * The server stores ciphertext, wrapped keys, signatures and hashes; it never sees a note's text. A note is written
 * from an ended session, saved as drafts (revisioned), then signed: the server records the signer (the signed-in
 * facilitator, whatever the body says), the time, the client's content hash and its own SHA-256 of the ciphertext,
 * and refuses every later change (409 'note_signed'); later words are addenda, each signed as it is stored.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, conflict, forbidden, notFound } from '../../src/lib/core/errors';
import {
  GROUP_NOTES_BODY_BYTES,
  addendumSchema,
  createNoteSchema,
  facilitatorKeySchema,
  putGroupKeySchema,
  signNoteSchema,
  updateNoteSchema,
  type NotesKeysAnswer,
  type PrefillAnswer
} from '../../src/lib/core/group-notes/api';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { instrument, score } from '../../src/lib/core/measures';
import { requireUser } from '../auth/login-sessions';
import { fromBase64 } from '../base64';
import { presentNote, presentSummary } from '../group-notes/present';
import type { GroupNoteRecord, NoteWrite } from '../storage/group-notes';
import { audit, requireGroupAccess, type GroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';

/** These routes carry whole encrypted notes: they skip the API's general body limit (server/app.ts) for their own. */
export const isGroupNotesPath = (path: string) => /^\/api\/groups\/[^/]+\/group-notes(\/|$)/.test(path);

const limit = bodyLimit({
  maxSize: GROUP_NOTES_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large', 'That note is larger than the server can take.');
  }
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function facilitatorAccess(c: AppContext): Promise<GroupAccess> {
  const access = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
  if (!isFacilitating(access.membership.role)) throw forbidden('Only facilitators can read or write group notes.');
  return access;
}

/** Writing needs the group's notes key (the server cannot check the ciphertext, but it can check who holds a key). */
async function requireKeyHolder(c: AppContext, access: GroupAccess) {
  const mine = await c.get('deps').store.groupNotes.groupKey(access.group.id, access.user.id);
  if (!mine) throw forbidden('You do not hold this group’s notes key yet. Ask a facilitator who does to share it with you.');
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
  return presentNote(note, session?.title ?? 'Session', addenda);
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
    .get('/me/facilitator-key', async (c) => {
      const user = requireUser(c);
      return c.json({ key: (await c.get('deps').store.groupNotes.facilitatorKey(user.id)) ?? null });
    })

    .post('/me/facilitator-key', async (c) => {
      const user = requireUser(c);
      const record = await readJson(c, facilitatorKeySchema);
      const stored = await c.get('deps').store.groupNotes.putFacilitatorKey(user.id, record);
      if (!stored) throw conflict('You already have a group notes key pair.');
      await audit(c, { action: 'group_notes.facilitator_key_created', targetType: 'user', targetId: user.id });
      return c.json({ key: record }, 201);
    })

    .use('/groups/:id/group-notes/*', limit)
    .use('/groups/:id/group-notes', limit)

    .get('/groups/:id/group-notes', async (c) => {
      const access = await facilitatorAccess(c);
      const notes = await c.get('deps').store.groupNotes.notesForGroup(access.group.id);
      return c.json({ notes: notes.map(presentSummary) });
    })

    .get('/groups/:id/group-notes/keys', async (c) => {
      const access = await facilitatorAccess(c);
      const { store } = c.get('deps');
      const members = (await store.members.list(access.group.id)).filter((m) => isFacilitating(m.role));
      const [mine, holders, publicKeys] = await Promise.all([
        store.groupNotes.groupKey(access.group.id, access.user.id),
        store.groupNotes.groupKeyHolders(access.group.id),
        store.groupNotes.publicKeys(members.map((m) => m.userId))
      ]);
      return c.json<NotesKeysAnswer>({
        mine: mine ?? null,
        groupHasKey: holders.length > 0,
        facilitators: members.map((m) => ({
          userId: m.userId,
          displayName: m.displayName,
          role: m.role,
          publicKey: publicKeys.get(m.userId) ?? null,
          hasKey: holders.includes(m.userId)
        }))
      });
    })

    .post('/groups/:id/group-notes/keys', async (c) => {
      const access = await facilitatorAccess(c);
      const input = await readJson(c, putGroupKeySchema);
      const { store, now } = c.get('deps');
      const groupId = access.group.id;
      if (input.userId === access.user.id) {
        // Only the very first copy may be made by oneself; after that, a holder shares it.
        if (!(await store.groupNotes.createGroupKey(groupId, access.user.id, input.wrappedKey, now()))) {
          throw conflict('This group already has a notes key. Ask a facilitator who holds it to share it with you.');
        }
        await audit(c, { action: 'group_notes.key_created', targetType: 'group', targetId: groupId, groupId });
        return c.json({ ok: true }, 201);
      }
      await requireKeyHolder(c, access);
      const target = await store.members.get(groupId, input.userId);
      if (!target) throw notFound('Member');
      if (!isFacilitating(target.role)) throw forbidden('Group notes are shared only with facilitators.');
      const [publicKey] = (await store.groupNotes.publicKeys([input.userId])).values();
      if (!publicKey) throw conflict('This facilitator has not set up group notes yet.');
      if (!(await store.groupNotes.putGroupKey(groupId, input.userId, input.wrappedKey, access.user.id, now()))) {
        throw conflict('This facilitator already holds the group’s notes key.');
      }
      await audit(c, { action: 'group_notes.key_shared', targetType: 'user', targetId: input.userId, groupId });
      return c.json({ ok: true }, 201);
    })

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
      await requireKeyHolder(c, access);
      const session = await endedSession(c, access, input.sessionId);
      const { store, now } = c.get('deps');
      const note = await store.groupNotes.createNote(
        { id: input.id, groupId: access.group.id, sessionId: session.id, createdBy: access.user.id, ciphertext: fromBase64(input.ciphertext) },
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
      await requireKeyHolder(c, access);
      const { store, now } = c.get('deps');
      const saved = written(await store.groupNotes.updateNote(note.id, fromBase64(input.ciphertext), input.expectedRevision, now()));
      return c.json({ note: await view(c, saved) });
    })

    .post('/groups/:id/group-notes/:noteId/sign', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      const input = await readJson(c, signNoteSchema);
      if (note.signature) written({ ok: false, reason: 'signed' });
      await requireKeyHolder(c, access);
      const { store, now } = c.get('deps');
      const ciphertext = fromBase64(input.ciphertext);
      const signature = {
        signedBy: access.user.id,
        signerName: access.user.displayName,
        signedAt: now(),
        contentHash: input.contentHash,
        ciphertextHash: sha256(ciphertext)
      };
      const signed = written(await store.groupNotes.signNote(note.id, ciphertext, input.expectedRevision, signature));
      await audit(c, {
        action: 'group_note.signed',
        targetType: 'group_note',
        targetId: note.id,
        groupId: access.group.id,
        details: { contentHash: signature.contentHash, ciphertextHash: signature.ciphertextHash }
      });
      return c.json({ note: await view(c, signed) });
    })

    .post('/groups/:id/group-notes/:noteId/addenda', async (c) => {
      const access = await facilitatorAccess(c);
      const note = await noteIn(c, access);
      const input = await readJson(c, addendumSchema);
      if (!note.signature) throw conflict('Sign the note first: addenda are added to signed notes.', { reason: 'note_not_signed' });
      await requireKeyHolder(c, access);
      const { store, now } = c.get('deps');
      const ciphertext = fromBase64(input.ciphertext);
      const added = await store.groupNotes.addAddendum({
        id: input.id,
        noteId: note.id,
        ciphertext,
        signature: {
          signedBy: access.user.id,
          signerName: access.user.displayName,
          signedAt: now(),
          contentHash: input.contentHash,
          ciphertextHash: sha256(ciphertext)
        }
      });
      if (!added) throw conflict('That addendum was already saved.', { reason: 'addendum_exists' });
      await audit(c, {
        action: 'group_note.addendum_signed',
        targetType: 'group_note',
        targetId: note.id,
        groupId: access.group.id,
        details: { addendumId: added.id, contentHash: input.contentHash }
      });
      return c.json({ note: await view(c, note) }, 201);
    });
}

/**
 * /api/notes/*: private notes, for their owner only (the signed-in person; nobody can name another person's notes).
 * The routes of NOTES_ROUTES in src/lib/core/notes/sync-contract.ts. The server stores what the browser encrypted
 * and bounds its size; it never decodes it as Yjs (it cannot decrypt it) and never logs it.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, conflict } from '../../src/lib/core/errors';
import {
  MAX_ENTRIES_PER_PUSH,
  MAX_ENTRY_BYTES,
  MAX_PUSH_BYTES,
  MAX_SNAPSHOT_BYTES,
  type EncryptedEntry,
  type KeyringAnswer,
  type NotesDocumentAnswer,
  type PullAnswer,
  type PushAnswer,
  type SnapshotAnswer
} from '../../src/lib/core/notes/sync-contract';
import { requireUser } from '../auth/login-sessions';
import { requireAccountPassword } from '../auth/password-recheck';
import { audit } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { parseWith, readJson } from '../http/validate';
import { afterSchema, base64Length, pushSchema, putKeyringSchema, snapshotSchema } from '../notes/schemas';
import { fromBase64, toBase64 } from '../base64';

/** The notes routes skip the API's general body limit (server/app.ts) and set their own, per route. */
export const NOTES_PATH_PREFIX = '/api/notes';

const JSON_SLACK = 64 * 1024;
const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', 'That is more than the notes can take at once.');
    }
  });
/** A push of several entries (clients split by MAX_PUSH_BYTES): enough for a long offline session, bounded memory. */
const PUSH_BODY_BYTES = base64Length(MAX_PUSH_BYTES) + JSON_SLACK;
const SNAPSHOT_BODY_BYTES = base64Length(MAX_SNAPSHOT_BYTES) + JSON_SLACK;
const KEYRING_BODY_BYTES = 16 * 1024;

const decodedLength = (text: string) => Buffer.byteLength(text, 'base64');

/** Anonymous requests get 401 before any body is read. */
const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c);
  await next();
};

async function notesDocument(c: AppContext) {
  return c.get('deps').store.notes.documentFor(requireUser(c).id);
}

export function notesRoutes() {
  return new Hono<AppEnv>()
    .use('/notes', signedIn)
    .use('/notes/*', signedIn)
    .get('/notes', async (c) => {
      const doc = await notesDocument(c);
      return c.json<NotesDocumentAnswer>({ documentId: doc.id, docName: doc.docName });
    })

    .get('/notes/keyring', async (c) => {
      const user = requireUser(c);
      return c.json<KeyringAnswer>(await c.get('deps').store.notes.keyring(user.id));
    })

    .post('/notes/keyring', limit(KEYRING_BODY_BYTES), async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, putKeyringSchema);
      await requireAccountPassword(c, user, input.currentPassword, 'currentPassword', 'That is not your account password.');
      const { store, now } = c.get('deps');
      const written = await store.notes.putKeyring(user.id, input.keyring, input.expectedRevision, now());
      if (!written.ok) throw conflict('Your notes key was changed on another device. Reload the page and try again.');
      // Which wrappings exist, never their contents.
      await audit(c, {
        action: 'notes.keyring_changed',
        targetType: 'user',
        targetId: user.id,
        details: { revision: written.stored.revision, recoveryCode: input.keyring.recoveryCode !== null }
      });
      return c.json<KeyringAnswer>(written.stored);
    })

    .get('/notes/entries', async (c) => {
      const after = parseWith(afterSchema, c.req.query('after'), 'query');
      const doc = await notesDocument(c);
      const found = await c.get('deps').store.notes.entriesAfter(doc.id, after);
      const entries: EncryptedEntry[] = [];
      if (found.snapshot) {
        entries.push({ id: found.snapshot.coversUpdateId, kind: 'snapshot', ciphertext: toBase64(found.snapshot.ciphertext) });
      }
      for (const update of found.updates) entries.push({ id: update.id, kind: 'update', ciphertext: toBase64(update.ciphertext) });
      return c.json<PullAnswer>({ entries, latestId: found.latestId });
    })

    .post('/notes/entries', limit(PUSH_BODY_BYTES), async (c) => {
      const { ciphertexts } = await readJson(c, pushSchema);
      if (ciphertexts.length > MAX_ENTRIES_PER_PUSH) {
        throw new AppError('payload_too_large', `Send at most ${MAX_ENTRIES_PER_PUSH} changes at once.`);
      }
      if (ciphertexts.some((text) => decodedLength(text) > MAX_ENTRY_BYTES)) {
        throw new AppError('payload_too_large', `One change is larger than ${MAX_ENTRY_BYTES} bytes.`);
      }
      const { store, now } = c.get('deps');
      const doc = await notesDocument(c);
      const ids = await store.notes.append(doc.id, ciphertexts.map(fromBase64), now());
      return c.json<PushAnswer>({ ids });
    })

    .post('/notes/snapshot', limit(SNAPSHOT_BODY_BYTES), async (c) => {
      const { ciphertext, coversUpdateId } = await readJson(c, snapshotSchema);
      if (decodedLength(ciphertext) > MAX_SNAPSHOT_BYTES) {
        throw new AppError('payload_too_large', `The compacted notes are larger than ${MAX_SNAPSHOT_BYTES} bytes.`);
      }
      const doc = await notesDocument(c);
      const written = await c.get('deps').store.notes.replaceSnapshot(doc.id, fromBase64(ciphertext), coversUpdateId);
      if (!written.ok) {
        throw conflict(
          written.reason === 'not_newer'
            ? 'A newer compaction of your notes already exists.'
            : 'The compaction covers changes the server does not have.'
        );
      }
      return c.json<SnapshotAnswer>({ coversUpdateId, removedUpdates: written.removedUpdates });
    });
}

/**
 * /api keys of group progress notes (src/lib/core/group-notes/keys.ts, signing.ts): each facilitator's ECDH key pair
 * (for receiving the group key) and ECDSA signing key (for signing notes), both with the private half sealed by their
 * own notes key; each group's notes key wrapped per facilitator and per version; and rotation after a key holder left
 * (the server cannot rotate: it never has the key, so the next remaining holder's browser does, see
 * src/lib/offline/group-notes.ts). Mounted inside groupNoteRoutes (its body limit applies).
 */
import { Hono } from 'hono';
import { AppError, conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { facilitatorKeySchema, putGroupKeySchema, rotateGroupKeySchema, signingKeySchema, type NotesKeysAnswer } from '../../src/lib/core/group-notes/api';
import { importVerifyKey, signingKeyId } from '../../src/lib/core/group-notes/signing';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { requireUser } from '../auth/login-sessions';
import { facilitatorAccess } from '../group-notes/access';
import { audit } from '../http/access';
import type { AppEnv } from '../http/context';
import { readJson } from '../http/validate';

export function groupNoteKeyRoutes() {
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

    .get('/me/signing-key', async (c) => {
      const user = requireUser(c);
      return c.json({ key: (await c.get('deps').store.groupNotes.signingKeyOf(user.id)) ?? null });
    })

    /** Registers the caller's signing key: a valid P-256 public key whose id is its SHA-256; once per person. */
    .post('/me/signing-key', async (c) => {
      const user = requireUser(c);
      const record = await readJson(c, signingKeySchema);
      try {
        await importVerifyKey(record.publicKey);
      } catch {
        throw new AppError('validation_failed', 'That is not a P-256 public key.', { fields: { publicKey: 'Not a P-256 public key.' } });
      }
      if ((await signingKeyId(record.publicKey)) !== record.keyId) {
        throw new AppError('validation_failed', 'The key id is not the SHA-256 of the public key.', { fields: { keyId: 'Does not match the public key.' } });
      }
      const { store } = c.get('deps');
      if (!(await store.groupNotes.putSigningKey(user.id, record))) throw conflict('You already have a signing key.');
      await audit(c, { action: 'group_notes.signing_key_created', targetType: 'user', targetId: user.id, details: { keyId: record.keyId } });
      return c.json({ key: record }, 201);
    })

    .get('/groups/:id/group-notes/keys', async (c) => {
      const access = await facilitatorAccess(c);
      const { store } = c.get('deps');
      const groupId = access.group.id;
      const members = (await store.members.list(groupId)).filter((m) => isFacilitating(m.role));
      const [state, copies, versions, publicKeys] = await Promise.all([
        store.groupNotes.keyState(groupId),
        store.groupNotes.keyCopies(groupId),
        store.groupNotes.groupKeys(groupId, access.user.id),
        store.groupNotes.publicKeys(members.map((m) => m.userId))
      ]);
      const held = (userId: string) => copies.filter((k) => k.userId === userId).map((k) => k.keyVersion);
      return c.json<NotesKeysAnswer>({
        mine: versions.find((v) => v.keyVersion === state.currentVersion)?.wrappedKey ?? null,
        versions,
        currentVersion: state.currentVersion,
        rotationDueSince: state.rotationDueSince?.toISOString() ?? null,
        groupHasKey: copies.some((k) => k.keyVersion === state.currentVersion),
        facilitators: members.map((m) => ({
          userId: m.userId,
          displayName: m.displayName,
          role: m.role,
          publicKey: publicKeys.get(m.userId) ?? null,
          hasKey: held(m.userId).includes(state.currentVersion),
          versions: held(m.userId)
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
        const version = await store.groupNotes.createGroupKey(groupId, access.user.id, input.wrappedKey, now());
        if (version === undefined) throw conflict('This group already has a notes key. Ask a facilitator who holds it to share it with you.');
        await audit(c, { action: 'group_notes.key_created', targetType: 'group', targetId: groupId, groupId, details: { keyVersion: version } });
        return c.json({ ok: true, keyVersion: version }, 201);
      }
      const state = await store.groupNotes.keyState(groupId);
      const keyVersion = input.keyVersion ?? state.currentVersion;
      if (!(await store.groupNotes.groupKey(groupId, access.user.id, keyVersion))) {
        throw forbidden('You do not hold this version of the group’s notes key, so you cannot share it.');
      }
      const target = await store.members.get(groupId, input.userId);
      if (!target) throw notFound('Member');
      if (!isFacilitating(target.role)) throw forbidden('Group notes are shared only with facilitators.');
      const [publicKey] = (await store.groupNotes.publicKeys([input.userId])).values();
      if (!publicKey) throw conflict('This facilitator has not set up group notes yet.');
      if (!(await store.groupNotes.putGroupKey(groupId, input.userId, input.wrappedKey, access.user.id, now(), keyVersion))) {
        throw conflict('This facilitator already holds this version of the group’s notes key.');
      }
      await audit(c, { action: 'group_notes.key_shared', targetType: 'user', targetId: input.userId, groupId, details: { keyVersion } });
      return c.json({ ok: true, keyVersion }, 201);
    })

    /** A remaining holder's browser stores the rotated key, wrapped for exactly the remaining holders. */
    .post('/groups/:id/group-notes/keys/rotate', async (c) => {
      const access = await facilitatorAccess(c);
      const input = await readJson(c, rotateGroupKeySchema);
      const { store, now } = c.get('deps');
      const groupId = access.group.id;
      const state = await store.groupNotes.keyState(groupId);
      if (!(await store.groupNotes.groupKey(groupId, access.user.id, state.currentVersion))) {
        throw forbidden('Only a facilitator who holds the current notes key can renew it.');
      }
      const result = await store.groupNotes.rotate(groupId, input.fromVersion, input.keys, access.user.id, now());
      if (!result.ok) {
        if (result.reason === 'recipients') {
          throw conflict('The renewed key must be given to exactly the facilitators who hold the current one.', { reason: 'rotation_recipients' });
        }
        throw conflict(
          result.reason === 'not_due' ? 'The notes key does not need renewing.' : 'Another facilitator renewed the notes key meanwhile.',
          { reason: result.reason === 'not_due' ? 'rotation_not_due' : 'stale_key_version' }
        );
      }
      await audit(c, {
        action: 'group_notes.key_rotated',
        targetType: 'group',
        targetId: groupId,
        groupId,
        details: { fromVersion: input.fromVersion, keyVersion: result.version, holders: input.keys.length }
      });
      return c.json({ ok: true, keyVersion: result.version }, 201);
    });
}


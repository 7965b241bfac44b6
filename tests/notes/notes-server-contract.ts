/**
 * The rules every NotesServer implementation must follow (src/lib/core/notes/sync-contract.ts), as one suite.
 * Run it against the in-memory reference (memory-notes-server.test.ts) and, once it exists, against the real
 * HTTP routes with a signed-in client. The ciphertexts here are arbitrary bytes: the server must not read them.
 */
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../src/lib/core/notes/encoding';
import type { NotesKeyring } from '../../src/lib/core/notes/crypto';
import type { NotesServer } from '../../src/lib/core/notes/sync-contract';

const blob = (seed: number, length = 40) => bytesToBase64(Uint8Array.from({ length }, (_, i) => (seed * 31 + i) & 255));

const keyring = (salt: string): NotesKeyring => ({
  password: { version: 1, method: 'password', kdf: 'PBKDF2-SHA-256', iterations: 600_000, salt, wrappedKey: blob(9, 61) },
  recoveryCode: null
});

export function notesServerContract(name: string, makeServer: () => Promise<NotesServer>): void {
  describe(`NotesServer contract: ${name}`, () => {
    it('keeps the keyring with a revision that refuses stale writes', async () => {
      const server = await makeServer();
      expect(await server.getKeyring()).toEqual({ keyring: null, revision: 0 });
      const first = await server.putKeyring({ keyring: keyring('c2FsdC0xc2FsdC0xc2FsdC0xc2FsdC0x'), expectedRevision: 0, currentPassword: 'correct horse battery' });
      expect(first.revision).toBeGreaterThan(0);
      await expect(server.putKeyring({ keyring: keyring('c2FsdC0yc2FsdC0yc2FsdC0yc2FsdC0y'), expectedRevision: 0, currentPassword: 'correct horse battery' })).rejects.toMatchObject({
        code: 'conflict'
      });
      await server.putKeyring({ keyring: keyring('c2FsdC0zc2FsdC0zc2FsdC0zc2FsdC0z'), expectedRevision: first.revision, currentPassword: 'correct horse battery' });
      expect((await server.getKeyring()).keyring?.password.salt).toBe('c2FsdC0zc2FsdC0zc2FsdC0zc2FsdC0z');
    });

    it('stores pushed bytes unchanged and returns them after the given id, in order', async () => {
      const server = await makeServer();
      const { ids } = await server.push({ ciphertexts: [blob(1), blob(2), blob(3)] });
      expect(ids).toHaveLength(3);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      const all = await server.pull(0);
      expect(all.entries.map((entry) => entry.ciphertext)).toEqual([blob(1), blob(2), blob(3)]);
      expect(all.entries.every((entry) => entry.kind === 'update')).toBe(true);
      expect(all.latestId).toBe(ids[2]);
      const rest = await server.pull(ids[0]);
      expect(rest.entries.map((entry) => entry.id)).toEqual(ids.slice(1));
      expect((await server.pull(all.latestId)).entries).toEqual([]);
    });

    it('a snapshot replaces the updates it covers; later updates stay', async () => {
      const server = await makeServer();
      const { ids } = await server.push({ ciphertexts: [blob(1), blob(2), blob(3)] });
      const answer = await server.snapshot({ ciphertext: blob(7, 80), coversUpdateId: ids[1] });
      expect(answer).toEqual({ coversUpdateId: ids[1], removedUpdates: 2 });

      const fresh = await server.pull(0);
      expect(fresh.entries).toEqual([
        { id: ids[1], kind: 'snapshot', ciphertext: blob(7, 80) },
        { id: ids[2], kind: 'update', ciphertext: blob(3) }
      ]);
      expect((await server.pull(ids[1])).entries.map((entry) => entry.id)).toEqual([ids[2]]);
      expect((await server.pull(ids[0])).entries[0].kind).toBe('snapshot');
    });

    it('refuses a snapshot covering ids it does not have, or older than the current one', async () => {
      const server = await makeServer();
      const { ids } = await server.push({ ciphertexts: [blob(1), blob(2)] });
      await expect(server.snapshot({ ciphertext: blob(7), coversUpdateId: ids[1] + 100 })).rejects.toMatchObject({
        code: 'conflict'
      });
      await server.snapshot({ ciphertext: blob(7), coversUpdateId: ids[1] });
      await expect(server.snapshot({ ciphertext: blob(8), coversUpdateId: ids[0] })).rejects.toMatchObject({
        code: 'conflict'
      });
      expect((await server.pull(0)).entries).toEqual([{ id: ids[1], kind: 'snapshot', ciphertext: blob(7) }]);
    });

    it('refuses entries over the size limit', async () => {
      const server = await makeServer();
      await expect(server.push({ ciphertexts: [blob(1, 1024 * 1024 + 1)] })).rejects.toMatchObject({
        code: 'payload_too_large'
      });
    });
  });
}

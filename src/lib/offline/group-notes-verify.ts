/**
 * What a reader's browser checks of a signed note or addendum, after decrypting it: the content and ciphertext hashes
 * match what was signed, and the signature verifies with the signer's registered ECDSA key (whose id is the SHA-256 of
 * that key) over the statement naming this group, note (and addendum), signer and both hashes.
 */
import type { SignatureView } from '$lib/core/group-notes/api';
import { contentHash, sha256Hex, type AddendumContent, type GroupNoteContent } from '$lib/core/group-notes/content';
import { verifyStatement } from '$lib/core/group-notes/signing';
import { base64ToBytes } from '$lib/core/notes/encoding';

export interface SignatureCheck {
  /** The decrypted content and the ciphertext match the hashes recorded with the signature. */
  hashesMatch: boolean;
  /**
   * 'verified': the signer's own key signed exactly this; 'invalid': a signature is there and does not verify;
   * 'missing': signed before facilitators had signing keys (only the server's record of who signed);
   * 'key_changed': valid, but under another key than the one this device first saw for the signer (the desk's pin).
   */
  keySignature: 'verified' | 'invalid' | 'missing' | 'key_changed';
}

export const checkHolds = (check: SignatureCheck) => check.hashesMatch && check.keySignature === 'verified';

export async function checkSignature(
  signature: SignatureView,
  target: { groupId: string; noteId: string; addendumId: string | null },
  content: GroupNoteContent | AddendumContent,
  ciphertext: string
): Promise<SignatureCheck> {
  const [plain, sealed] = await Promise.all([contentHash(content), sha256Hex(base64ToBytes(ciphertext))]);
  const hashesMatch = plain === signature.contentHash && sealed === signature.ciphertextHash;
  if (!signature.signature && !signature.keyId) return { hashesMatch, keySignature: 'missing' };
  if (!signature.signature || !signature.keyId || !signature.publicKey) return { hashesMatch, keySignature: 'invalid' };
  const ok = await verifyStatement(
    signature.publicKey,
    {
      kind: target.addendumId ? 'group-note-addendum' : 'group-note',
      ...target,
      signerId: signature.signedBy,
      keyId: signature.keyId,
      contentHash: plain,
      ciphertextHash: sealed
    },
    signature.signature
  );
  return { hashesMatch, keySignature: ok ? 'verified' : 'invalid' };
}

/** Group note records → wire shapes (src/lib/core/group-notes/api.ts). Ciphertext travels as base64. */
import type { AddendumView, GroupNoteSummary, GroupNoteView, SignatureView } from '../../src/lib/core/group-notes/api';
import { toBase64 } from '../base64';
import type { AddendumRecord, GroupNoteRecord, Signature } from '../storage/group-notes';

/** Registered signing keys by id (for readers to verify with). */
export type SigningKeys = Map<string, { userId: string; publicKey: string }>;

export const presentSignature = (s: Signature, keys: SigningKeys = new Map()): SignatureView => ({
  signedBy: s.signedBy,
  signerName: s.signerName,
  signedAt: s.signedAt.toISOString(),
  contentHash: s.contentHash,
  ciphertextHash: s.ciphertextHash,
  signature: s.signature,
  keyId: s.signingKeyId,
  publicKey: (s.signingKeyId && keys.get(s.signingKeyId)?.publicKey) || null
});

export const presentAddendum = (a: AddendumRecord, keys: SigningKeys): AddendumView => ({
  id: a.id,
  ciphertext: toBase64(a.ciphertext),
  keyVersion: a.keyVersion,
  signature: presentSignature(a.signature, keys)
});

export const presentNote = (note: GroupNoteRecord, sessionTitle: string, addenda: AddendumRecord[], keys: SigningKeys): GroupNoteView => ({
  id: note.id,
  groupId: note.groupId,
  sessionId: note.sessionId,
  sessionTitle,
  createdBy: note.createdBy,
  createdAt: note.createdAt.toISOString(),
  updatedAt: note.updatedAt.toISOString(),
  revision: note.revision,
  ciphertext: toBase64(note.ciphertext),
  keyVersion: note.keyVersion,
  signature: note.signature ? presentSignature(note.signature, keys) : null,
  addenda: addenda.map((a) => presentAddendum(a, keys))
});

export const presentSummary = (note: GroupNoteRecord & { addendaCount: number }): GroupNoteSummary => ({
  id: note.id,
  sessionId: note.sessionId,
  revision: note.revision,
  signature: note.signature ? presentSignature(note.signature) : null,
  addendaCount: note.addendaCount
});

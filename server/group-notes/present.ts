/** Group note records → wire shapes (src/lib/core/group-notes/api.ts). Ciphertext travels as base64. */
import type { AddendumView, GroupNoteSummary, GroupNoteView, SignatureView } from '../../src/lib/core/group-notes/api';
import { toBase64 } from '../base64';
import type { AddendumRecord, GroupNoteRecord, Signature } from '../storage/group-notes';

export const presentSignature = (s: Signature): SignatureView => ({
  signedBy: s.signedBy,
  signerName: s.signerName,
  signedAt: s.signedAt.toISOString(),
  contentHash: s.contentHash,
  ciphertextHash: s.ciphertextHash
});

export const presentAddendum = (a: AddendumRecord): AddendumView => ({
  id: a.id,
  ciphertext: toBase64(a.ciphertext),
  signature: presentSignature(a.signature)
});

export const presentNote = (note: GroupNoteRecord, sessionTitle: string, addenda: AddendumRecord[]): GroupNoteView => ({
  id: note.id,
  groupId: note.groupId,
  sessionId: note.sessionId,
  sessionTitle,
  createdBy: note.createdBy,
  createdAt: note.createdAt.toISOString(),
  updatedAt: note.updatedAt.toISOString(),
  revision: note.revision,
  ciphertext: toBase64(note.ciphertext),
  signature: note.signature ? presentSignature(note.signature) : null,
  addenda: addenda.map(presentAddendum)
});

export const presentSummary = (note: GroupNoteRecord & { addendaCount: number }): GroupNoteSummary => ({
  id: note.id,
  sessionId: note.sessionId,
  revision: note.revision,
  signature: note.signature ? presentSignature(note.signature) : null,
  addendaCount: note.addendaCount
});

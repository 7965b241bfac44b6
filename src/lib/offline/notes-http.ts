/**
 * The browser's NotesServer over the JSON API (routes in src/lib/core/notes/sync-contract.ts). Errors arrive as
 * ApiError; offline is ApiError code 'network', which the replica and keys code treat like any failed round.
 */
import { api } from '$lib/api/client';
import {
  NOTES_ROUTES,
  type KeyringAnswer,
  type NotesDocumentAnswer,
  type NotesServer,
  type PullAnswer,
  type PushAnswer,
  type SnapshotAnswer
} from '$lib/core/notes/sync-contract';

export const httpNotesServer: NotesServer = {
  document: () => api.get<NotesDocumentAnswer>(NOTES_ROUTES.document),
  getKeyring: () => api.get<KeyringAnswer>(NOTES_ROUTES.keyring),
  putKeyring: (request) => api.post<KeyringAnswer>(NOTES_ROUTES.keyring, request),
  pull: (after) => api.poll<PullAnswer>(`${NOTES_ROUTES.entries}?after=${encodeURIComponent(String(after))}`),
  push: (request) => api.post<PushAnswer>(NOTES_ROUTES.entries, request),
  snapshot: (request) => api.post<SnapshotAnswer>(NOTES_ROUTES.snapshot, request)
};

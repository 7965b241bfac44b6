/** The browser's GroupNotesServer over the JSON API (server/routes/group-notes.ts). */
import { ApiError, api } from '$lib/api/client';
import type { GroupNotesServer, IsOffline } from './group-notes';

const base = (groupId: string) => `/api/groups/${encodeURIComponent(groupId)}/group-notes`;

export const httpGroupNotesServer: GroupNotesServer = {
  facilitatorKey: () => api.get('/api/me/facilitator-key'),
  putFacilitatorKey: (record) => api.post('/api/me/facilitator-key', record),
  signingKey: () => api.get('/api/me/signing-key'),
  putSigningKey: (record) => api.post('/api/me/signing-key', record),
  keys: (groupId) => api.get(`${base(groupId)}/keys`),
  putGroupKey: (groupId, body) => api.post(`${base(groupId)}/keys`, body),
  rotate: (groupId, body) => api.post(`${base(groupId)}/keys/rotate`, body),
  list: (groupId) => api.get(base(groupId)),
  prefill: (groupId, sessionId) => api.get(`${base(groupId)}/prefill/${encodeURIComponent(sessionId)}`),
  create: (groupId, body) => api.post(base(groupId), body),
  get: (groupId, noteId) => api.get(`${base(groupId)}/${encodeURIComponent(noteId)}`),
  update: (groupId, noteId, body) => api.put(`${base(groupId)}/${encodeURIComponent(noteId)}`, body),
  sign: (groupId, noteId, body) => api.post(`${base(groupId)}/${encodeURIComponent(noteId)}/sign`, body),
  addendum: (groupId, noteId, body) => api.post(`${base(groupId)}/${encodeURIComponent(noteId)}/addenda`, body)
};

export const isNetworkFailure: IsOffline = (failure) => failure instanceof ApiError && failure.code === 'network';

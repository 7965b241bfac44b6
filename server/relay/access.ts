/**
 * Who may open a document, decided before any document byte is sent, and re-decided whenever the inputs change.
 * The decision itself is documentAccess() in src/lib/core/documents/rights.ts; this file only gathers its inputs.
 */
import { documentAccess, pairRefusal, type Access, type DocumentState, type Viewer } from '../../src/lib/core/documents/rights';
import { CLOSE, isDocName, type CloseCode } from '../../src/lib/core/protocol';
import { checkLogin } from '../auth/login-sessions';
import { isInRoom, liveSessionViewer } from '../room/admission';
import type { DocumentRecord } from '../storage/documents';
import type { Store } from '../storage/store';

/** Who is connected to what: everything needed to re-check their rights later. */
export interface Identity {
  userId: string;
  /** The name presence shows (awareness `user` parts are rewritten to it). */
  displayName: string;
  loginId: string;
  loginExpiresAt: Date;
  /** The sign-in's last activity when the socket opened (the channel registry watches its idle expiry from here). */
  loginSeenAt: Date;
  documentId: string;
  docName: string;
  groupId: string;
}

export type UpgradeDecision =
  | { ok: true; identity: Identity; access: Exclude<Access, 'none'> }
  | { ok: false; close: CloseCode; reason: string };

/** documentAccess()'s inputs for this person and document, gathered from storage. */
async function rightsInputs(store: Store, doc: DocumentRecord, userId: string, role: Viewer['role']): Promise<{ viewer: Viewer; state: DocumentState }> {
  // The session state is for people let into the live session's room (waiting and removed people never read it).
  const inRoom = doc.kind === 'session_state' && role !== null ? await isInRoom(store, doc.docName, userId) : undefined;
  // The live session's rule, as every HTTP read of the document applies it (server/http/access.ts).
  const standing = doc.groupId !== null && doc.kind !== 'session_state' ? await liveSessionViewer(store, doc.groupId, userId, role, [doc]) : {};
  return {
    viewer: { role, userId, isOwner: doc.ownerId === userId, inRoom, ...standing },
    state: { locked: doc.locked, archived: doc.archived, hasOwner: doc.ownerId !== null, sharedWithGroup: doc.sharedWithGroup, pairMembers: doc.pairMembers }
  };
}

async function accessFor(store: Store, doc: DocumentRecord, userId: string, role: Viewer['role']): Promise<Access> {
  const { viewer, state } = await rightsInputs(store, doc, userId, role);
  return documentAccess(doc.kind, viewer, state);
}

/**
 * Decides an upgrade. The sign-in and the document row are read at once (neither depends on the other); the answer
 * still checks them in that order, so without a valid sign-in nothing is learnt about the document. Once a signed-in
 * person has named a document the relay serves, `onDocumentKnown` is called before the membership and the rights are
 * read: the relay starts loading it meanwhile (server/relay/relay.ts preload). Nothing is sent before this answer.
 */
export async function decideUpgrade(
  store: Store,
  input: { token: string | undefined; docName: string; now: Date; idleMs: number; onDocumentKnown?: (doc: DocumentRecord) => void }
): Promise<UpgradeDecision> {
  // No sign-in presented: no lookup at all.
  const docLookup = input.token !== undefined && isDocName(input.docName) ? store.documents.byDocName(input.docName) : Promise.resolve(undefined);
  // Read below only with a valid sign-in; a failure before that must not become an unhandled rejection.
  docLookup.catch(() => undefined);
  const login = await checkLogin(store, input.token, input.now, input.idleMs);
  if (!login.ok) return { ok: false, close: CLOSE.unauthenticated, reason: 'unauthenticated' };
  const doc = await docLookup;
  if (!doc) return { ok: false, close: CLOSE.unknownDocument, reason: 'unknown_document' };
  // Notes bytes are ciphertext: the relay must never load them as Yjs. They sync over /api/notes/* only.
  if (doc.kind === 'notes' || doc.groupId === null) return { ok: false, close: CLOSE.notesOverHttpOnly, reason: 'notes_over_http_only' };
  input.onDocumentKnown?.(doc);
  const member = await store.members.get(doc.groupId, login.user.id);
  const { viewer, state } = await rightsInputs(store, doc, login.user.id, member?.role ?? null);
  const access = documentAccess(doc.kind, viewer, state);
  if (access === 'none') {
    // Another pair's worksheet says so (4406), so the page can tell the person in plain words.
    if (doc.kind === 'worksheet' && pairRefusal(viewer, state)) return { ok: false, close: CLOSE.notInPair, reason: 'not_in_pair' };
    return { ok: false, close: CLOSE.forbidden, reason: 'forbidden' };
  }
  return {
    ok: true,
    access,
    identity: {
      userId: login.user.id,
      displayName: login.user.displayName,
      loginId: login.login.id,
      loginExpiresAt: login.login.expiresAt,
      loginSeenAt: login.login.lastSeenAt,
      documentId: doc.id,
      docName: doc.docName,
      groupId: doc.groupId
    }
  };
}

/** Access of an open connection now: none once the sign-in ended, the membership went or the document did. */
export async function currentAccess(store: Store, identity: Identity, now: Date): Promise<Access> {
  if (identity.loginExpiresAt.getTime() <= now.getTime()) return 'none';
  const [doc, member, login] = await Promise.all([
    store.documents.get(identity.documentId),
    store.members.get(identity.groupId, identity.userId),
    store.logins.get(identity.loginId)
  ]);
  if (!doc || !login) return 'none';
  return accessFor(store, doc, identity.userId, member?.role ?? null);
}

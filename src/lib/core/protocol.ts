/**
 * The collaboration wire protocol in one place: the stock y-websocket framing (a varUint message type followed by
 * the y-protocols payload), the path documents are served on, and the WebSocket close codes the relay uses.
 * Pure: shared by the relay (server/relay) and the browser (src/lib/sync).
 *
 * Close codes follow y-websocket's convention: 4400-4499 mirror HTTP 4xx and mean "reconnecting will not help",
 * so the stock provider stops retrying; other codes (1xxx, 45xx, 41xx) are transient and it reconnects.
 */

/** Bumped when the relay's behaviour on the wire changes incompatibly (the framing itself is y-websocket's). */
export const PROTOCOL_VERSION = 1;

/** Where documents are served: `${origin}${COLLAB_PATH}/${docName}`. */
export const COLLAB_PATH = '/collab';

/** First varUint of every frame. */
export const MESSAGE_TYPE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3
} as const;
export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

/** Second varUint of a sync frame (y-protocols/sync). */
export const SYNC_STEP = {
  step1: 0,
  step2: 1,
  update: 2
} as const;

/** Second varUint of an auth frame (y-protocols/auth); followed by a reason string. */
export const AUTH_MESSAGE = {
  permissionDenied: 0
} as const;

/** The reason text sent with the permission-denied auth message on a read-only connection. */
export const READ_ONLY_REASON = 'read-only';

export interface CloseCode {
  code: number;
  /** Short and safe to show; at most 123 bytes (the WebSocket limit). */
  reason: string;
}

const close = (code: number, reason: string): CloseCode => ({ code, reason });

export const CLOSE = {
  /** The server is shutting down or the document was unloaded; reconnect. */
  goingAway: close(1001, 'server going away'),
  /** A frame was larger than the relay accepts. */
  tooBig: close(1009, 'message too big'),
  /** An unexpected server error; reconnect. */
  internal: close(1011, 'internal error'),
  /** The person's rights on the document went up (e.g. board unlocked): reconnect to get them. */
  rightsChanged: close(4100, 'rights changed, reconnect'),
  malformed: close(4400, 'malformed message'),
  unauthenticated: close(4401, 'not signed in'),
  forbidden: close(4403, 'no access to this document'),
  unknownDocument: close(4404, 'unknown document'),
  /** Private notes are end-to-end encrypted and sync over the HTTP notes routes only, never through the relay. */
  notesOverHttpOnly: close(4405, 'notes sync over HTTP only'),
  firstSyncDeadline: close(4408, 'first sync took too long'),
  /** Access was withdrawn while connected (removed from the group, signed out, document archived away). */
  revoked: close(4409, 'access revoked'),
  tooManyDocuments: close(4413, 'too many open documents'),
  rateLimited: close(4429, 'too many messages'),
  /** The relay cannot serve the document right now (storage unavailable); reconnect later. */
  unavailable: close(4503, 'temporarily unavailable')
} as const satisfies Record<string, CloseCode>;

export type CloseName = keyof typeof CLOSE;

/** The name of a close code, or undefined for codes the relay never sends. */
export function closeName(code: number): CloseName | undefined {
  return (Object.keys(CLOSE) as CloseName[]).find((name) => CLOSE[name].code === code);
}

/** Whether a close means "do not reconnect" (y-websocket's default rule: 4400-4499). */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Words for people (participants are not technical): what a refusal means for them. */
export const CLOSE_MESSAGES: Record<CloseName, string> = {
  goingAway: 'The connection was interrupted. Reconnecting…',
  tooBig: 'A change was too large to send.',
  internal: 'Something went wrong on our side. Reconnecting…',
  rightsChanged: 'Your access changed. Reconnecting…',
  malformed: 'Your browser sent something we could not read. Please reload the page.',
  unauthenticated: 'Please sign in again.',
  forbidden: 'You do not have access to this.',
  unknownDocument: 'This no longer exists.',
  notesOverHttpOnly: 'Private notes open on the notes page.',
  firstSyncDeadline: 'The connection was too slow. Please reload the page.',
  revoked: 'Your access was removed.',
  tooManyDocuments: 'Too many things are open at once. Close a tab and reload.',
  rateLimited: 'Too many changes at once. Please reload the page.',
  unavailable: 'Saving is paused for a moment. Reconnecting…'
};

/** Document names travel in the URL path: a kind, a colon and a UUID (e.g. `board:6f1c…`). */
const DOC_NAME = /^[a-z_]{1,32}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isDocName(value: string): boolean {
  return DOC_NAME.test(value);
}

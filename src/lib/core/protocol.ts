/**
 * The wire protocols in one place: the collaboration relay's (the stock y-websocket framing: a varUint message type
 * followed by the y-protocols payload, the path documents are served on, the WebSocket close codes) and, at the end,
 * video signalling's (the stock PeerJS messages plus ours). Pure: shared by server/relay, server/signalling and the
 * browser (src/lib/sync, src/lib/rtc).
 *
 * Close codes follow y-websocket's convention: 4400-4499 mirror HTTP 4xx and mean "reconnecting will not help",
 * so the stock provider stops retrying; other codes (1xxx, 45xx, 41xx) are transient and it reconnects.
 */
/** Bumped when the relay's behaviour on the wire changes incompatibly (the framing itself is y-websocket's). */
export const PROTOCOL_VERSION = 2;

/**
 * Marks an HTTP request a page makes on a timer (refreshing a list), not because the person did something: the server
 * answers it but does not count it as activity, so a forgotten tab still reaches idle expiry (docs/threat-model.md).
 */
export const BACKGROUND_HEADER = 'x-background-request';

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

/**
 * Second varUint of an auth frame; followed by a reason string. permissionDenied is y-protocols/auth's; writeGranted is
 * ours: the rights of an open connection went up (a board unlocked), it may write from now on. The relay follows it
 * with a sync step 1, so anything the client holds that the relay dropped while it only read is sent again. The stock
 * provider reads the frame and ignores it.
 */
export const AUTH_MESSAGE = {
  permissionDenied: 0,
  writeGranted: 1
} as const;

/** The reason text sent with the permission-denied auth message on a read-only connection. */
export const READ_ONLY_REASON = 'read-only';
/** The reason text sent with the write-granted auth message. */
export const READ_WRITE_REASON = 'read-write';

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
  /**
   * Reconnect to get new rights. The relay now upgrades an open connection in place (AUTH_MESSAGE.writeGranted);
   * clients still reconnect at once on this code.
   */
  rightsChanged: close(4100, 'rights changed, reconnect'),
  malformed: close(4400, 'malformed message'),
  unauthenticated: close(4401, 'not signed in'),
  forbidden: close(4403, 'no access to this document'),
  unknownDocument: close(4404, 'unknown document'),
  /** Private notes are end-to-end encrypted and sync over the HTTP notes routes only, never through the relay. */
  notesOverHttpOnly: close(4405, 'notes sync over HTTP only'),
  /** A breakout pair's worksheet opens to that pair's members and the facilitators only. */
  notInPair: close(4406, 'not in this pair'),
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
  notInPair: 'This worksheet belongs to another pair.',
  firstSyncDeadline: 'The connection was too slow. Please reload the page.',
  revoked: 'Your access was removed.',
  tooManyDocuments: 'Too many things are open at once. Close a tab and reload.',
  rateLimited: 'Too many changes at once. Please reload the page.',
  unavailable: 'Saving is paused for a moment. Reconnecting…'
};

/** Document names travel in the URL path: a kind, a colon and a UUID; made and parsed in documents/names.ts. */
export { isDocName } from './documents/names';

// ─── Video signalling (/peerjs) ────────────────────────────────────────────────────────────────────────────────

/**
 * The signalling wire protocol: the stock PeerJS client's messages (peerjs 1.5), plus one message of ours (MEDIA) for
 * facilitator media controls and each person's microphone and camera state. Pure: shared by server/signalling and
 * the mesh manager (src/lib/rtc). Close codes are the relay's (CLOSE above).
 *
 * The stock client connects to `ws(s)://host:port${SIGNALLING_PATH}/${PEERJS_KEY}?key=…&id=…&token=…` with the id our
 * API issued (POST /api/sessions/:id/media/peer); the server sends OPEN, then relays OFFER / ANSWER / CANDIDATE with
 * `src` set by the server, and LEAVE when a peer goes (removed, sent back, left). GRANT tells a connected peer its
 * rights changed. Never the public PeerJS cloud.
 */

/** Pass as the client's `path`; the client adds `/${key}` (`/peerjs/peerjs`). */
export const SIGNALLING_PATH = '/peerjs';
/** The client's `key` option (the stock default); we authenticate by the session cookie, not by this key. */
export const PEERJS_KEY = 'peerjs';
/** The stock client sends HEARTBEAT every 5 s; a socket silent for this long is closed. */
export const ALIVE_TIMEOUT_MS = 30_000;
/** A message for a peer that is not connected is kept this long, then the sender gets EXPIRE. */
export const QUEUE_EXPIRE_MS = 5_000;
/** An SDP offer with candidates is a few kilobytes; anything near this is not signalling. */
export const MAX_SIGNAL_FRAME_BYTES = 64 * 1024;

export const CLIENT_MESSAGE_TYPES = ['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'MEDIA'] as const;
export type ClientMessageType = (typeof CLIENT_MESSAGE_TYPES)[number];
/** Forwarded from one peer to another with the server-set `src`. */
export const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE'] as const;
export type RelayedType = (typeof RELAYED_TYPES)[number];

export type ServerMessage =
  | { type: 'OPEN' }
  | { type: 'ID-TAKEN'; payload: { msg: string } }
  | { type: 'ERROR'; payload: { msg: string } }
  | { type: 'EXPIRE'; src: string; dst: string }
  | { type: 'LEAVE'; src: string; dst: string }
  | { type: 'OFFER' | 'ANSWER' | 'CANDIDATE'; src: string; dst: string; payload: unknown }
  | { type: 'MEDIA'; src: string; payload: MediaNotice }
  /** Ours: a peer is in the session's media (sent for each peer already there on OPEN, and to them when one opens). */
  | { type: 'JOIN'; src: string; payload: { userId: string } }
  /** Ours: a request the server would not carry out; the socket stays open (the stock client ignores it). */
  | { type: 'REFUSED'; payload: { msg: string } }
  /**
   * Ours: the rights of this open socket changed (the person's role changed, here or on another process): from now on
   * it may (facilitating) or may not use the facilitator's media controls (ask all to mute, mute one, share a screen).
   * The socket and every media connection stay up; the client drops or shows the controls and tells the person `msg`.
   * Rights withdrawn altogether (removed, sent back, signed out, the sign-in expired) are not a GRANT: the server
   * sends ERROR with SIGNALLING_MESSAGES.revoked and closes with CLOSE.revoked (4409), and the client stops its media.
   */
  | { type: 'GRANT'; payload: { facilitating: boolean; msg: string } };

/** Peer ids are issued by our server: `p` and 32 hex digits (valid for the stock client's id rule). */
const PEER_ID = /^p[0-9a-f]{32}$/;
export function isPeerId(value: unknown): value is string {
  return typeof value === 'string' && PEER_ID.test(value);
}

/** What a peer may ask the server to pass on about media. Facilitator-only actions are checked by the server. */
export type MediaRequest =
  /** My microphone and camera state, shown on my tile for everyone; audioOnly: others stop sending me video. */
  | { action: 'state'; audio: boolean; video: boolean; screen?: boolean; audioOnly?: boolean }
  /** Facilitators: ask every participant to mute. */
  | { action: 'ask_all_to_mute' }
  /** Facilitators: mute this person for the whole group (everyone stops playing their audio until they unmute). */
  | { action: 'mute'; peerId: string };

const MEDIA_REQUEST_KEYS: Record<MediaRequest['action'], { required: readonly string[]; optional: readonly string[] }> = {
  state: { required: ['audio', 'video'], optional: ['screen', 'audioOnly'] },
  ask_all_to_mute: { required: [], optional: [] },
  mute: { required: ['peerId'], optional: [] }
};

/**
 * Checks a MEDIA payload from the wire: one of the actions above, exactly its fields (strict: no other keys), each of
 * its type. Hand-written rather than a schema so the browser's room, which imports this file, carries no validator.
 */
export function parseMediaRequest(value: unknown): MediaRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const action = record.action;
  if (typeof action !== 'string' || !Object.hasOwn(MEDIA_REQUEST_KEYS, action)) return undefined;
  const { required, optional } = MEDIA_REQUEST_KEYS[action as MediaRequest['action']];
  for (const key of Object.keys(record)) if (key !== 'action' && !required.includes(key) && !optional.includes(key)) return undefined;
  if (!required.every((key) => key in record)) return undefined;
  if (action === 'mute') return isPeerId(record.peerId) ? { action, peerId: record.peerId } : undefined;
  if (action === 'ask_all_to_mute') return { action };
  const flags = ['audio', 'video', 'screen', 'audioOnly'] as const;
  if (!flags.every((key) => record[key] === undefined ? !required.includes(key) : typeof record[key] === 'boolean')) return undefined;
  const request: MediaRequest = { action: 'state', audio: record.audio as boolean, video: record.video as boolean };
  if (record.screen !== undefined) request.screen = record.screen as boolean;
  if (record.audioOnly !== undefined) request.audioOnly = record.audioOnly as boolean;
  return request;
}

/** What peers hear about media: a peer's state, or a facilitator's request. `src` says who. */
export type MediaNotice =
  | { action: 'state'; audio: boolean; video: boolean; screen?: boolean; audioOnly?: boolean }
  | { action: 'ask_all_to_mute' }
  | { action: 'muted'; peerId: string };

/** Words for people, keyed by why the signalling server refused or closed. */
export const SIGNALLING_MESSAGES = {
  unauthenticated: 'Please sign in again to join the video.',
  notAdmitted: 'You can join the video once a facilitator lets you into the room.',
  idNotIssued: 'This video connection has expired. Reconnecting…',
  idTaken: 'You are already connected to the video in another tab or window.',
  revoked: 'You are no longer in the room, so your video has stopped.',
  malformed: 'Your browser sent something we could not read. Please reload the page.',
  tooBig: 'A message was too large to send.',
  otherSession: 'You can only connect to people in your session.',
  otherPart: 'You can only connect to people in your part of the room (the group, a side room or your pair).',
  notFacilitator: 'Only facilitators can mute others.',
  grantWithdrawn: 'You are no longer facilitating: the facilitator’s video controls are off for you now.',
  grantedFacilitator: 'You are facilitating now: you can ask everyone to mute and share your screen.'
} as const;

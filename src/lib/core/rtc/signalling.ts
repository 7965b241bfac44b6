/**
 * The signalling wire protocol: the stock PeerJS client's messages (peerjs 1.5), plus one message of ours (MEDIA) for
 * facilitator media controls and each person's microphone and camera state. Pure: shared by server/signalling and
 * the mesh manager (src/lib/rtc). Close codes are the relay's (src/lib/core/protocol.ts CLOSE).
 *
 * The stock client connects to `ws(s)://host:port${SIGNALLING_PATH}/${PEERJS_KEY}?key=…&id=…&token=…` with the id our
 * API issued (POST /api/sessions/:id/media/peer); the server sends OPEN, then relays OFFER / ANSWER / CANDIDATE with
 * `src` set by the server, and LEAVE when a peer goes (removed, sent back, left). Never the public PeerJS cloud.
 */
import { z } from 'zod';

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
  | { type: 'REFUSED'; payload: { msg: string } };

/** Peer ids are issued by our server: `p` and 32 hex digits (valid for the stock client's id rule). */
const PEER_ID = /^p[0-9a-f]{32}$/;
export function isPeerId(value: unknown): value is string {
  return typeof value === 'string' && PEER_ID.test(value);
}

/** What a peer may ask the server to pass on about media. Facilitator-only actions are checked by the server. */
export const mediaRequestSchema = z.discriminatedUnion('action', [
  /** My microphone and camera state, shown on my tile for everyone. */
  z.strictObject({
    action: z.literal('state'),
    audio: z.boolean(),
    video: z.boolean(),
    screen: z.boolean().optional(),
    /** Sound only: others stop sending me video. */
    audioOnly: z.boolean().optional()
  }),
  /** Facilitators: ask every participant to mute. */
  z.strictObject({ action: z.literal('ask_all_to_mute') }),
  /** Facilitators: mute this person for the whole group (everyone stops playing their audio until they unmute). */
  z.strictObject({ action: z.literal('mute'), peerId: z.string().regex(PEER_ID) })
]);
export type MediaRequest = z.output<typeof mediaRequestSchema>;

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
  notFacilitator: 'Only facilitators can mute others.'
} as const;

/**
 * The authorization decisions of every long-lived channel: the relay WebSocket (each kind of document), the /peerjs
 * signalling WebSocket and the two Server-Sent Events streams, × the roles of authorization-table.ts. Each channel is
 * named by the route that opens it (the app's own route list) and the kind it registers in server/channels/registry.ts;
 * tests/security/authorization-matrix.test.ts asserts every answer and that no route, channel kind or document kind
 * is left without one. scripts/authorization-matrix.ts prints them for docs/threat-model.md.
 */
import type { DocumentKind } from '../../src/lib/core/documents/names';
import { CLOSE, SIGNALLING_MESSAGES, type CloseCode } from '../../src/lib/core/protocol';
import type { ChannelKind } from '../../server/channels/registry';
import { ROLES, type Role } from './authorization-table';

/**
 * What a channel answers: a relay socket let in with `read` or `write`; a signalling socket `open` (PeerJS OPEN);
 * a refused socket closed with a code and reason (signalling also names the ERROR message it sent first); a stream
 * its HTTP status, and for an open room stream the presence its first `status` event tells.
 */
export type ChannelAnswer =
  | 'read'
  | 'write'
  | 'open'
  | { close: number; reason: string; error?: keyof typeof SIGNALLING_MESSAGES }
  | { status: number; presence?: 'admitted' | 'waiting' };

export type ChannelDecision = Record<Role, ChannelAnswer>;

export interface ChannelCase {
  /** The route that opens it, as the app lists it (`GET /collab/:docName`). */
  route: string;
  /** What it registers in the channel registry when it opens. */
  kind: ChannelKind;
  /** What the case opens (a document, a peer id), as the fixture in the test makes it. */
  target: string;
  /** Relay cases: the kind of document. */
  docKind?: DocumentKind;
  during: ChannelDecision;
  /** Documents linked to the live session: the answers once it has ended. */
  afterSession?: ChannelDecision;
}

const closed = (code: CloseCode, error?: keyof typeof SIGNALLING_MESSAGES): ChannelAnswer => ({ close: code.code, reason: code.reason, ...(error ? { error } : {}) });
const status = (code: number, presence?: 'admitted' | 'waiting'): ChannelAnswer => ({ status: code, ...(presence ? { presence } : {}) });

const NO_SIGN_IN = closed(CLOSE.unauthenticated);
const NO_ACCESS = closed(CLOSE.forbidden);
const NOT_ISSUED = closed(CLOSE.forbidden, 'idNotIssued');

/** A decision by role, in ROLES' order. */
function by(...answers: ChannelAnswer[]): ChannelDecision {
  if (answers.length !== ROLES.length) throw new Error(`a channel decision needs ${ROLES.length} answers`);
  return Object.fromEntries(ROLES.map((role, index) => [role, answers[index]])) as ChannelDecision;
}

const RELAY = 'GET /collab/:docName';
const SIGNALLING = 'GET /peerjs/peerjs';

//                          anonymous   outsider   participant co-facil.  facilitator rem. group rem. session waiting    sent back
export const CHANNELS: ChannelCase[] = [
  {
    route: RELAY, kind: 'relay', docKind: 'board', target: 'the board of the live session’s agenda step',
    during: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, NO_ACCESS, NO_ACCESS, NO_ACCESS),
    afterSession: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, 'write', 'write', 'write')
  },
  {
    route: RELAY, kind: 'relay', docKind: 'board', target: 'another board of the group (not linked)',
    during: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, NO_ACCESS, 'write', 'write')
  },
  {
    route: RELAY, kind: 'relay', docKind: 'worksheet', target: 'one’s own copy of the session’s individual worksheet (the participant’s for those without one)',
    during: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, NO_ACCESS, NO_ACCESS, NO_ACCESS),
    afterSession: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, 'write', 'write', 'write')
  },
  {
    route: RELAY, kind: 'relay', docKind: 'worksheet', target: 'another participant’s copy of that worksheet (not shared)',
    during: by(NO_SIGN_IN, NO_ACCESS, NO_ACCESS, 'write', 'write', NO_ACCESS, NO_ACCESS, NO_ACCESS, NO_ACCESS),
    afterSession: by(NO_SIGN_IN, NO_ACCESS, NO_ACCESS, 'write', 'write', NO_ACCESS, NO_ACCESS, NO_ACCESS, NO_ACCESS)
  },
  {
    route: RELAY, kind: 'relay', docKind: 'worksheet', target: 'a shared worksheet of the group (not linked)',
    during: by(NO_SIGN_IN, NO_ACCESS, 'write', 'write', 'write', NO_ACCESS, NO_ACCESS, 'write', 'write')
  },
  {
    route: RELAY, kind: 'relay', docKind: 'session_state', target: 'the live session’s state (written by the server only)',
    during: by(NO_SIGN_IN, NO_ACCESS, 'read', 'read', 'read', NO_ACCESS, NO_ACCESS, NO_ACCESS, NO_ACCESS)
  },
  {
    route: RELAY, kind: 'relay', docKind: 'notes', target: 'the facilitator’s private notes (ciphertext, HTTP only)',
    during: by(NO_SIGN_IN, ...Array<ChannelAnswer>(8).fill(closed(CLOSE.notesOverHttpOnly)))
  },
  {
    route: RELAY, kind: 'relay', target: 'a well-formed name of no document',
    during: by(NO_SIGN_IN, ...Array<ChannelAnswer>(8).fill(closed(CLOSE.unknownDocument)))
  },
  {
    route: RELAY, kind: 'relay', target: 'a malformed name',
    during: by(NO_SIGN_IN, ...Array<ChannelAnswer>(8).fill(closed(CLOSE.unknownDocument)))
  },
  {
    route: SIGNALLING, kind: 'signalling', target: 'one’s own peer id, issued while let in (a made-up one for those never let in)',
    during: by(
      closed(CLOSE.unauthenticated, 'unauthenticated'),
      NOT_ISSUED,
      'open',
      'open',
      'open',
      closed(CLOSE.forbidden, 'notAdmitted'),
      closed(CLOSE.forbidden, 'notAdmitted'),
      NOT_ISSUED,
      closed(CLOSE.forbidden, 'notAdmitted')
    )
  },
  {
    route: SIGNALLING, kind: 'signalling', target: 'the participant’s peer id (someone else’s for everyone else)',
    during: by(closed(CLOSE.unauthenticated, 'unauthenticated'), NOT_ISSUED, 'open', NOT_ISSUED, NOT_ISSUED, NOT_ISSUED, NOT_ISSUED, NOT_ISSUED, NOT_ISSUED)
  },
  {
    route: 'GET /api/me/events', kind: 'me_events', target: 'one’s own change stream',
    during: by(status(401), ...Array<ChannelAnswer>(8).fill(status(200)))
  },
  {
    route: 'GET /api/sessions/:id/room/events', kind: 'room_stream', target: 'the live session’s room stream',
    during: by(
      status(401),
      status(404),
      status(200, 'admitted'),
      status(200, 'admitted'),
      status(200, 'admitted'),
      status(404),
      status(403),
      status(200, 'waiting'),
      status(200, 'waiting')
    )
  }
];

/** A channel answer as the docs table shows it. */
export function showChannelAnswer(answer: ChannelAnswer): string {
  if (typeof answer === 'string') return answer;
  if ('close' in answer) return `${answer.close}${answer.error ? ` ${answer.error}` : ''}`;
  return `${answer.status}${answer.presence ? ` (${answer.presence})` : ''}`;
}

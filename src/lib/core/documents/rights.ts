/**
 * Who may read and write a collaborative document: ONE pure function of the document's kind, the person's
 * relation to it and the document's state. The relay asks it on connect and again whenever any input changes.
 */
import { isFacilitating, type Role } from '../group/rules';
import { worksheetAccess } from '../worksheet/modes';

export { DOCUMENT_KINDS, type DocumentKind } from './names';
import type { DocumentKind } from './names';

export type Access = 'none' | 'read' | 'write';

/** The person asking: their role in the document's group (null when not a member) and whether they own it. */
export interface Viewer {
  role: Role | null;
  isOwner: boolean;
  /** Who is asking (a breakout pair's worksheet opens to its members only). */
  userId?: string;
  /** Session state only: whether a participant is let into the live session's room (not waiting, not removed). */
  inRoom?: boolean;
  /**
   * A facilitator removed this participant from the group's live session: until it ends they open none of the
   * group's documents, so they cannot go on writing on the boards and worksheets the room is using.
   */
  removedFromLiveSession?: boolean;
  /**
   * The document is linked to the group's live session (an agenda step's board or worksheet, or a worksheet of that
   * session) and this person is not let into its room (never admitted, in the waiting room, or sent back there):
   * during the session such documents are for the people in the room. Between sessions this is never set.
   */
  outsideLiveSessionRoom?: boolean;
}

/** The parts of a document that rights depend on. */
export interface DocumentState {
  locked: boolean;
  archived: boolean;
  /** Documents with an owner (individual worksheets, notes) have one; shared ones do not. */
  hasOwner: boolean;
  /** Individual worksheet copies: the owner shared it with the group, so other members may read it. */
  sharedWithGroup?: boolean;
  /**
   * A breakout pair's worksheet copy: the pair's members. While the pairs work it is written by them and the
   * facilitators (who may visit any pair) and opened by nobody else, members of other pairs included; once the pairs
   * return the server archives it, and the same people keep reading it. Absent or null: not a pair's copy.
   */
  pairMembers?: readonly string[] | null;
}

/** Why the live session closes a group's document to this person right now. */
export type LiveSessionRefusal = 'removed_from_session' | 'not_in_room';

/**
 * The live-session part of documentAccess(), on its own so that every HTTP read of a board's or worksheet's content
 * refuses with the same rule (and a reason) as the relay: a participant removed from the live session opens none of
 * the group's documents, and one outside its room (never admitted, waiting, sent back) none of the documents linked to
 * it. Facilitators are never refused; between sessions neither flag is set.
 */
export function liveSessionRefusal(viewer: Viewer): LiveSessionRefusal | undefined {
  if (viewer.role === null || isFacilitating(viewer.role)) return undefined;
  if (viewer.removedFromLiveSession === true) return 'removed_from_session';
  if (viewer.outsideLiveSessionRoom === true) return 'not_in_room';
  return undefined;
}

/** Why a breakout pair's worksheet is closed to this person: they are not in that pair (facilitators never are refused). */
export type PairRefusal = 'not_in_pair';

/** The pair part of documentAccess(), on its own so HTTP reads of a copy refuse with the same rule and a reason. */
export function pairRefusal(viewer: Viewer, state: Pick<DocumentState, 'pairMembers'>): PairRefusal | undefined {
  if (!state.pairMembers || viewer.role === null || isFacilitating(viewer.role)) return undefined;
  return viewer.userId !== undefined && state.pairMembers.includes(viewer.userId) ? undefined : 'not_in_pair';
}

export function documentAccess(kind: DocumentKind, viewer: Viewer, state: DocumentState): Access {
  if (kind === 'notes') return viewer.isOwner ? 'write' : 'none';
  if (viewer.role === null) return 'none';
  const facilitating = isFacilitating(viewer.role);
  if (liveSessionRefusal(viewer) !== undefined) return 'none';
  switch (kind) {
    case 'board':
      if (state.archived) return 'read';
      return state.locked && !facilitating ? 'read' : 'write';
    case 'worksheet':
      return worksheetAccess(viewer, { ...state, sharedWithGroup: state.sharedWithGroup ?? false });
    case 'session_state':
      // Only the server writes it; people act through checked commands. Facilitators always read it; participants
      // only while they are in the room (never from the waiting room, never after being removed).
      return facilitating || viewer.inRoom === true ? 'read' : 'none';
  }
}

/** Whether access went down from `before` to `after` (the relay cuts or downgrades at once). */
export function isDowngrade(before: Access, after: Access): boolean {
  return ACCESS_ORDER[after] < ACCESS_ORDER[before];
}

const ACCESS_ORDER: Record<Access, number> = { none: 0, read: 1, write: 2 };

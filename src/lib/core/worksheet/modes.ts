/**
 * Shared and individual worksheets as documents: how many there are, what they are called, and who may read or write
 * each. Pure data and one rule, for the routes that create the documents and for the relay's rights function.
 *
 * - shared: one document for the group, no owner. Members write; a lock leaves participants reading; archived is read-only.
 * - individual: one document per participant, owned by them. The owner writes (reads when locked or archived);
 *   facilitators read and write every copy (to help); other participants see nothing, unless the owner shared the
 *   copy with the group, then they read it.
 * - a breakout pair's copy (shared, one per pair): the pair's members and the facilitators write it while the pairs
 *   work (a lock leaves the members reading); nobody else opens it. Archived once the pairs return: the same people read it.
 */
import { AppError } from '../errors';
import { isFacilitating } from '../group/rules';
import { pairRefusal, type Access, type DocumentState, type Viewer } from '../documents/rights';
import { worksheetDocName } from '../documents/names';

export const WORKSHEET_MODES = ['shared', 'individual'] as const;
export type WorksheetMode = (typeof WORKSHEET_MODES)[number];

export interface WorksheetCopy {
  documentId: string;
  docName: string;
  /** The participant whose copy it is; null for the shared copy. */
  ownerId: string | null;
}

/**
 * The documents to create when a facilitator starts a worksheet: one shared copy, or one per participant
 * (each participant once, in the order given).
 */
export function planWorksheetCopies(input: { mode: WorksheetMode; participantIds: string[]; newId: () => string }): WorksheetCopy[] {
  const copy = (ownerId: string | null): WorksheetCopy => {
    const documentId = input.newId();
    return { documentId, docName: worksheetDocName(documentId), ownerId };
  };
  if (input.mode === 'shared') return [copy(null)];
  const owners = [...new Set(input.participantIds)];
  if (owners.length === 0)
    throw new AppError('validation_failed', 'Choose at least one participant to give an individual worksheet to.');
  return owners.map(copy);
}

/** What worksheet rights depend on, beyond the relay's DocumentState: whether the owner shared their copy. */
export interface WorksheetDocState extends DocumentState {
  sharedWithGroup: boolean;
}

export function worksheetAccess(viewer: Viewer, state: WorksheetDocState): Access {
  if (viewer.role === null) return 'none';
  const facilitating = isFacilitating(viewer.role);
  if (pairRefusal(viewer, state) !== undefined) return 'none';
  if (!state.hasOwner) {
    if (state.archived) return 'read';
    return state.locked && !facilitating ? 'read' : 'write';
  }
  if (viewer.isOwner) return state.archived || state.locked ? 'read' : 'write';
  if (facilitating) return state.archived ? 'read' : 'write';
  return state.sharedWithGroup ? 'read' : 'none';
}

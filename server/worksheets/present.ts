/** Worksheets as the API shows them, and who may open which copy (the relay's rule, asked the same way). */
import { AppError } from '../../src/lib/core/errors';
import type { Role } from '../../src/lib/core/group/rules';
import { pairRefusal } from '../../src/lib/core/documents/rights';
import { worksheetAccess } from '../../src/lib/core/worksheet/modes';
import type { WorksheetCopyInfo, WorksheetSummary } from '../../src/lib/api/worksheet-types';
import type { CopyRecord, WorksheetRecord } from '../storage/worksheets';

export function presentCopy(copy: CopyRecord): WorksheetCopyInfo {
  return {
    copyId: copy.documentId,
    docName: copy.docName,
    ownerId: copy.ownerId,
    ownerName: copy.ownerName,
    sharedWithGroup: copy.sharedWithGroup,
    locked: copy.locked,
    pairId: copy.pairId,
    lastEditedAt: copy.lastEditedAt?.toISOString() ?? null
  };
}

export function presentWorksheet(worksheet: WorksheetRecord, copies: CopyRecord[], userId: string): WorksheetSummary {
  const mine = copies.find((c) => c.worksheetId === worksheet.id && c.ownerId === userId);
  return {
    id: worksheet.id,
    groupId: worksheet.groupId,
    sessionId: worksheet.sessionId,
    templateId: worksheet.templateId,
    templateVersion: worksheet.templateVersion,
    title: worksheet.title,
    mode: worksheet.mode,
    homeworkDue: worksheet.homeworkDue?.toISOString() ?? null,
    dueSessionId: worksheet.dueSessionId,
    revealedThrough: worksheet.revealedThrough,
    createdAt: worksheet.createdAt.toISOString(),
    copyCount: copies.filter((c) => c.worksheetId === worksheet.id).length,
    locked: copies.some((c) => c.worksheetId === worksheet.id && c.locked),
    myCopyId: mine?.documentId ?? null
  };
}

/** Whether this member may open the copy at all: the same rule the relay applies to its socket. */
export function canOpenCopy(copy: CopyRecord, userId: string, role: Role): boolean {
  const state = { locked: false, archived: false, hasOwner: copy.ownerId !== null, sharedWithGroup: copy.sharedWithGroup, pairMembers: copy.pairMembers };
  return worksheetAccess({ role, userId, isOwner: copy.ownerId === userId }, state) !== 'none';
}

/**
 * HTTP reads of a breakout pair's worksheet refuse as its socket does (4406 there): 403 with the reason `not_in_pair`
 * when the copy asked for is another pair's, or when every copy of the worksheet belongs to pairs the person is not in.
 */
export function requirePairCopiesOpen(copies: CopyRecord[], userId: string, role: Role, askedCopyId?: string): void {
  const refused = (copy: CopyRecord) => pairRefusal({ role, userId, isOwner: false }, copy) !== undefined;
  const asked = askedCopyId === undefined ? undefined : copies.find((copy) => copy.documentId === askedCopyId);
  const closed = asked ? refused(asked) : copies.length > 0 && copies.every(refused);
  if (closed) throw new AppError('forbidden', 'This worksheet belongs to a breakout pair you are not in.', { reason: 'not_in_pair' });
}

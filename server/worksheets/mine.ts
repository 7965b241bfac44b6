/**
 * A person's own worksheets over time (GET /api/me/worksheets): every copy they own in the groups they still belong
 * to, newest first, each with its progress (complete or not) and its rating answers for the "over time" chart; and
 * each copy's progress of one worksheet for facilitators (who has completed the homework).
 */
import { isComplete } from '../../src/lib/core/worksheet/homework';
import { ratingAnswers } from '../../src/lib/core/worksheet/series';
import { worksheetProgress } from '../../src/lib/core/worksheet/values';
import type { CopyProgressInfo as CopyProgress, MyWorksheetItem as MyWorksheet } from '../../src/lib/api/worksheet-types';
import { liveSessionRefusal } from '../../src/lib/core/documents/rights';
import type { Role } from '../../src/lib/core/group/rules';
import { liveSessionViewer } from '../room/admission';
import type { Store } from '../storage/store';
import { readStoredWorksheet } from './documents';
import { presentWorksheet } from './present';
import type { CopyRecord, WorksheetRecord } from '../storage/worksheets';

async function readCopy(store: Store, worksheet: WorksheetRecord, copy: CopyRecord) {
  const { values } = await readStoredWorksheet(store, copy.documentId, worksheet.template);
  const progress = worksheetProgress(worksheet.template, values);
  const summary: CopyProgress = {
    copyId: copy.documentId,
    ownerId: copy.ownerId,
    ownerName: copy.ownerName,
    answered: progress.answered,
    total: progress.total,
    complete: isComplete(progress)
  };
  return { values, progress: summary };
}

export async function copiesProgress(store: Store, worksheet: WorksheetRecord, copies: CopyRecord[]): Promise<CopyProgress[]> {
  return Promise.all(copies.map(async (copy) => (await readCopy(store, worksheet, copy)).progress));
}

export async function myWorksheets(store: Store, userId: string): Promise<MyWorksheet[]> {
  const owned = await store.worksheets.worksheetsWithCopiesOf(userId);
  const groups = new Map<string, { name: string; role: Role } | null>();
  for (const groupId of new Set(owned.map(({ worksheet }) => worksheet.groupId))) {
    const [group, membership] = await Promise.all([store.groups.get(groupId), store.members.get(groupId, userId)]);
    groups.set(groupId, group && membership ? { name: group.name, role: membership.role } : null);
  }
  const mine: MyWorksheet[] = [];
  for (const { worksheet, copy } of owned) {
    const group = groups.get(worksheet.groupId);
    if (!group) continue;
    // A copy the live session closes to them (linked to it while they wait, or they were removed) is left out until it ends.
    const standing = await liveSessionViewer(store, worksheet.groupId, userId, group.role, [{ id: copy.documentId, kind: 'worksheet' }]);
    if (liveSessionRefusal({ role: group.role, isOwner: true, ...standing })) continue;
    const groupName = group.name;
    const session = worksheet.sessionId ? await store.sessions.get(worksheet.sessionId) : undefined;
    const at = session?.startedAt ?? session?.startsAt ?? worksheet.createdAt;
    const { values, progress } = await readCopy(store, worksheet, copy);
    mine.push({
      worksheet: presentWorksheet(worksheet, [copy], userId),
      groupName,
      copyId: copy.documentId,
      at: at.toISOString(),
      progress,
      ratings: ratingAnswers(worksheet.template, values)
    });
  }
  return mine;
}

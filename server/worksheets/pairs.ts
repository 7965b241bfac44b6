/**
 * A shared worksheet per breakout pair (POST /api/sessions/:id/room/pair-worksheets): the facilitator who started the
 * pairs chose a template, and each pair gets one shared copy that only its members and the facilitators open
 * (documents.pair_members, decided by documentAccess). Which pairs exist and who is in them is read from the live
 * room, never taken from the request: a pair id that is not a pair of the running breakout is refused before
 * anything is made. The room then learns each pair's copy through a server event (the pairs see it at once).
 */
import { AppError, conflict } from '../../src/lib/core/errors';
import { worksheetDocName } from '../../src/lib/core/documents/names';
import type { Template } from '../../src/lib/core/worksheet/template';
import { newId } from '../auth/login-sessions';
import type { RoomService } from '../room/service';
import type { CopyRecord, NewCopy, WorksheetRecord } from '../storage/worksheets';
import type { SessionRecord, Store } from '../storage/store';
import { initialWorksheetUpdate } from './documents';

export interface PairWorksheetRequest {
  session: SessionRecord;
  facilitatorId: string;
  template: Template;
  title?: string;
  pairIds?: string[];
}

export async function startPairWorksheet(
  deps: { store: Store; rooms: RoomService; now: () => Date },
  request: PairWorksheetRequest
): Promise<{ worksheet: WorksheetRecord; copies: CopyRecord[] }> {
  const { store, rooms, now } = deps;
  const { session, template } = request;
  const breakout = (await rooms.state(session.id))?.parts?.breakout ?? null;
  if (!breakout) throw conflict('No pairs are working now. Start the pairs first.');
  if (breakout.worksheetId) throw conflict('The pairs already have a worksheet.');
  const unknown = (request.pairIds ?? []).filter((pairId) => !breakout.pairs.some((pair) => pair.id === pairId));
  if (unknown.length > 0)
    throw new AppError('validation_failed', 'That is not one of the pairs working now.', {
      reason: 'unknown_pair',
      fields: { pairIds: 'Choose pairs of this breakout.' }
    });
  const pairs = request.pairIds ? breakout.pairs.filter((pair) => request.pairIds!.includes(pair.id)) : breakout.pairs;
  const initialUpdate = initialWorksheetUpdate(template, 'shared');
  const planned: Array<NewCopy & { pairId: string }> = pairs.map((pair) => {
    const documentId = newId();
    return { documentId, docName: worksheetDocName(documentId), ownerId: null, pair: { id: pair.id, members: [...pair.members] }, pairId: pair.id, initialUpdate };
  });
  const worksheet = await store.worksheets.createWorksheet(
    {
      id: newId(),
      groupId: session.groupId,
      sessionId: session.id,
      templateId: template.id,
      templateVersion: template.version,
      template,
      mode: 'shared',
      title: request.title ?? template.title,
      homeworkDue: null,
      dueSessionId: null,
      createdBy: request.facilitatorId
    },
    planned,
    now()
  );
  try {
    await rooms.linkPairWorksheet(session, worksheet.id, Object.fromEntries(planned.map((copy) => [copy.pairId, copy.documentId])));
  } catch (error) {
    // The pairs returned (or another facilitator was quicker) meanwhile: keep the copies, read-only, out of the room.
    await store.worksheets.archiveCopies(worksheet.id, now());
    throw error;
  }
  return { worksheet, copies: await store.worksheets.copiesOf([worksheet.id]) };
}

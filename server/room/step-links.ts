/**
 * A facilitator links a worksheet or board to an agenda step (the room's `link_step` command) or puts a board on the
 * stage (`show_board`). The pure rules cannot see the database, so before the command is applied this checks that each
 * id is a worksheet or board of the session's own group. Anything else is answered as not found, so ids of other
 * groups reveal nothing.
 */
import { notFound } from '../../src/lib/core/errors';
import type { RoomCommand } from '../../src/lib/core/room';
import type { SessionRecord, Store } from '../storage/store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function checkStepLinks(store: Store, session: SessionRecord, command: RoomCommand): Promise<void> {
  if (command.type === 'show_board') {
    if (command.boardId) await checkBoard(store, session, command.boardId);
    return;
  }
  if (command.type !== 'link_step') return;
  if (command.worksheetId) {
    const worksheet = UUID.test(command.worksheetId) ? await store.worksheets.worksheet(command.worksheetId) : undefined;
    if (worksheet?.groupId !== session.groupId) throw notFound('Worksheet');
  }
  if (command.boardId) await checkBoard(store, session, command.boardId);
}

async function checkBoard(store: Store, session: SessionRecord, boardId: string): Promise<void> {
  const board = UUID.test(boardId) ? await store.documents.get(boardId) : undefined;
  if (board?.kind !== 'board' || board.groupId !== session.groupId) throw notFound('Board');
}

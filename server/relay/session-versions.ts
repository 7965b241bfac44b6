/**
 * When a facilitator ends a session, every board of the group edited since it started gets a version labelled
 * with the session's title: how a group returns to "the board as it was after session 3".
 */
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Store } from '../storage/store';
import { randomUUID } from 'node:crypto';
import { storedStateAsUpdate } from './doc-state';

export function versionBoardsWhenSessionsEnd(deps: {
  store: Store;
  events: EventBus;
  logger: Logger;
  /** Resolves once every accepted update is durable. */
  flush: () => Promise<void>;
}): () => void {
  return deps.events.on('session.ended', ({ groupId, sessionId }) => {
    versionBoards(deps, groupId, sessionId).catch((error) =>
      deps.logger.error('automatic board versions failed', { error, sessionId })
    );
  });
}

async function versionBoards(deps: { store: Store; flush: () => Promise<void>; logger: Logger }, groupId: string, sessionId: string) {
  const { store } = deps;
  const session = await store.sessions.get(sessionId);
  if (!session) return;
  await deps.flush();
  const since = session.startedAt ?? session.createdAt;
  const boards = await store.documents.editedSince(groupId, 'board', since);
  for (const board of boards) {
    const state = storedStateAsUpdate(await store.documents.load(board.id));
    const version = await store.documents.createVersion({
      id: randomUUID(),
      documentId: board.id,
      label: session.title,
      sessionId,
      state,
      createdBy: null
    });
    await store.audit.append({
      actorUserId: null,
      action: 'board.version.auto',
      targetType: 'board',
      targetId: board.id,
      groupId,
      details: { versionId: version.id, sessionId }
    });
  }
  deps.logger.info('board versions saved at session end', { sessionId, boards: boards.length });
}

/**
 * /api boards: a group's whiteboards (Yjs documents served by the relay at /collab/<docName>) and their versions.
 * Members list and read; facilitators create, rename, lock, archive and save versions.
 */
import { Hono } from 'hono';
import { createBoardSchema, createVersionSchema, updateBoardSchema, type Board, type BoardVersion } from '../../src/lib/core/board/schema';
import { forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { newId } from '../auth/login-sessions';
import { audit, requireGroupAccess, requireDocumentsOpen, type GroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, readJson } from '../http/validate';
import { storedStateAsUpdate } from '../relay/doc-state';
import type { DocumentRecord, VersionRecord } from '../storage/documents';

import { boardDocName } from '../../src/lib/core/documents/names';

export const presentBoard = (doc: DocumentRecord): Board => ({
  id: doc.id,
  // Boards are only ever created under a group (/groups/:id/boards); only private notes have no group.
  groupId: doc.groupId!,
  title: doc.title,
  docName: doc.docName,
  locked: doc.locked,
  archived: doc.archived,
  createdAt: doc.createdAt.toISOString(),
  updatedAt: doc.updatedAt.toISOString(),
  lastEditedAt: doc.lastEditedAt?.toISOString() ?? null
});

export const presentVersion = (version: VersionRecord): BoardVersion => ({
  id: version.id,
  label: version.label,
  sessionId: version.sessionId,
  createdAt: version.createdAt.toISOString(),
  createdBy: version.createdBy
});

/** "Values (after Session 3)", cut to the title limit. */
export function restoredTitle(title: string, versionLabel: string): string {
  const suffix = ` (${versionLabel})`;
  return suffix.length >= 120 ? title.slice(0, 120) : title.slice(0, 120 - suffix.length) + suffix;
}

function requireFacilitating(access: GroupAccess, message: string): GroupAccess {
  if (!isFacilitating(access.membership.role)) throw forbidden(message);
  return access;
}

/** The board and the caller's access to its group; boards of other groups are simply not found. */
async function boardAccess(c: AppContext): Promise<GroupAccess & { board: DocumentRecord }> {
  const board = await c.get('deps').store.documents.get(idParam(c, 'id', 'Board'));
  if (!board || board.kind !== 'board' || board.groupId === null) throw notFound('Board');
  let access: GroupAccess;
  try {
    access = await requireGroupAccess(c, board.groupId);
  } catch (error) {
    if ((error as { code?: string }).code === 'not_found') throw notFound('Board');
    throw error;
  }
  await requireDocumentsOpen(c, access, [board]);
  return { board, ...access };
}

export function boardRoutes() {
  return new Hono<AppEnv>()
    .post('/groups/:id/boards', async (c) => {
      const { user, group } = requireFacilitating(
        await requireGroupAccess(c, idParam(c, 'id', 'Group')),
        'Only facilitators can add boards.'
      );
      const input = await readJson(c, createBoardSchema);
      const id = newId();
      const board = await c.get('deps').store.documents.create({
        id,
        docName: boardDocName(id),
        kind: 'board',
        groupId: group.id,
        ownerId: null,
        title: input.title,
        createdBy: user.id
      });
      await audit(c, { action: 'board.create', targetType: 'board', targetId: board.id, groupId: group.id });
      c.get('deps').events.emit('group.changed', { groupId: group.id, what: 'boards' });
      return c.json({ board: presentBoard(board) }, 201);
    })

    .get('/groups/:id/boards', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      const boards = await c.get('deps').store.documents.listForGroup(group.id, 'board');
      return c.json({ boards: boards.map(presentBoard) });
    })

    .get('/boards/:id', async (c) => {
      const { board } = await boardAccess(c);
      return c.json({ board: presentBoard(board) });
    })

    .patch('/boards/:id', async (c) => {
      const { board } = requireFacilitating(await boardAccess(c), 'Only facilitators can change boards.') as GroupAccess & {
        board: DocumentRecord;
      };
      const input = await readJson(c, updateBoardSchema);
      const { store, events } = c.get('deps');
      const updated = (await store.documents.update(board.id, input))!;
      if (input.locked !== undefined || input.archived !== undefined) {
        events.emit('document.changed', { documentId: board.id, docName: board.docName });
      }
      events.emit('group.changed', { groupId: board.groupId!, what: 'boards' });
      await audit(c, {
        action: 'board.update',
        targetType: 'board',
        targetId: board.id,
        groupId: board.groupId,
        details: { fields: Object.keys(input), locked: updated.locked, archived: updated.archived }
      });
      return c.json({ board: presentBoard(updated) });
    })

    .post('/boards/:id/versions', async (c) => {
      const access = await boardAccess(c);
      requireFacilitating(access, 'Only facilitators can save versions.');
      const input = await readJson(c, createVersionSchema);
      const { store } = c.get('deps');
      const state = storedStateAsUpdate(await store.documents.load(access.board.id));
      const version = await store.documents.createVersion({
        id: newId(),
        documentId: access.board.id,
        label: input.label,
        sessionId: null,
        state,
        createdBy: access.user.id
      });
      await audit(c, {
        action: 'board.version.create',
        targetType: 'board',
        targetId: access.board.id,
        groupId: access.board.groupId,
        details: { versionId: version.id, bytes: state.byteLength }
      });
      return c.json({ version: presentVersion(version) }, 201);
    })

    .get('/boards/:id/versions', async (c) => {
      const { board } = await boardAccess(c);
      const versions = await c.get('deps').store.documents.listVersions(board.id);
      return c.json({ versions: versions.map(presentVersion) });
    })

    .post('/boards/:id/versions/:versionId/restore', async (c) => {
      const access = await boardAccess(c);
      requireFacilitating(access, 'Only facilitators can restore versions.');
      const { store } = c.get('deps');
      const versionId = idParam(c, 'versionId', 'Version');
      const version = (await store.documents.listVersions(access.board.id)).find((each) => each.id === versionId);
      const state = version && (await store.documents.versionState(access.board.id, versionId));
      if (!version || !state) throw notFound('Version');
      const id = newId();
      const board = await store.documents.create({
        id,
        docName: boardDocName(id),
        kind: 'board',
        groupId: access.board.groupId,
        ownerId: null,
        title: restoredTitle(access.board.title, version.label),
        createdBy: access.user.id
      });
      // The version's state becomes the new board's first logged update, as if a client had drawn it.
      await store.documents.appendUpdates([{ documentId: board.id, update: state }], c.get('deps').now());
      await audit(c, {
        action: 'board.version.restore',
        targetType: 'board',
        targetId: board.id,
        groupId: board.groupId,
        details: { fromBoardId: access.board.id, versionId }
      });
      c.get('deps').events.emit('group.changed', { groupId: board.groupId!, what: 'boards' });
      return c.json({ board: presentBoard((await store.documents.get(board.id))!) }, 201);
    })

    .get('/boards/:id/versions/:versionId/state', async (c) => {
      const { board } = await boardAccess(c);
      const state = await c.get('deps').store.documents.versionState(board.id, idParam(c, 'versionId', 'Version'));
      if (!state) throw notFound('Version');
      return c.body(state as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/octet-stream',
        'cache-control': 'private, no-store'
      });
    });
}

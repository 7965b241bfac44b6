/**
 * /api worksheets: templates (built-in and custom, with versions and group shares), worksheets started in a group
 * (shared: one copy; individual: one copy per participant), sharing a copy with the group, homework and exports.
 * Every copy is a Yjs document served by the relay at /collab/worksheet:<uuid>; its rights are documentAccess().
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { duplicateTemplate, nextVersion } from '../../src/lib/core/worksheet/edit';
import { planWorksheetCopies } from '../../src/lib/core/worksheet/modes';
import type { Template } from '../../src/lib/core/worksheet/template';
import { newId, requireUser } from '../auth/login-sessions';
import { audit, requireGroupAccess, requireDocumentsOpen, type GroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { idParam, parseWith, readJson } from '../http/validate';
import { initialWorksheetUpdate } from '../worksheets/documents';
import { startPairWorksheet } from '../worksheets/pairs';
import { exportWorksheet } from '../worksheets/exports';
import { copiesProgress, myWorksheets } from '../worksheets/mine';
import { canOpenCopy, presentCopy, presentWorksheet, requirePairCopiesOpen } from '../worksheets/present';
import {
  createWorksheetSchema,
  exportQuerySchema,
  listQuerySchema,
  pairWorksheetSchema,
  shareTemplateSchema,
  templateBodySchema,
  templateIdSchema,
  updateTemplateSchema,
  updateWorksheetSchema
} from '../worksheets/schemas';
import type { CopyRecord, WorksheetRecord } from '../storage/worksheets';
import type { RoomService } from '../room/service';
import type { SessionRecord } from '../storage/store';
import {
  findVisibleTemplate,
  requireFacilitatorAnywhere,
  requireOwnTemplate,
  summarise,
  templateForGroup,
  visibleTemplates
} from '../worksheets/templates';

function templateIdParam(c: AppContext): string {
  const id = c.req.param('id');
  if (!id || !templateIdSchema.safeParse(id).success) throw notFound('Template');
  return id;
}

function requireFacilitating(access: GroupAccess, message: string): GroupAccess {
  if (!isFacilitating(access.membership.role)) throw forbidden(message);
  return access;
}

/** The caller's access to the group of a thing; a non-member is told the thing itself is not found (no group leaks). */
async function groupAccessOrNotFound(c: AppContext, groupId: string, what: string): Promise<GroupAccess> {
  try {
    return await requireGroupAccess(c, groupId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound(what);
    throw error;
  }
}

/** The worksheet and the caller's membership of its group; worksheets of other groups are simply not found. */
async function worksheetAccess(c: AppContext): Promise<GroupAccess & { worksheet: WorksheetRecord; copies: CopyRecord[] }> {
  const { store } = c.get('deps');
  const worksheet = await store.worksheets.worksheet(idParam(c, 'id', 'Worksheet'));
  if (!worksheet) throw notFound('Worksheet');
  const access = await groupAccessOrNotFound(c, worksheet.groupId, 'Worksheet');
  const copies = await store.worksheets.copiesOf([worksheet.id]);
  // Linked to the live session or not, all copies of a worksheet alike.
  await requireDocumentsOpen(c, access, copies.map((copy) => ({ id: copy.documentId, kind: 'worksheet' as const })));
  return { ...access, worksheet, copies };
}

/** The copies this member may open (all for facilitators). */
function openableCopies(access: GroupAccess, copies: CopyRecord[]): CopyRecord[] {
  return copies.filter((copy) => canOpenCopy(copy, access.user.id, access.membership.role));
}

/** Participants see shared worksheets and ones they have (or can read) a copy of; facilitators see all. */
function listedFor(access: GroupAccess, worksheet: WorksheetRecord, copies: CopyRecord[]): boolean {
  return openableCopies(access, copies.filter((c) => c.worksheetId === worksheet.id)).length > 0;
}




/** A step of the live room of `session` (checked before the worksheet is made, so a bad step makes nothing). */
async function requireLiveStep(rooms: RoomService | undefined, session: SessionRecord | undefined, stepId: string): Promise<void> {
  if (!session) throw new AppError('validation_failed', 'Say which session the step is in.', { fields: { sessionId: 'Choose the live session of the step.' } });
  if (session.status !== 'live' || !rooms) throw conflict('The session is not live: start the worksheet without a step, or start the session first.');
  const state = await rooms.state(session.id);
  if (!state?.agenda.steps.some((step) => step.id === stepId))
    throw new AppError('validation_failed', 'That step is not on the agenda of this session.', { fields: { stepId: 'Choose a step of the agenda.' } });
}

export function worksheetRoutes(rooms?: RoomService) {
  return new Hono<AppEnv>()
    /* ---------- templates ---------- */

    .get('/templates', async (c) => {
      const user = requireUser(c);
      const templates = await visibleTemplates(c.get('deps').store, user.id);
      return c.json({ templates: templates.map(summarise) });
    })

    .get('/templates/:id', async (c) => {
      const user = requireUser(c);
      const version = c.req.query('version');
      const parsed = version === undefined ? undefined : Number(version);
      if (parsed !== undefined && !(Number.isInteger(parsed) && parsed >= 1)) throw notFound('Template version');
      const visible = await findVisibleTemplate(c.get('deps').store, user.id, templateIdParam(c), parsed);
      return c.json({ template: visible.template, summary: summarise(visible) });
    })

    .post('/templates', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      await requireFacilitatorAnywhere(store, user.id);
      const id = newId();
      // The server owns id, owner and version: they are set before the one template schema checks the rest.
      const raw = await readJson(c, anyObject);
      const input = parseWith(templateBodySchema, withOwnership(raw, { id, ownerId: user.id, version: 1 }), 'template');
      const saved = (await store.worksheets.saveTemplate({ id, version: 1, ownerId: user.id, template: input.body }))!;
      await audit(c, { action: 'template.create', targetType: 'template', targetId: id, details: { title: saved.template.title } });
      return c.json({ template: saved.template, summary: summarise({ template: saved.template, source: 'mine', sharedWithGroups: [] }) }, 201);
    })

    .post('/templates/:id/duplicate', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      await requireFacilitatorAnywhere(store, user.id);
      const source = await findVisibleTemplate(store, user.id, templateIdParam(c));
      const copy = duplicateTemplate(source.template, { id: newId(), ownerId: user.id });
      if (!copy.ok) throw new AppError('validation_failed', copy.message, { fields: copy.fields });
      const saved = (await store.worksheets.saveTemplate({ id: copy.template.id, version: 1, ownerId: user.id, template: copy.template }))!;
      await audit(c, {
        action: 'template.duplicate',
        targetType: 'template',
        targetId: saved.id,
        details: { from: { id: source.template.id, version: source.template.version } }
      });
      return c.json({ template: saved.template, summary: summarise({ template: saved.template, source: 'mine', sharedWithGroups: [] }) }, 201);
    })

    .put('/templates/:id', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      const saved = await requireOwnTemplate(store, user.id, templateIdParam(c));
      const version = nextVersion(saved.template);
      const raw = await readJson(c, anyObject);
      const input = parseWith(
        updateTemplateSchema,
        withOwnership(raw, { id: saved.id, ownerId: user.id, version, basedOn: saved.template.basedOn }),
        'template'
      );
      if (input.baseVersion !== undefined && input.baseVersion !== saved.version)
        throw conflict('This template was saved again since you opened it. Reload it to see the newest version.', {
          reason: 'stale_version',
          latestVersion: saved.version
        });
      const next = await store.worksheets.saveTemplate({ id: saved.id, version, ownerId: user.id, template: input.body });
      if (!next) throw conflict('This template was saved again at the same moment. Reload it and try again.', { reason: 'stale_version' });
      await audit(c, { action: 'template.update', targetType: 'template', targetId: saved.id, details: { version } });
      const shares = (await store.worksheets.templateShares([saved.id])).get(saved.id) ?? [];
      return c.json({ template: next.template, summary: summarise({ template: next.template, source: 'mine', sharedWithGroups: shares }) });
    })

    .post('/templates/:id/share', async (c) => {
      const user = requireUser(c);
      const { store } = c.get('deps');
      const saved = await requireOwnTemplate(store, user.id, templateIdParam(c));
      const input = await readJson(c, shareTemplateSchema);
      const access = await requireGroupAccess(c, input.groupId);
      requireFacilitating(access, 'You can only share templates with groups you facilitate.');
      await store.worksheets.shareTemplate(saved.id, access.group.id, user.id);
      await audit(c, { action: 'template.share', targetType: 'template', targetId: saved.id, groupId: access.group.id });
      const shares = (await store.worksheets.templateShares([saved.id])).get(saved.id) ?? [];
      return c.json({ summary: summarise({ template: saved.template, source: 'mine', sharedWithGroups: shares }) });
    })

    /* ---------- worksheets ---------- */

    .post('/groups/:id/worksheets', async (c) => {
      const access = requireFacilitating(await requireGroupAccess(c, idParam(c, 'id', 'Group')), 'Only facilitators can start worksheets.');
      const input = await readJson(c, createWorksheetSchema);
      const { store, now } = c.get('deps');
      const template = await templateForGroup(store, access.user.id, access.group.id, input.templateId, input.templateVersion);
      const session = input.sessionId ? await store.sessions.get(input.sessionId) : undefined;
      if (input.sessionId && (!session || session.groupId !== access.group.id))
        throw new AppError('validation_failed', 'That session is not one of this group.', { fields: { sessionId: 'Choose a session of this group.' } });
      if (input.stepId !== undefined) await requireLiveStep(rooms, session, input.stepId);
      const dueSession = input.dueSessionId ? await store.sessions.get(input.dueSessionId) : undefined;
      if (input.dueSessionId && (!dueSession || dueSession.groupId !== access.group.id || dueSession.status !== 'scheduled'))
        throw new AppError('validation_failed', 'Homework can be due by a scheduled session of this group only.', {
          fields: { dueSessionId: 'Choose a scheduled session of this group.' }
        });
      const homeworkDue = input.homeworkDue ? new Date(input.homeworkDue) : (dueSession?.startsAt ?? null);
      const participants = (await store.members.list(access.group.id)).filter((m) => m.role === 'participant');
      const participantIds = input.participantIds ?? participants.map((p) => p.userId);
      const strangers = participantIds.filter((id) => !participants.some((p) => p.userId === id));
      if (strangers.length > 0)
        throw new AppError('validation_failed', 'Individual worksheets go to participants of this group only.', {
          fields: { participantIds: 'Choose participants of this group.' }
        });
      const copies = planWorksheetCopies({ mode: input.mode, participantIds, newId });
      const initialUpdate = initialWorksheetUpdate(template, input.mode);
      const worksheet = await store.worksheets.createWorksheet(
        {
          id: newId(),
          groupId: access.group.id,
          sessionId: input.sessionId ?? null,
          templateId: template.id,
          templateVersion: template.version,
          template,
          mode: input.mode,
          title: input.title ?? template.title,
          homeworkDue,
          dueSessionId: dueSession?.id ?? null,
          createdBy: access.user.id
        },
        copies.map((copy) => ({ ...copy, initialUpdate })),
        now()
      );
      if (input.stepId !== undefined && session && rooms) {
        // The step checked above; the room applies the link as if the facilitator had sent link_step (first: it is
        // what the room is waiting for).
        await rooms.command(
          session,
          { userId: access.user.id, role: access.membership.role },
          { type: 'link_step', stepId: input.stepId, worksheetId: worksheet.id },
          { ip: c.get('ip') }
        );
      }
      await audit(c, {
        action: homeworkDue || dueSession ? 'worksheet.homework.assign' : 'worksheet.create',
        targetType: 'worksheet',
        targetId: worksheet.id,
        groupId: access.group.id,
        details: { templateId: template.id, templateVersion: template.version, mode: input.mode, copies: copies.length }
      });
      const stored = await store.worksheets.copiesOf([worksheet.id]);
      c.get('deps').events.emit('group.changed', { groupId: access.group.id, what: 'worksheets' });
      return c.json({ worksheet: presentWorksheet(worksheet, stored, access.user.id), copies: stored.map(presentCopy) }, 201);
    })

    .post('/sessions/:id/room/pair-worksheets', async (c) => {
      const { store, now, events } = c.get('deps');
      const session = await store.sessions.get(idParam(c, 'id', 'Session'));
      if (!session) throw notFound('Session');
      const access = await groupAccessOrNotFound(c, session.groupId, 'Session');
      requireFacilitating(access, 'Only facilitators can give the pairs a worksheet.');
      if (session.status !== 'live' || !rooms) throw conflict('The session is not live: pairs work in a live session only.');
      const input = await readJson(c, pairWorksheetSchema);
      const template = await templateForGroup(store, access.user.id, access.group.id, input.templateId, input.templateVersion);
      const made = await startPairWorksheet(
        { store, rooms, now },
        { session, facilitatorId: access.user.id, template, title: input.title, pairIds: input.pairIds }
      );
      await audit(c, {
        action: 'worksheet.create',
        targetType: 'worksheet',
        targetId: made.worksheet.id,
        groupId: access.group.id,
        details: { templateId: template.id, templateVersion: template.version, mode: 'pairs', copies: made.copies.length, sessionId: session.id }
      });
      events.emit('group.changed', { groupId: access.group.id, what: 'worksheets' });
      return c.json({ worksheet: presentWorksheet(made.worksheet, made.copies, access.user.id), copies: made.copies.map(presentCopy) }, 201);
    })

    .get('/groups/:id/worksheets', async (c) => {
      const access = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      const query = parseWith(listQuerySchema, c.req.query(), 'query');
      const { store } = c.get('deps');
      const all = (await store.worksheets.worksheetsOfGroup(access.group.id)).filter(
        (w) => query.sessionId === undefined || w.sessionId === query.sessionId
      );
      const copies = await store.worksheets.copiesOf(all.map((w) => w.id));
      const listed = all.filter((w) => listedFor(access, w, copies));
      return c.json({ worksheets: listed.map((w) => presentWorksheet(w, copies, access.user.id)) });
    })

    .get('/me/worksheets', async (c) => {
      const user = requireUser(c);
      return c.json({ worksheets: await myWorksheets(c.get('deps').store, user.id) });
    })

    .get('/worksheets/:id/progress', async (c) => {
      const access = await worksheetAccess(c);
      requireFacilitating(access, 'Only facilitators can see everyone’s progress.');
      return c.json({ copies: await copiesProgress(c.get('deps').store, access.worksheet, access.copies) });
    })

    .get('/worksheets/:id', async (c) => {
      const access = await worksheetAccess(c);
      requirePairCopiesOpen(access.copies, access.user.id, access.membership.role);
      const copies = openableCopies(access, access.copies);
      if (copies.length === 0) throw notFound('Worksheet');
      const members = await c.get('deps').store.members.list(access.group.id);
      return c.json({
        worksheet: presentWorksheet(access.worksheet, access.copies, access.user.id),
        template: access.worksheet.template,
        copies: copies.map(presentCopy),
        people: Object.fromEntries(members.map((m) => [m.userId, m.displayName])),
        canFacilitate: isFacilitating(access.membership.role)
      });
    })

    .patch('/worksheets/:id', async (c) => {
      const access = await worksheetAccess(c);
      requireFacilitating(access, 'Only facilitators can lock, unlock or reveal a worksheet.');
      const input = await readJson(c, updateWorksheetSchema);
      const { store, events } = c.get('deps');
      let worksheet = access.worksheet;
      if (input.revealedThrough !== undefined) {
        const sections = worksheet.template.sections.length;
        if (input.revealedThrough !== null && input.revealedThrough >= sections)
          throw new AppError('validation_failed', `This worksheet has ${sections} sections (0 to ${sections - 1}).`, {
            fields: { revealedThrough: `Use a section from 0 to ${sections - 1}, or null for all.` }
          });
        worksheet = (await store.worksheets.setRevealedThrough(worksheet.id, input.revealedThrough)) ?? worksheet;
        await audit(c, {
          action: 'worksheet.reveal',
          targetType: 'worksheet',
          targetId: worksheet.id,
          groupId: access.group.id,
          details: { revealedThrough: input.revealedThrough }
        });
      }
      if (input.locked !== undefined) {
        for (const copy of access.copies) {
          await store.documents.update(copy.documentId, { locked: input.locked });
          // Open sockets are re-checked at once: participants drop to reading while it is locked.
          events.emit('document.changed', { documentId: copy.documentId, docName: copy.docName });
        }
        await audit(c, {
          action: input.locked ? 'worksheet.lock' : 'worksheet.unlock',
          targetType: 'worksheet',
          targetId: worksheet.id,
          groupId: access.group.id
        });
      }
      const copies = await store.worksheets.copiesOf([worksheet.id]);
      return c.json({ worksheet: presentWorksheet(worksheet, copies, access.user.id) });
    })

    .post('/worksheets/:id/copies/:copyId/share', async (c) => {
      const access = await worksheetAccess(c);
      const copyId = idParam(c, 'copyId', 'Copy');
      const copy = access.copies.find((each) => each.documentId === copyId);
      if (!copy || !canOpenCopy(copy, access.user.id, access.membership.role)) throw notFound('Copy');
      if (copy.ownerId === null) throw conflict('This worksheet is shared with the group already.');
      if (copy.ownerId !== access.user.id) throw forbidden('Only the person whose worksheet it is can share it with the group.');
      const { store, events, now } = c.get('deps');
      const shared = (await store.worksheets.shareCopy(access.worksheet.id, copy.documentId, now()))!;
      events.emit('document.changed', { documentId: copy.documentId, docName: copy.docName });
      await audit(c, { action: 'worksheet.copy.share', targetType: 'worksheet', targetId: access.worksheet.id, groupId: access.group.id, details: { copyId } });
      return c.json({ copy: presentCopy(shared) });
    })

    .get('/worksheets/:id/export', async (c) => {
      const access = await worksheetAccess(c);
      const query = parseWith(exportQuerySchema, c.req.query(), 'export request');
      requirePairCopiesOpen(access.copies, access.user.id, access.membership.role, query.copyId);
      const readable = openableCopies(access, access.copies);
      if (readable.length === 0) throw notFound('Worksheet');
      const { store } = c.get('deps');
      const members = await store.members.list(access.group.id);
      const file = await exportWorksheet(store, {
        worksheet: access.worksheet,
        readable,
        callerId: access.user.id,
        names: new Map(members.map((m) => [m.userId, m.displayName])),
        query
      });
      await audit(c, {
        action: 'worksheet.export',
        targetType: 'worksheet',
        targetId: access.worksheet.id,
        groupId: access.group.id,
        details: { format: query.format, copies: file.copyIds, problems: file.problems.length }
      });
      return c.json({ format: query.format, fileName: file.fileName, contentType: file.contentType, content: file.content, problems: file.problems });
    });
}

const anyObject = z.record(z.string(), z.unknown());

/** Overrides what the server decides about a template (id, owner, version), keeping the rest as sent. */
function withOwnership(raw: unknown, own: Partial<Template>): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const body = (raw as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return raw;
  const next: Record<string, unknown> = { ...body, ...own };
  if (own.basedOn === undefined) delete next.basedOn;
  return { ...raw, body: next };
}

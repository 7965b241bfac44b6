/** WorksheetStorage over drizzle-orm and PostgreSQL. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Template } from '../../src/lib/core/worksheet/template';
import type { WorksheetMode } from '../../src/lib/core/worksheet/modes';
import type { DocumentKind } from '../../src/lib/core/documents/names';
import type { Database } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import * as t from '../db/schema';
import type { CopyRecord, TemplateRecord, WorksheetRecord, WorksheetStorage } from './worksheets';

const asTemplate = (row: typeof t.worksheetTemplates.$inferSelect): TemplateRecord => ({
  id: row.id,
  version: row.version,
  ownerId: row.ownerId,
  template: row.body as unknown as Template,
  createdAt: row.createdAt
});

const asWorksheet = (row: typeof t.worksheets.$inferSelect): WorksheetRecord => ({
  id: row.id,
  groupId: row.groupId,
  sessionId: row.sessionId,
  templateId: row.templateId,
  templateVersion: row.templateVersion,
  template: row.templateBody as unknown as Template,
  mode: row.mode as WorksheetMode,
  title: row.title,
  homeworkDue: row.homeworkDue,
  dueSessionId: row.dueSessionId,
  revealedThrough: row.revealedThrough,
  createdBy: row.createdBy,
  createdAt: row.createdAt
});

const copyColumns = {
  documentId: t.worksheetCopies.documentId,
  docName: t.documents.docName,
  worksheetId: t.worksheetCopies.worksheetId,
  ownerId: t.worksheetCopies.ownerId,
  ownerName: t.users.displayName,
  sharedWithGroup: t.documents.sharedWithGroup,
  locked: t.documents.locked,
  archived: t.documents.archived,
  sharedAt: t.worksheetCopies.sharedAt,
  lastEditedAt: t.documents.lastEditedAt,
  pairId: t.worksheetCopies.pairId,
  pairMembers: t.documents.pairMembers
};


export function createDrizzleWorksheetStorage(db: Database): WorksheetStorage {
  /** The latest version of each template matching `where`. */
  async function latestTemplates(where: ReturnType<typeof sql>): Promise<TemplateRecord[]> {
    const rows = await db
      .select()
      .from(t.worksheetTemplates)
      .where(
        and(
          where,
          eq(
            t.worksheetTemplates.version,
            sql`(select max(v.version) from ${t.worksheetTemplates} v where v.id = ${t.worksheetTemplates.id})`
          )
        )
      )
      .orderBy(asc(t.worksheetTemplates.title), asc(t.worksheetTemplates.id));
    return rows.map(asTemplate);
  }

  async function copiesWhere(where: ReturnType<typeof and>): Promise<CopyRecord[]> {
    return db
      .select(copyColumns)
      .from(t.worksheetCopies)
      .innerJoin(t.documents, eq(t.documents.id, t.worksheetCopies.documentId))
      .leftJoin(t.users, eq(t.users.id, t.worksheetCopies.ownerId))
      .where(where)
      .orderBy(sql`${t.users.displayName} nulls first`, asc(t.worksheetCopies.documentId));
  }

  return {
    async saveTemplate(record) {
      try {
        const [row] = await db
          .insert(t.worksheetTemplates)
          .values({
            id: record.id,
            version: record.version,
            ownerId: record.ownerId,
            title: record.template.title,
            modality: record.template.modality,
            body: record.template as unknown as Record<string, unknown>
          })
          .returning();
        return asTemplate(row);
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    async template(id, version) {
      const [row] = await db
        .select()
        .from(t.worksheetTemplates)
        .where(and(eq(t.worksheetTemplates.id, id), version === undefined ? undefined : eq(t.worksheetTemplates.version, version)))
        .orderBy(desc(t.worksheetTemplates.version))
        .limit(1);
      return row && asTemplate(row);
    },

    templatesOwnedBy: (ownerId) => latestTemplates(sql`${t.worksheetTemplates.ownerId} = ${ownerId}`),

    async templatesSharedWith(groupIds) {
      if (groupIds.length === 0) return [];
      const shared = db
        .select({ id: t.worksheetTemplateShares.templateId })
        .from(t.worksheetTemplateShares)
        .where(inArray(t.worksheetTemplateShares.groupId, groupIds));
      return latestTemplates(sql`${t.worksheetTemplates.id} in ${shared}`);
    },

    async templateShares(templateIds) {
      const shares = new Map<string, string[]>();
      if (templateIds.length === 0) return shares;
      const rows = await db
        .select()
        .from(t.worksheetTemplateShares)
        .where(inArray(t.worksheetTemplateShares.templateId, templateIds));
      for (const row of rows) shares.set(row.templateId, [...(shares.get(row.templateId) ?? []), row.groupId]);
      return shares;
    },

    async shareTemplate(templateId, groupId, sharedBy) {
      await db.insert(t.worksheetTemplateShares).values({ templateId, groupId, sharedBy }).onConflictDoNothing();
    },

    async createWorksheet(worksheet, copies, at) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(t.worksheets)
          .values({ ...worksheet, templateBody: worksheet.template as unknown as Record<string, unknown> })
          .returning();
        await tx.insert(t.documents).values(
          copies.map((copy) => ({
            id: copy.documentId,
            docName: copy.docName,
            kind: 'worksheet' satisfies DocumentKind,
            groupId: worksheet.groupId,
            ownerId: copy.ownerId,
            pairMembers: copy.pair?.members ?? null,
            title: worksheet.title,
            createdBy: worksheet.createdBy
          }))
        );
        await tx
          .insert(t.worksheetCopies)
          .values(copies.map((copy) => ({ documentId: copy.documentId, worksheetId: worksheet.id, ownerId: copy.ownerId, pairId: copy.pair?.id ?? null })));
        await tx
          .insert(t.documentUpdates)
          .values(copies.map((copy) => ({ documentId: copy.documentId, update: copy.initialUpdate, createdAt: at })));
        return asWorksheet(row);
      });
    },

    async worksheet(id) {
      const [row] = await db.select().from(t.worksheets).where(eq(t.worksheets.id, id));
      return row && asWorksheet(row);
    },

    async worksheetsOfGroup(groupId) {
      const rows = await db
        .select()
        .from(t.worksheets)
        .where(eq(t.worksheets.groupId, groupId))
        .orderBy(desc(t.worksheets.createdAt), asc(t.worksheets.id));
      return rows.map(asWorksheet);
    },

    async setRevealedThrough(id, revealedThrough) {
      const [row] = await db.update(t.worksheets).set({ revealedThrough }).where(eq(t.worksheets.id, id)).returning();
      return row && asWorksheet(row);
    },

    async worksheetsWithCopiesOf(ownerId) {
      const copies = await copiesWhere(eq(t.worksheetCopies.ownerId, ownerId));
      if (copies.length === 0) return [];
      const rows = await db
        .select()
        .from(t.worksheets)
        .where(inArray(t.worksheets.id, [...new Set(copies.map((copy) => copy.worksheetId))]))
        .orderBy(desc(t.worksheets.createdAt), asc(t.worksheets.id));
      return rows.map((row) => ({ worksheet: asWorksheet(row), copy: copies.find((copy) => copy.worksheetId === row.id)! }));
    },

    async copiesOf(worksheetIds) {
      if (worksheetIds.length === 0) return [];
      return copiesWhere(inArray(t.worksheetCopies.worksheetId, worksheetIds));
    },

    async shareCopy(worksheetId, documentId, at) {
      return db.transaction(async (tx) => {
        const updated = await tx
          .update(t.worksheetCopies)
          .set({ sharedAt: at })
          .where(and(eq(t.worksheetCopies.worksheetId, worksheetId), eq(t.worksheetCopies.documentId, documentId), sql`${t.worksheetCopies.ownerId} is not null`))
          .returning({ documentId: t.worksheetCopies.documentId });
        if (updated.length === 0) return undefined;
        await tx.update(t.documents).set({ sharedWithGroup: true, updatedAt: at }).where(eq(t.documents.id, documentId));
        const [copy] = await tx
          .select(copyColumns)
          .from(t.worksheetCopies)
          .innerJoin(t.documents, eq(t.documents.id, t.worksheetCopies.documentId))
          .leftJoin(t.users, eq(t.users.id, t.worksheetCopies.ownerId))
          .where(eq(t.worksheetCopies.documentId, documentId));
        return copy;
      });
    },

    async archiveCopies(worksheetId, at) {
      const ids = db.select({ id: t.worksheetCopies.documentId }).from(t.worksheetCopies).where(eq(t.worksheetCopies.worksheetId, worksheetId));
      await db.update(t.documents).set({ archived: true, updatedAt: at }).where(inArray(t.documents.id, ids));
      return copiesWhere(eq(t.worksheetCopies.worksheetId, worksheetId));
    }
  };
}

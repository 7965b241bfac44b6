/** Request bodies and queries of the worksheet API, checked with zod (one place, so tests and docs agree). */
import { z } from 'zod';
import { TEMPLATE_ID } from '../../src/lib/core/worksheet/template';
import { templateSchema } from '../../src/lib/core/worksheet/template-schema';
import { WORKSHEET_MODES } from '../../src/lib/core/worksheet/modes';

const uuid = (what: string) => z.string({ error: `Choose ${what}.` }).uuid(`Choose ${what}.`);

/** A custom template as the form builder sends it; the server sets id, owner and version. */
export const templateBodySchema = z.object({ body: templateSchema });

export const updateTemplateSchema = z.object({
  body: templateSchema,
  /** The version the edit started from; a newer saved version means someone else saved meanwhile (409). */
  baseVersion: z.number().int().min(1).optional()
});

export const shareTemplateSchema = z.object({ groupId: uuid('a group') });

export const templateIdSchema = z.string().regex(TEMPLATE_ID);

export const createWorksheetSchema = z.object({
  templateId: z.string({ error: 'Choose a template.' }).regex(TEMPLATE_ID, 'Choose a template.'),
  /** Custom templates only; defaults to the latest version. */
  templateVersion: z.number().int().min(1).optional(),
  mode: z.enum(WORKSHEET_MODES, { error: 'Choose shared or individual.' }),
  sessionId: uuid('a session of this group').optional(),
  /**
   * Started from the live room for this agenda step of `sessionId`: linked to the step in the same request (the
   * room's link_step), so everyone in the room sees it with one change instead of a second round trip.
   */
  stepId: z.string({ error: 'Give the agenda step.' }).min(1, 'Give the agenda step.').max(200, 'That step id is too long.').optional(),
  title: z.string().trim().min(1, 'Give the worksheet a title.').max(120, 'Use at most 120 characters for a title.').optional(),
  /** Homework due by this (scheduled) session of the group; it opens there for review. */
  dueSessionId: uuid('a session of this group').optional(),
  /** Homework: fill it in before this time (defaults to the start of dueSessionId). */
  homeworkDue: z.iso.datetime({ offset: true, error: 'Give the due date as a date and time.' }).optional(),
  /** Individual mode: who gets a copy (defaults to every participant). */
  participantIds: z.array(uuid('a participant')).min(1, 'Choose at least one participant.').max(50).optional()
});
export type CreateWorksheetInput = z.infer<typeof createWorksheetSchema>;

/**
 * A worksheet for the breakout pairs of a live session: one shared copy per pair. Pair ids name pairs of the running
 * breakout (checked against the room state; their members come from it, never from the request).
 */
export const pairWorksheetSchema = z.strictObject({
  templateId: z.string({ error: 'Choose a template.' }).regex(TEMPLATE_ID, 'Choose a template.'),
  templateVersion: z.number().int().min(1).optional(),
  title: z.string().trim().min(1, 'Give the worksheet a title.').max(120, 'Use at most 120 characters for a title.').optional(),
  /** The pairs that get a copy (absent: every pair). */
  pairIds: z
    .array(z.string().min(1, 'Name a pair.').max(40, 'That pair id is too long.'))
    .min(1, 'Choose at least one pair.')
    .max(25, 'That is too many pairs.')
    .optional()
});

export const EXPORT_FORMATS = ['md', 'txt', 'csv', 'json'] as const;
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: 'Choose md, txt, csv or json.' }),
  /** One copy (md and txt export one copy; without it, the caller's own or the shared copy). */
  copyId: uuid('a copy').optional(),
  /** CSV of one table field instead of the other answers. */
  table: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Name a table field of the worksheet.').optional()
});

export const listQuerySchema = z.object({ sessionId: uuid('a session').optional() });

export const updateWorksheetSchema = z
  .strictObject({
    locked: z.boolean({ error: 'Say whether the worksheet is locked.' }).optional(),
    /** Teaching one section at a time: participants see sections 0..n; null reveals every section. */
    revealedThrough: z
      .number({ error: 'Give a section number, or null to show every section.' })
      .int('Give a whole section number.')
      .min(0, 'Sections are numbered from 0.')
      .nullable()
      .optional()
  })
  .refine((body) => body.locked !== undefined || body.revealedThrough !== undefined, {
    message: 'Say whether the worksheet is locked, or how far it is revealed.',
    path: ['locked']
  });

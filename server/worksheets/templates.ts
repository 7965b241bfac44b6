/**
 * Which templates a person can see and use: the built-ins, their own custom templates, and custom templates shared
 * with a group they belong to. Custom templates belong to a facilitator; editing saves a new version.
 */
import { forbidden, notFound } from '../../src/lib/core/errors';
import { isFacilitating } from '../../src/lib/core/group/rules';
import { BUILTIN_TEMPLATES, builtinTemplate } from '../../src/lib/core/worksheet/builtins';
import type { Template } from '../../src/lib/core/worksheet/template';
import type { TemplateSource, TemplateSummary } from '../../src/lib/api/worksheet-types';
import type { Store } from '../storage/store';
import type { TemplateRecord } from '../storage/worksheets';

export interface VisibleTemplate {
  template: Template;
  source: TemplateSource;
  /** Custom templates: the groups it is shared with (all of them, for its owner; the caller's, for others). */
  sharedWithGroups: string[];
}

export function summarise(visible: VisibleTemplate): TemplateSummary {
  const { template } = visible;
  return {
    id: template.id,
    version: template.version,
    title: template.title,
    modality: template.modality,
    source: visible.source,
    sharedWithGroups: visible.sharedWithGroups
  };
}

/** Every template the person may use: built-ins first, then their own, then ones shared with their groups. */
export async function visibleTemplates(store: Store, userId: string): Promise<VisibleTemplate[]> {
  const groupIds = (await store.groups.listForUser(userId)).map((g) => g.id);
  const [mine, shared] = await Promise.all([
    store.worksheets.templatesOwnedBy(userId),
    store.worksheets.templatesSharedWith(groupIds)
  ]);
  const custom = [...mine, ...shared.filter((s) => s.ownerId !== userId)];
  const shares = await store.worksheets.templateShares(custom.map((r) => r.id));
  return [
    ...BUILTIN_TEMPLATES.map((template) => ({ template, source: 'builtin' as const, sharedWithGroups: [] })),
    ...custom.map((record) => customVisible(record, userId, shares.get(record.id) ?? [], groupIds))
  ];
}

function customVisible(record: TemplateRecord, userId: string, shares: string[], myGroups: string[]): VisibleTemplate {
  const mine = record.ownerId === userId;
  return {
    template: record.template,
    source: mine ? 'mine' : 'shared',
    sharedWithGroups: mine ? shares : shares.filter((g) => myGroups.includes(g))
  };
}

/**
 * One template the person may use (a built-in, or a custom one they own or that is shared with one of their groups),
 * at the given version or the latest. Custom templates they may not see are simply not found.
 */
export async function findVisibleTemplate(store: Store, userId: string, id: string, version?: number): Promise<VisibleTemplate> {
  const builtin = builtinTemplate(id);
  if (builtin) {
    if (version !== undefined && version !== builtin.version) throw notFound('Template version');
    return { template: builtin, source: 'builtin', sharedWithGroups: [] };
  }
  const record = await store.worksheets.template(id, version);
  if (!record) throw notFound('Template');
  const groupIds = (await store.groups.listForUser(userId)).map((g) => g.id);
  const shares = (await store.worksheets.templateShares([id])).get(id) ?? [];
  if (record.ownerId !== userId && !shares.some((g) => groupIds.includes(g))) throw notFound('Template');
  return customVisible(record, userId, shares, groupIds);
}

/** A template usable in one group: a built-in, the caller's own, or one shared with that group. */
export async function templateForGroup(store: Store, userId: string, groupId: string, id: string, version?: number): Promise<Template> {
  const visible = await findVisibleTemplate(store, userId, id, version);
  if (visible.source === 'shared' && !visible.sharedWithGroups.includes(groupId)) throw notFound('Template');
  return visible.template;
}

/** Custom templates are made by facilitators: anyone leading or co-leading at least one group. */
export async function requireFacilitatorAnywhere(store: Store, userId: string): Promise<void> {
  const groups = await store.groups.listForUser(userId);
  if (!groups.some((g) => isFacilitating(g.role))) throw forbidden('Only facilitators can make worksheet templates.');
}

/** The owner's latest saved version; others get not found (or forbidden, when the template is shared with them). */
export async function requireOwnTemplate(store: Store, userId: string, id: string): Promise<TemplateRecord> {
  if (builtinTemplate(id)) throw forbidden('Built-in templates cannot be changed; duplicate one to make your own.');
  const visible = await findVisibleTemplate(store, userId, id);
  if (visible.source !== 'mine') throw forbidden('Only the facilitator who made this template can change it.');
  return (await store.worksheets.template(id))!;
}

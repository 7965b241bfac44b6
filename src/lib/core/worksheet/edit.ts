/**
 * Custom templates as pure edits for the form builder: each takes a template and returns a NEW one that still
 * passes the template schema, or refuses with a plain message (and form errors keyed by path) and changes nothing.
 * Versions: edits keep the version; the server saves an edited template as version + 1 (see nextVersion).
 */
import { fieldErrors, type FieldErrors } from '../validation';
import type { Field, RatingAnchor, Section, Template } from './template';
import { templateSchema } from './template-schema';

export type Edited = { ok: true; template: Template } | { ok: false; message: string; fields: FieldErrors };

/** Checks the edited copy with the one schema; the first problem becomes the message. */
function finish(template: Template): Edited {
  const result = templateSchema.safeParse(template);
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'This change would break the template.', fields: fieldErrors(result.error) };
}

function refuse(message: string): Edited {
  return { ok: false, message, fields: { _: message } };
}

/** Works on a deep copy, so the caller's template is never changed. */
function edit(template: Template, change: (copy: Template) => string | void): Edited {
  const copy = structuredClone(template);
  const refusal = change(copy);
  return refusal ? refuse(refusal) : finish(copy);
}

const TITLE_MAX = 120;

/** A facilitator's own copy: new id, their ownership, version 1, "Copy of …", remembering where it came from. */
export function duplicateTemplate(source: Template, to: { id: string; ownerId: string }): Edited {
  return edit(source, (copy) => {
    copy.id = to.id;
    copy.ownerId = to.ownerId;
    copy.version = 1;
    copy.basedOn = { id: source.id, version: source.version };
    copy.title = `Copy of ${source.title}`.slice(0, TITLE_MAX);
  });
}

/** The version to save an edited template under. */
export function nextVersion(saved: Template): number {
  return saved.version + 1;
}

export function updateTemplateInfo(template: Template, patch: Partial<Pick<Template, 'title' | 'instructions' | 'modality'>>): Edited {
  return edit(template, (copy) => void Object.assign(copy, patch));
}

export function addSection(template: Template, section: Section, index = template.sections.length): Edited {
  return edit(template, (copy) => void copy.sections.splice(index, 0, section));
}

export function updateSection(template: Template, sectionId: string, patch: Partial<Pick<Section, 'title' | 'description'>>): Edited {
  return edit(template, (copy) => {
    const section = copy.sections.find((s) => s.id === sectionId);
    if (!section) return `There is no section "${sectionId}".`;
    Object.assign(section, patch);
  });
}

export function removeSection(template: Template, sectionId: string): Edited {
  return edit(template, (copy) => {
    const index = copy.sections.findIndex((s) => s.id === sectionId);
    if (index < 0) return `There is no section "${sectionId}".`;
    if (copy.sections.length === 1) return 'A template needs at least 1 section; add another before removing this one.';
    copy.sections.splice(index, 1);
  });
}

export function moveSection(template: Template, sectionId: string, toIndex: number): Edited {
  return edit(template, (copy) => {
    const index = copy.sections.findIndex((s) => s.id === sectionId);
    if (index < 0) return `There is no section "${sectionId}".`;
    if (!inRange(toIndex, copy.sections.length)) return 'A section cannot move there.';
    const [section] = copy.sections.splice(index, 1);
    copy.sections.splice(toIndex, 0, section);
  });
}

export function addField(template: Template, sectionId: string, field: Field, index?: number): Edited {
  return edit(template, (copy) => {
    const section = copy.sections.find((s) => s.id === sectionId);
    if (!section) return `There is no section "${sectionId}".`;
    section.fields.splice(index ?? section.fields.length, 0, field);
  });
}

/** Changes a field's label, help, required flag or kind-specific options; its id and kind stay. */
export function updateField(template: Template, fieldId: string, patch: Partial<Field>): Edited {
  return edit(template, (copy) => {
    const place = locate(copy, fieldId);
    if (!place) return `There is no field "${fieldId}".`;
    const field = place.section.fields[place.index];
    if ((patch.id !== undefined && patch.id !== field.id) || (patch.kind !== undefined && patch.kind !== field.kind))
      return 'A field keeps its id and kind; add a new field instead.';
    place.section.fields[place.index] = { ...field, ...patch } as Field;
  });
}

export function removeField(template: Template, fieldId: string): Edited {
  return edit(template, (copy) => {
    const place = locate(copy, fieldId);
    if (!place) return `There is no field "${fieldId}".`;
    if (place.section.fields.length === 1)
      return `"${place.section.title}" needs at least 1 field; remove the section instead.`;
    place.section.fields.splice(place.index, 1);
  });
}

/** Moves a field within its section or into another one, at `index` there. */
export function moveField(template: Template, fieldId: string, to: { sectionId: string; index: number }): Edited {
  return edit(template, (copy) => {
    const place = locate(copy, fieldId);
    const target = copy.sections.find((s) => s.id === to.sectionId);
    if (!place) return `There is no field "${fieldId}".`;
    if (!target) return `There is no section "${to.sectionId}".`;
    if (place.section !== target && place.section.fields.length === 1)
      return `"${place.section.title}" needs at least 1 field; remove the section instead.`;
    const [field] = place.section.fields.splice(place.index, 1);
    if (!inRange(to.index, target.fields.length)) return 'A field cannot move there.';
    target.fields.splice(to.index, 0, field);
  });
}

/**
 * Changes the range of a rating field (or of a rating column of a table, with columnId). Anchors stay unless new ones
 * are given; an anchor outside the new range is refused, naming it, rather than dropped.
 */
export function setRatingRange(
  template: Template,
  fieldId: string,
  range: { min: number; max: number; anchors?: RatingAnchor[] },
  columnId?: string
): Edited {
  return edit(template, (copy) => {
    const place = locate(copy, fieldId);
    if (!place) return `There is no field "${fieldId}".`;
    const field = place.section.fields[place.index];
    const target = columnId && field.kind === 'table' ? field.columns.find((c) => c.id === columnId) : field;
    if (!target || target.kind !== 'rating') return `"${field.label}" has no rating ${columnId ? `column "${columnId}"` : 'scale'}.`;
    target.min = range.min;
    target.max = range.max;
    if (range.anchors) target.anchors = range.anchors;
  });
}

function locate(template: Template, fieldId: string): { section: Section; index: number } | undefined {
  for (const section of template.sections) {
    const index = section.fields.findIndex((f) => f.id === fieldId);
    if (index >= 0) return { section, index };
  }
  return undefined;
}

function inRange(index: number, length: number): boolean {
  return Number.isInteger(index) && index >= 0 && index <= length;
}

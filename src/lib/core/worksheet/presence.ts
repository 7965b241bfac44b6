/**
 * "Who is editing this field": the awareness state each browser publishes on a worksheet copy
 * ({user: {id, name, colour}, field: fieldId | null}) and who is where, read from everyone's states. Awareness is
 * shared with everyone on the document and is only a hint: anything malformed is ignored, never trusted.
 */

export interface WorksheetPresence {
  user: { id: string; name: string; colour: string };
  /** The field they have focused, or null. */
  field: string | null;
}

export interface FieldEditor {
  userId: string;
  name: string;
  colour: string;
}

/** Calm, readable colours for name badges (dark enough for white text). */
const COLOURS = ['#1f6f8b', '#7a4f9a', '#2e7d4f', '#a3461f', '#5a5f9e', '#8a3b5c', '#356b6b', '#6b5a1e'];

/** A stable colour for a person, the same in every browser. */
export function presenceColour(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length];
}

export function presenceState(user: { id: string; name: string }, field: string | null): WorksheetPresence {
  return { user: { id: user.id, name: user.name, colour: presenceColour(user.id) }, field };
}

function editorOf(state: unknown): { field: string; editor: FieldEditor } | null {
  if (typeof state !== 'object' || state === null) return null;
  const { user, field } = state as { user?: unknown; field?: unknown };
  if (typeof field !== 'string' || typeof user !== 'object' || user === null) return null;
  const { id, name, colour } = user as { id?: unknown; name?: unknown; colour?: unknown };
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  const safeColour = typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour) ? colour : presenceColour(id);
  return { field, editor: { userId: id, name: name.slice(0, 60), colour: safeColour } };
}

/**
 * Field id -> the other people editing it, from every client's awareness state (`states` as Awareness.getStates()).
 * My own clients are left out (`myUserId`, so my second tab does not badge me); one badge per person per field.
 */
export function editorsByField(states: Map<number, unknown>, myUserId: string): Record<string, FieldEditor[]> {
  const byField: Record<string, FieldEditor[]> = {};
  for (const state of states.values()) {
    const found = editorOf(state);
    if (!found || found.editor.userId === myUserId) continue;
    const list = (byField[found.field] ??= []);
    if (!list.some((editor) => editor.userId === found.editor.userId)) list.push(found.editor);
  }
  return byField;
}

/**
 * The group progress note of one session, as the facilitator writes it (plaintext: it only ever exists in the
 * browser; the server stores it encrypted, see ./keys.ts). A group section written once, and one section per
 * attendee prefilled from attendance, measure scores and check-in, in SOAP or DAP. Pure: no DOM, no storage.
 */
import { utf8 } from '../notes/encoding';

export const NOTE_FORMATS = ['SOAP', 'DAP'] as const;
export type NoteFormat = (typeof NOTE_FORMATS)[number];

/** The fields of a member's section, in order, with their labels. */
export const FORMAT_FIELDS: Record<NoteFormat, ReadonlyArray<{ key: string; label: string }>> = {
  SOAP: [
    { key: 'subjective', label: 'Subjective' },
    { key: 'objective', label: 'Objective' },
    { key: 'assessment', label: 'Assessment' },
    { key: 'plan', label: 'Plan' }
  ],
  DAP: [
    { key: 'data', label: 'Data' },
    { key: 'assessment', label: 'Assessment' },
    { key: 'plan', label: 'Plan' }
  ]
};

export const GROUP_FIELDS = [
  { key: 'themes', label: 'Themes' },
  { key: 'interventions', label: 'Interventions' },
  { key: 'homework', label: 'Homework set' }
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number]['key'];

export type AttendanceStatus = 'present' | 'late' | 'left_early' | 'late_and_left_early';
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Present',
  late: 'Late',
  left_early: 'Left early',
  late_and_left_early: 'Late and left early'
};

/** Arriving or leaving more than this far from the session's start or end counts as late or leaving early. */
export const ATTENDANCE_GRACE_MS = 5 * 60_000;

export interface MemberScore {
  measure: string;
  total: number | null;
  band: string | null;
}

export interface MemberSection {
  userId: string;
  name: string;
  attendance: AttendanceStatus;
  /** Minutes in the room, from the stays. */
  minutesPresent: number;
  scores: MemberScore[];
  checkedIn: boolean;
  fields: Record<string, string>;
}

export interface GroupNoteContent {
  version: 1;
  sessionId: string;
  sessionTitle: string;
  format: NoteFormat;
  group: Record<GroupField, string>;
  members: MemberSection[];
}

export interface AddendumContent {
  version: 1;
  text: string;
}

/** One stay in the room (attendance row). */
export interface Stay {
  userId: string;
  joinedAt: number;
  leftAt: number | null;
}

/** Present, late or left early, from a member's stays against the session's actual start and end. */
export function attendanceStatus(stays: readonly Stay[], startedAt: number, endedAt: number, graceMs = ATTENDANCE_GRACE_MS): AttendanceStatus {
  const first = Math.min(...stays.map((s) => s.joinedAt));
  const last = Math.max(...stays.map((s) => s.leftAt ?? endedAt));
  const late = first - startedAt > graceMs;
  const leftEarly = endedAt - last > graceMs;
  if (late && leftEarly) return 'late_and_left_early';
  if (late) return 'late';
  return leftEarly ? 'left_early' : 'present';
}

function minutesPresent(stays: readonly Stay[], endedAt: number): number {
  const ms = stays.reduce((sum, s) => sum + Math.max(0, (s.leftAt ?? endedAt) - s.joinedAt), 0);
  return Math.round(ms / 60_000);
}

export interface PrefillInput {
  sessionId: string;
  sessionTitle: string;
  startedAt: number;
  endedAt: number;
  format: NoteFormat;
  /** Attendees only (facilitators are left out by the caller). */
  attendees: ReadonlyArray<{ userId: string; name: string; stays: readonly Stay[]; scores: MemberScore[]; checkedIn: boolean }>;
}

export function emptyFields(format: NoteFormat): Record<string, string> {
  return Object.fromEntries(FORMAT_FIELDS[format].map((f) => [f.key, '']));
}

/** A new note: one section per attendee (by name), each prefilled with what the server knows, text left to write. */
export function prefillNote(input: PrefillInput): GroupNoteContent {
  const members = input.attendees
    .filter((a) => a.stays.length > 0)
    .map((a) => ({
      userId: a.userId,
      name: a.name,
      attendance: attendanceStatus(a.stays, input.startedAt, input.endedAt),
      minutesPresent: minutesPresent(a.stays, input.endedAt),
      scores: a.scores,
      checkedIn: a.checkedIn,
      fields: emptyFields(input.format)
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    version: 1,
    sessionId: input.sessionId,
    sessionTitle: input.sessionTitle,
    format: input.format,
    group: { themes: '', interventions: '', homework: '' },
    members
  };
}

/** Switching SOAP ↔ DAP keeps text of fields both have (assessment, plan); the others start empty. */
export function changeFormat(note: GroupNoteContent, format: NoteFormat): GroupNoteContent {
  return {
    ...note,
    format,
    members: note.members.map((m) => ({
      ...m,
      fields: Object.fromEntries(FORMAT_FIELDS[format].map((f) => [f.key, m.fields[f.key] ?? '']))
    }))
  };
}

const normalized = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Members whose sections read the same (ignoring case and spacing): each member needs their own note. Only sections
 * with some text count. Returns groups of two or more names.
 */
export function identicalSections(note: GroupNoteContent): string[][] {
  const byText = new Map<string, string[]>();
  for (const member of note.members) {
    const text = FORMAT_FIELDS[note.format].map((f) => normalized(member.fields[f.key] ?? '')).join('\u0000');
    if (text.replace(/\u0000/g, '') === '') continue;
    byText.set(text, [...(byText.get(text) ?? []), member.name]);
  }
  return [...byText.values()].filter((names) => names.length > 1);
}

/** Members whose section is still empty (signing asks first). */
export function emptySections(note: GroupNoteContent): string[] {
  return note.members.filter((m) => Object.values(m.fields).every((v) => v.trim() === '')).map((m) => m.name);
}

/** JSON with object keys sorted at every level: the same content gives the same bytes on every device. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash a signature records: SHA-256 of the canonical JSON of the plaintext content. */
export function contentHash(content: GroupNoteContent | AddendumContent): Promise<string> {
  return sha256Hex(utf8(canonicalJson(content)));
}

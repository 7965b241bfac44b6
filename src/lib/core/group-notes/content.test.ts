import { describe, expect, it } from 'vitest';
import {
  attendanceStatus,
  canonicalJson,
  changeFormat,
  contentHash,
  emptySections,
  identicalSections,
  prefillNote,
  type GroupNoteContent
} from './content';

const START = Date.UTC(2026, 0, 6, 18, 0);
const END = START + 90 * 60_000;
const min = (m: number) => START + m * 60_000;

describe('attendanceStatus', () => {
  it('is present within five minutes of the start and the end', () => {
    expect(attendanceStatus([{ userId: 'a', joinedAt: min(5), leftAt: min(85) }], START, END)).toBe('present');
  });
  it('is late past five minutes, and left early past five minutes before the end', () => {
    expect(attendanceStatus([{ userId: 'a', joinedAt: min(6), leftAt: null }], START, END)).toBe('late');
    expect(attendanceStatus([{ userId: 'a', joinedAt: min(0), leftAt: min(84) }], START, END)).toBe('left_early');
    expect(attendanceStatus([{ userId: 'a', joinedAt: min(20), leftAt: min(60) }], START, END)).toBe('late_and_left_early');
  });
  it('reads several stays as one visit from the first arrival to the last departure', () => {
    const stays = [
      { userId: 'a', joinedAt: min(1), leftAt: min(30) },
      { userId: 'a', joinedAt: min(35), leftAt: null }
    ];
    expect(attendanceStatus(stays, START, END)).toBe('present');
  });
});

function note(): GroupNoteContent {
  return prefillNote({
    sessionId: 's1',
    sessionTitle: 'Week 1',
    startedAt: START,
    endedAt: END,
    format: 'SOAP',
    attendees: [
      { userId: 'q', name: 'Quinn', stays: [{ userId: 'q', joinedAt: min(20), leftAt: null }], scores: [], checkedIn: true },
      {
        userId: 'p',
        name: 'Pat',
        stays: [{ userId: 'p', joinedAt: min(0), leftAt: min(90) }],
        scores: [{ measure: 'PHQ-9', total: 12, band: 'Moderate' }],
        checkedIn: false
      },
      { userId: 'n', name: 'Never came', stays: [], scores: [], checkedIn: false }
    ]
  });
}

describe('prefillNote', () => {
  it('makes one empty section per attendee, by name, with attendance, minutes, scores and check-in', () => {
    const n = note();
    expect(n.members.map((m) => [m.name, m.attendance, m.minutesPresent, m.checkedIn])).toEqual([
      ['Pat', 'present', 90, false],
      ['Quinn', 'late', 70, true]
    ]);
    expect(n.members[0].scores).toEqual([{ measure: 'PHQ-9', total: 12, band: 'Moderate' }]);
    expect(n.members[0].fields).toEqual({ subjective: '', objective: '', assessment: '', plan: '' });
    expect(n.group).toEqual({ themes: '', interventions: '', homework: '' });
  });
  it('keeps shared fields when switching to DAP', () => {
    const n = note();
    n.members[0].fields.plan = 'Continue';
    n.members[0].fields.subjective = 'Felt low';
    expect(changeFormat(n, 'DAP').members[0].fields).toEqual({ data: '', assessment: '', plan: 'Continue' });
  });
});

describe('identicalSections', () => {
  it('names members whose sections match ignoring case and spacing, and ignores empty ones', () => {
    const n = note();
    expect(identicalSections(n)).toEqual([]);
    expect(emptySections(n)).toEqual(['Pat', 'Quinn']);
    n.members[0].fields.subjective = 'Engaged well.';
    n.members[1].fields.subjective = '  engaged   WELL. ';
    expect(identicalSections(n)).toEqual([['Pat', 'Quinn']]);
    n.members[1].fields.plan = 'Review homework';
    expect(identicalSections(n)).toEqual([]);
    expect(emptySections(n)).toEqual([]);
  });
});

describe('canonical hashing', () => {
  it('gives the same JSON and hash whatever the key order', async () => {
    const a = { version: 1 as const, text: 'x' };
    const b = JSON.parse('{"text":"x","version":1}');
    expect(canonicalJson(b)).toBe('{"text":"x","version":1}');
    expect(await contentHash(a)).toBe(await contentHash(b));
    expect(await contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentHash({ version: 1, text: 'y' })).not.toBe(await contentHash(a));
  });
  it('sorts nested keys and keeps array order', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

import { describe, expect, it } from 'vitest';
import { localDayRange, plannedJobs } from './reminders';

const group = { id: 'g', timeZone: 'Europe/Berlin', remindDayBefore: true, remindHourBefore: true };
const session = { id: 's1', startsAt: new Date('2026-03-10T17:30:00Z'), sequence: 0 };
const people = [
  { userId: 'pat', role: 'participant' as const, emailReminders: true },
  { userId: 'off', role: 'participant' as const, emailReminders: false },
  { userId: 'fran', role: 'facilitator' as const, emailReminders: true }
];

describe('reminder planning', () => {
  it('plans a day-before and an hour-before reminder per participant and a morning digest per facilitator', () => {
    const jobs = plannedJobs(session, group, people, new Date('2026-03-08T12:00:00Z'));
    expect(jobs.map((j) => [j.kind, j.runAt.toISOString(), j.payload.userId])).toEqual([
      ['reminder', '2026-03-09T17:30:00.000Z', 'pat'],
      ['reminder', '2026-03-10T16:30:00.000Z', 'pat'],
      // 07:00 in Berlin on the session's local date.
      ['digest', '2026-03-10T06:00:00.000Z', 'fran']
    ]);
    expect(jobs[0].dedupeKey).toBe('reminder:s1:0:day:pat');
    expect(jobs[2].dedupeKey).toBe('digest:fran:Europe/Berlin:2026-03-10');
  });

  it('follows the group setting and skips reminders whose time has passed', () => {
    const hourOnly = plannedJobs(session, { ...group, remindDayBefore: false }, people.slice(0, 1), new Date('2026-03-08T12:00:00Z'));
    expect(hourOnly.map((j) => j.payload.offset)).toEqual(['hour']);
    const late = plannedJobs(session, group, people.slice(0, 1), new Date('2026-03-10T12:00:00Z'));
    expect(late.map((j) => j.payload.offset)).toEqual(['hour']);
    expect(plannedJobs(session, group, people, new Date('2026-03-10T18:00:00Z'))).toEqual([]);
  });

  it('gives a moved session new keys, so its reminders follow the new time', () => {
    const moved = { ...session, startsAt: new Date('2026-03-12T17:30:00Z'), sequence: 1 };
    const before = plannedJobs(session, group, people.slice(0, 1), new Date('2026-03-08T12:00:00Z'));
    const after = plannedJobs(moved, group, people.slice(0, 1), new Date('2026-03-08T12:00:00Z'));
    expect(after.map((j) => j.dedupeKey)).not.toEqual(before.map((j) => j.dedupeKey));
    expect(after.every((j) => j.dedupeKey.startsWith('reminder:s1:'))).toBe(true);
  });

  it('puts the digest an hour before a session that starts before 07:00', () => {
    const early = { id: 's2', startsAt: new Date('2026-03-10T05:30:00Z'), sequence: 0 }; // 06:30 Berlin
    const [digest] = plannedJobs(early, group, people.slice(2), new Date('2026-03-08T12:00:00Z'));
    expect(digest.runAt.toISOString()).toBe('2026-03-10T04:30:00.000Z');
  });

  it('knows the UTC bounds of a local day, including a 23-hour one', () => {
    expect(localDayRange('2026-03-29', 'Europe/Berlin')).toEqual({
      from: new Date('2026-03-28T23:00:00Z'),
      to: new Date('2026-03-29T22:00:00Z')
    });
  });
});

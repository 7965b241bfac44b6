import { describe, expect, it } from 'vitest';
import { attendanceCsv, billingSchema, editableUntil, prefillStatus } from './rules';

const start = new Date('2026-03-03T17:30:00Z');
const end = new Date('2026-03-03T19:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('attendance prefill from the room', () => {
  it('reads present, late, left early and absent from join and leave times', () => {
    expect(prefillStatus([{ joinedAt: at(-3), leftAt: at(90) }], start, end)).toBe('present');
    expect(prefillStatus([{ joinedAt: at(25), leftAt: at(90) }], start, end)).toBe('late');
    expect(prefillStatus([{ joinedAt: at(0), leftAt: at(40) }], start, end)).toBe('left_early');
    expect(prefillStatus([], start, end)).toBe('absent_unexcused');
  });

  it('counts a dropped connection that came back as present, and a stay still open as lasting to the end', () => {
    expect(prefillStatus([{ joinedAt: at(0), leftAt: at(30) }, { joinedAt: at(32), leftAt: at(89) }], start, end)).toBe('present');
    expect(prefillStatus([{ joinedAt: at(5), leftAt: null }], start, end)).toBe('present');
  });

  it('stays editable for 7 days after the session ended', () => {
    expect(editableUntil({ startsAt: start, endedAt: end, durationMinutes: 90 })!.toISOString()).toBe('2026-03-10T19:00:00.000Z');
    expect(editableUntil({ startsAt: start, endedAt: null, durationMinutes: 60 })!.toISOString()).toBe('2026-03-10T18:30:00.000Z');
    expect(editableUntil({ startsAt: null, endedAt: null, durationMinutes: 60 })).toBeNull();
  });
});

describe('attendance report', () => {
  const rows = [
    { date: '2026-03-03', time: '18:30', timeZone: 'Europe/Berlin', sessionTitle: 'CBT, week 1', member: '=HYPERLINK("x")', status: 'late' as const, durationMinutes: 90 },
    { date: '2026-03-03', time: '18:30', timeZone: 'Europe/Berlin', sessionTitle: 'CBT, week 1', member: 'Pat', status: null, durationMinutes: 90 }
  ];

  it('writes quoted CSV with inert formulas', () => {
    const csv = attendanceCsv(rows);
    expect(csv.split('\r\n')).toEqual([
      'Date,Time,Time zone,Session,Member,Attendance,Minutes',
      `2026-03-03,18:30,Europe/Berlin,"CBT, week 1","'=HYPERLINK(""x"")",Late,90`,
      '2026-03-03,18:30,Europe/Berlin,"CBT, week 1",Pat,Not confirmed,90',
      ''
    ]);
  });

  it('adds the practice’s billing columns when asked', () => {
    const csv = attendanceCsv(rows.slice(1), { serviceCode: '90853', modifier: '95', placeOfService: '10' });
    expect(csv.split('\r\n')[0]).toBe('Date,Time,Time zone,Session,Member,Attendance,Minutes,Service code,Modifier,Place of service');
    expect(csv.split('\r\n')[1]).toBe('2026-03-03,18:30,Europe/Berlin,"CBT, week 1",Pat,Not confirmed,90,90853,95,10');
  });

  it('accepts short billing codes only', () => {
    expect(billingSchema.safeParse({ billingServiceCode: '90853', billingModifier: '95', billingPlaceOfService: '10' }).success).toBe(true);
    expect(billingSchema.safeParse({ billingServiceCode: '=1+1', billingModifier: null, billingPlaceOfService: null }).success).toBe(false);
  });
});

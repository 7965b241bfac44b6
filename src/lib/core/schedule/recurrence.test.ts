import { describe, expect, it } from 'vitest';
import { occurrences, occurrenceTitle, seriesSchema } from './recurrence';
import { instantOf, isTimeZone, offsetMinutes, wallTimeIn } from './zone';

describe('time zones', () => {
  it('knows real zone names and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('converts wall time to instants and back, with the offset of that day', () => {
    expect(instantOf({ date: '2026-01-13', time: '18:30' }, 'Europe/Berlin').toISOString()).toBe('2026-01-13T17:30:00.000Z');
    expect(instantOf({ date: '2026-07-14', time: '18:30' }, 'Europe/Berlin').toISOString()).toBe('2026-07-14T16:30:00.000Z');
    expect(wallTimeIn(new Date('2026-07-14T16:30:00Z'), 'Europe/Berlin')).toMatchObject({ date: '2026-07-14', time: '18:30', weekday: 2 });
    expect(offsetMinutes(new Date('2026-01-13T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(new Date('2026-01-13T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('moves a time that does not exist forward by the gap, and takes the first of a time that happens twice', () => {
    // Berlin springs forward on 29 March 2026 at 02:00 → 03:00.
    expect(instantOf({ date: '2026-03-29', time: '02:30' }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(wallTimeIn(instantOf({ date: '2026-03-29', time: '02:30' }, 'Europe/Berlin'), 'Europe/Berlin').time).toBe('03:30');
    // and falls back on 25 October 2026 at 03:00 → 02:00: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(instantOf({ date: '2026-10-25', time: '02:30' }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('weekly series', () => {
  const rule = seriesSchema.parse({ title: 'CBT for anxiety', weekday: 2, time: '18:30', startDate: '2026-03-02', count: 10 });

  it('starts on the first chosen weekday on or after the start date and runs weekly', () => {
    const list = occurrences(rule, 'Europe/Berlin');
    expect(list).toHaveLength(10);
    expect(list[0]).toMatchObject({ index: 1, date: '2026-03-03', time: '18:30' });
    expect(list.map((o) => o.date).slice(0, 3)).toEqual(['2026-03-03', '2026-03-10', '2026-03-17']);
    expect(list[9].date).toBe('2026-05-05');
  });

  it('keeps the local time across a daylight-saving change: the UTC time moves instead', () => {
    const list = occurrences(rule, 'Europe/Berlin');
    // 24 March is still CET (UTC+1); 31 March is CEST (UTC+2).
    expect(list[3].startsAt.toISOString()).toBe('2026-03-24T17:30:00.000Z');
    expect(list[4].startsAt.toISOString()).toBe('2026-03-31T16:30:00.000Z');
    for (const o of list) expect(wallTimeIn(o.startsAt, 'Europe/Berlin')).toMatchObject({ date: o.date, time: '18:30', weekday: 2 });
    // New York changes on 8 March, three weeks before Berlin: seen from Berlin the session moves for those weeks only.
    const ny = occurrences(rule, 'America/New_York');
    expect(ny.map((o) => o.startsAt.getUTCHours())).toEqual([23, 22, 22, 22, 22, 22, 22, 22, 22, 22]);
    expect(new Set(ny.map((o) => wallTimeIn(o.startsAt, 'America/New_York').time))).toEqual(new Set(['18:30']));
  });

  it('ends on an end date, inclusive', () => {
    const byDate = seriesSchema.parse({ title: 'DBT skills', weekday: 4, time: '10:00', startDate: '2026-10-01', endDate: '2026-10-29' });
    const list = occurrences(byDate, 'Europe/London');
    expect(list.map((o) => o.date)).toEqual(['2026-10-01', '2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29']);
    // London falls back on 25 October: 10:00 BST is 09:00Z, 10:00 GMT is 10:00Z.
    expect(list[3].startsAt.toISOString()).toBe('2026-10-22T09:00:00.000Z');
    expect(list[4].startsAt.toISOString()).toBe('2026-10-29T10:00:00.000Z');
  });

  it('refuses unclear or oversized series with a reason per field', () => {
    const both = seriesSchema.safeParse({ title: 'x', weekday: 2, time: '18:30', startDate: '2026-03-02', count: 3, endDate: '2026-04-01' });
    expect(both.success).toBe(false);
    expect(both.error!.issues[0]).toMatchObject({ path: ['count'], message: 'Give either a number of sessions or an end date.' });
    expect(seriesSchema.safeParse({ title: 'x', weekday: 2, time: '25:00', startDate: '2026-03-02', count: 3 }).success).toBe(false);
    expect(seriesSchema.safeParse({ title: 'x', weekday: 2, time: '18:30', startDate: '2026-02-30', count: 3 }).success).toBe(false);
    expect(seriesSchema.safeParse({ title: 'x', weekday: 2, time: '18:30', startDate: '2026-03-02', count: 53 }).success).toBe(false);
    const long = seriesSchema.safeParse({ title: 'x', weekday: 2, time: '18:30', startDate: '2026-01-01', endDate: '2027-06-01' });
    expect(long.error!.issues[0]).toMatchObject({ path: ['endDate'], message: 'A series has at most 52 sessions.' });
    const early = seriesSchema.safeParse({ title: 'x', weekday: 2, time: '18:30', startDate: '2026-03-02', endDate: '2026-03-01' });
    expect(early.error!.issues[0].message).toBe('The end date is before the start date.');
  });

  it('numbers the sessions of a series', () => {
    expect(occurrenceTitle('CBT for anxiety', 3, 10)).toBe('CBT for anxiety (3 of 10)');
  });
});

import { describe, expect, it } from 'vitest';
import { isComplete, nextSessionForHomework } from './homework';

const NOW = new Date('2026-03-02T12:00:00Z');

describe('nextSessionForHomework', () => {
  it('picks the soonest scheduled session still to come', () => {
    const sessions = [
      { id: 'later', status: 'scheduled' as const, startsAt: '2026-03-16T18:00:00Z' },
      { id: 'past', status: 'scheduled' as const, startsAt: '2026-03-01T18:00:00Z' },
      { id: 'live', status: 'live' as const, startsAt: '2026-03-03T18:00:00Z' },
      { id: 'undated', status: 'scheduled' as const, startsAt: null },
      { id: 'next', status: 'scheduled' as const, startsAt: '2026-03-09T18:00:00Z' }
    ];
    expect(nextSessionForHomework(sessions, NOW)?.id).toBe('next');
  });

  it('has none when nothing is scheduled ahead', () => {
    expect(nextSessionForHomework([{ id: 'a', status: 'ended', startsAt: '2026-03-09T18:00:00Z' }], NOW)).toBeNull();
    expect(nextSessionForHomework([], NOW)).toBeNull();
  });
});

describe('isComplete', () => {
  it('is complete only when every counted answer is given', () => {
    expect(isComplete({ answered: 3, total: 3, sections: [] })).toBe(true);
    expect(isComplete({ answered: 2, total: 3, sections: [] })).toBe(false);
    expect(isComplete({ answered: 0, total: 0, sections: [] })).toBe(false);
  });
});

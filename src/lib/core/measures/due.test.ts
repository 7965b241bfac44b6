import { describe, expect, it } from 'vitest';
import { targetSession, type SessionSlot } from './due';

const ended: SessionSlot = { id: 'past', status: 'ended', startsAt: 1 };
const later: SessionSlot = { id: 'later', status: 'scheduled', startsAt: 3000 };
const next: SessionSlot = { id: 'next', status: 'scheduled', startsAt: 2000 };
const unplanned: SessionSlot = { id: 'unplanned', status: 'scheduled', startsAt: null };
const live: SessionSlot = { id: 'live', status: 'live', startsAt: 1000 };

describe('which session a measure is answered for', () => {
  it('at session start: only the live session', () => {
    expect(targetSession('session_start', [ended, next])).toBeNull();
    expect(targetSession('session_start', [ended, live, next])).toBe('live');
  });

  it('as homework: the live session, else the next planned one, else an unplanned one', () => {
    expect(targetSession('homework', [unplanned, later, live, next])).toBe('live');
    expect(targetSession('homework', [unplanned, later, ended, next])).toBe('next');
    expect(targetSession('homework', [ended, unplanned])).toBe('unplanned');
    expect(targetSession('homework', [ended])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createSessionSchema, isEditable, isMoved, nextSequence, nextStatus } from './rules';

describe('session status', () => {
  it('starts a scheduled session and ends a live one', () => {
    expect(nextStatus('scheduled', 'start')).toEqual({ ok: true, status: 'live' });
    expect(nextStatus('live', 'end')).toEqual({ ok: true, status: 'ended' });
  });

  it('refuses transitions out of order with a reason', () => {
    expect(nextStatus('live', 'start')).toEqual({ ok: false, reason: 'This session is already live.' });
    expect(nextStatus('ended', 'start')).toEqual({ ok: false, reason: 'This session has ended.' });
    expect(nextStatus('scheduled', 'end')).toEqual({ ok: false, reason: 'This session has not started.' });
    expect(nextStatus('ended', 'end')).toEqual({ ok: false, reason: 'This session has already ended.' });
  });

  it('only lets scheduled sessions be edited', () => {
    expect(isEditable('scheduled')).toBe(true);
    expect(isEditable('live')).toBe(false);
    expect(isEditable('ended')).toBe(false);
  });
});

describe('createSessionSchema', () => {
  it('defaults the duration and accepts an ISO start', () => {
    const parsed = createSessionSchema.parse({ title: 'Session 1', startsAt: '2026-12-01T18:00:00.000Z' });
    expect(parsed.durationMinutes).toBe(90);
  });

  it('refuses a missing title and a duration out of range', () => {
    const result = createSessionSchema.safeParse({ title: ' ', durationMinutes: 5 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['title', 'durationMinutes']));
  });
});

describe('moving and cancelling one session', () => {
  it('cancels only scheduled sessions, with a reason otherwise', () => {
    expect(nextStatus('scheduled', 'cancel')).toEqual({ ok: true, status: 'cancelled' });
    expect(nextStatus('live', 'cancel')).toEqual({ ok: false, reason: 'This session is live. End it instead.' });
    expect(nextStatus('cancelled', 'cancel')).toEqual({ ok: false, reason: 'This session is already cancelled.' });
    expect(nextStatus('cancelled', 'start')).toEqual({ ok: false, reason: 'This session was cancelled.' });
    expect(isEditable('cancelled')).toBe(false);
  });

  it('bumps the calendar sequence for a move, a new length or a cancellation, not for a new title', () => {
    expect(nextSequence(0, { startsAt: true })).toBe(1);
    expect(nextSequence(1, { durationMinutes: true })).toBe(2);
    expect(nextSequence(2, { status: true })).toBe(3);
    expect(nextSequence(3, {})).toBe(3);
  });

  it('tells a moved series session from one in its place', () => {
    expect(isMoved({ startsAt: '2026-03-12T17:30:00.000Z', originalStartsAt: '2026-03-10T17:30:00.000Z' })).toBe(true);
    expect(isMoved({ startsAt: '2026-03-10T17:30:00.000Z', originalStartsAt: '2026-03-10T17:30:00.000Z' })).toBe(false);
    expect(isMoved({ startsAt: '2026-03-10T17:30:00.000Z', originalStartsAt: null })).toBe(false);
  });
});

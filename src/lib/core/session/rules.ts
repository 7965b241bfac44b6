import { z } from 'zod';

/** A session is one meeting of a group. */
export const SESSION_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const DEFAULT_DURATION_MINUTES = 90;

const title = z.string().trim().min(1, 'Give the session a title.').max(120, 'Use at most 120 characters.');
const startsAt = z.iso.datetime({ offset: true, error: 'Enter a date and time.' });
const durationMinutes = z
  .number()
  .int('Enter whole minutes.')
  .min(10, 'A session lasts at least 10 minutes.')
  .max(240, 'A session lasts at most 4 hours.');

export const createSessionSchema = z.object({
  title,
  startsAt: startsAt.optional(),
  durationMinutes: durationMinutes.default(DEFAULT_DURATION_MINUTES)
});
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

export const updateSessionSchema = z
  .object({ title, startsAt, durationMinutes })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'Nothing to change.');

export type SessionTransition = 'start' | 'end' | 'cancel';

const TRANSITIONS: Record<SessionTransition, { from: readonly SessionStatus[]; to: SessionStatus }> = {
  start: { from: ['scheduled'], to: 'live' },
  end: { from: ['live'], to: 'ended' },
  /** A cancelled session stays listed (as cancelled) so members see it will not happen. */
  cancel: { from: ['scheduled'], to: 'cancelled' }
};

/** The status after `transition`, or an explanation of why it cannot happen. */
export function nextStatus(
  current: SessionStatus,
  transition: SessionTransition
): { ok: true; status: SessionStatus } | { ok: false; reason: string } {
  const rule = TRANSITIONS[transition];
  if (rule.from.includes(current)) return { ok: true, status: rule.to };
  const reasons: Record<SessionTransition, string> = {
    start:
      current === 'live' ? 'This session is already live.' : current === 'cancelled' ? 'This session was cancelled.' : 'This session has ended.',
    end:
      current === 'scheduled'
        ? 'This session has not started.'
        : current === 'cancelled'
          ? 'This session was cancelled.'
          : 'This session has already ended.',
    cancel:
      current === 'live'
        ? 'This session is live. End it instead.'
        : current === 'cancelled'
          ? 'This session is already cancelled.'
          : 'This session has ended.'
  };
  return { ok: false, reason: reasons[transition] };
}

/** Only scheduled sessions can be edited; live and past ones are a record. */
export function isEditable(status: SessionStatus): boolean {
  return status === 'scheduled';
}

/**
 * The calendar revision (iCalendar SEQUENCE) after a change: moving, resizing or cancelling a session is a change
 * calendars must pick up; a new title alone is not.
 */
export function nextSequence(sequence: number, changed: { startsAt?: boolean; durationMinutes?: boolean; status?: boolean }): number {
  return changed.startsAt || changed.durationMinutes || changed.status ? sequence + 1 : sequence;
}

/** A series session moved away from its place in the series. */
export function isMoved(session: { startsAt: string | null; originalStartsAt?: string | null }): boolean {
  return !!session.originalStartsAt && !!session.startsAt && session.originalStartsAt !== session.startsAt;
}

export interface GroupSession {
  id: string;
  groupId: string;
  title: string;
  startsAt: string | null;
  durationMinutes: number;
  status: SessionStatus;
  /** Set for sessions of a series: which series, the position in it, and where the series first put it. */
  seriesId: string | null;
  seriesIndex: number | null;
  originalStartsAt: string | null;
  /** iCalendar SEQUENCE: bumped when the session moves, changes length or is cancelled. */
  sequence: number;
  cancelledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface AttendanceRecord {
  userId: string;
  displayName: string;
  joinedAt: string;
  leftAt: string | null;
}

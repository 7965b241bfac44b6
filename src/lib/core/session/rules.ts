import { z } from 'zod';

/** A session is one meeting of a group. */
export const SESSION_STATUSES = ['scheduled', 'live', 'ended'] as const;
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

export type SessionTransition = 'start' | 'end';

const TRANSITIONS: Record<SessionTransition, { from: readonly SessionStatus[]; to: SessionStatus }> = {
  start: { from: ['scheduled'], to: 'live' },
  end: { from: ['live'], to: 'ended' }
};

/** The status after `transition`, or an explanation of why it cannot happen. */
export function nextStatus(
  current: SessionStatus,
  transition: SessionTransition
): { ok: true; status: SessionStatus } | { ok: false; reason: string } {
  const rule = TRANSITIONS[transition];
  if (rule.from.includes(current)) return { ok: true, status: rule.to };
  const reasons: Record<SessionTransition, string> = {
    start: current === 'live' ? 'This session is already live.' : 'This session has ended.',
    end: current === 'scheduled' ? 'This session has not started.' : 'This session has already ended.'
  };
  return { ok: false, reason: reasons[transition] };
}

/** Only scheduled sessions can be edited; live and past ones are a record. */
export function isEditable(status: SessionStatus): boolean {
  return status === 'scheduled';
}

export interface GroupSession {
  id: string;
  groupId: string;
  title: string;
  startsAt: string | null;
  durationMinutes: number;
  status: SessionStatus;
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

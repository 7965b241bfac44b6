/**
 * Which session a scheduled measure is answered for, right now: a session-start measure only while a session is live
 * (the check-in, before the first agenda step); homework for the live session or, before it, the next scheduled one.
 * The server decides this itself; the form sends the session it was shown and is refused if it no longer matches.
 */
import type { SessionStatus } from '../session/rules';
import type { MeasureTiming } from './schema';

export interface SessionSlot {
  id: string;
  status: SessionStatus;
  /** Planned start in ms since the epoch, or null when not planned. */
  startsAt: number | null;
}

export function targetSession(timing: MeasureTiming, sessions: readonly SessionSlot[]): string | null {
  const live = sessions.find((session) => session.status === 'live');
  if (live) return live.id;
  if (timing === 'session_start') return null;
  const upcoming = sessions
    .filter((session) => session.status === 'scheduled')
    .sort((a, b) => (a.startsAt ?? Number.POSITIVE_INFINITY) - (b.startsAt ?? Number.POSITIVE_INFINITY));
  return upcoming[0]?.id ?? null;
}

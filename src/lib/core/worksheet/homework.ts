/** Homework rules shared by the server and the pages: which session homework is due by, and when a copy is done. */
import type { SessionStatus } from '../session/rules';
import type { Progress } from './values';

export interface SessionChoice {
  id: string;
  status: SessionStatus;
  startsAt: string | null;
}

/** The next scheduled session with a start time after `now` (the soonest), or null: homework is due by it. */
export function nextSessionForHomework<S extends SessionChoice>(sessions: readonly S[], now: Date): S | null {
  const upcoming = sessions.filter((s) => s.status === 'scheduled' && s.startsAt !== null && Date.parse(s.startsAt) > now.getTime());
  upcoming.sort((a, b) => Date.parse(a.startsAt!) - Date.parse(b.startsAt!));
  return upcoming[0] ?? null;
}

/** A copy is complete when everything its progress counts is answered (and there is something to answer). */
export function isComplete(progress: Progress): boolean {
  return progress.total > 0 && progress.answered === progress.total;
}

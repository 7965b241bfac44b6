/** Settings of the live session rooms, from the environment (read by server/config.ts). */
import type { RoomServiceOptions } from './service';

export const DEFAULT_LEAVE_GRACE_MS = 20_000;

/** ROOM_LEAVE_GRACE_MS: how long a dropped connection counts as "reconnecting" before the person has left. */
export function roomOptionsFromEnv(env: Record<string, string | undefined>): RoomServiceOptions {
  const grace = Number(env.ROOM_LEAVE_GRACE_MS);
  return { leaveGraceMs: Number.isFinite(grace) && grace >= 0 && env.ROOM_LEAVE_GRACE_MS !== '' ? grace : DEFAULT_LEAVE_GRACE_MS };
}

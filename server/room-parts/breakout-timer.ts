/**
 * Ends each room's breakout when its time is up: one timer per room with pairs working, set again whenever the end
 * time changes, cleared when the pairs return early or the room ends. The room service calls `follow` after every
 * accepted change, when a stream opens, and for every live room with pairs working when the process starts
 * (RoomService.resumeBreakouts, from server/compose.ts), so a restart never leaves pairs past their time.
 */
import type { RoomState } from '../../src/lib/core/room';
import type { SessionRecord } from '../storage/store';

export class BreakoutTimers {
  private readonly timers = new Map<string, { endsAt: number; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly now: () => number,
    private readonly timeUp: (session: SessionRecord) => void
  ) {}

  follow(session: SessionRecord, state: RoomState): void {
    const breakout = state.ended ? null : (state.parts?.breakout ?? null);
    const current = this.timers.get(session.id);
    if (current && current.endsAt === breakout?.endsAt) return;
    if (current) clearTimeout(current.timer);
    this.timers.delete(session.id);
    if (!breakout) return;
    // A little after the end, so the server clock agrees the time is up when the event is applied.
    const timer = setTimeout(() => {
      this.timers.delete(session.id);
      this.timeUp(session);
    }, Math.max(0, breakout.endsAt - this.now()) + 50);
    timer.unref?.();
    this.timers.set(session.id, { endsAt: breakout.endsAt, timer });
  }

  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

import { describe, expect, it } from 'vitest';
import { act, FACILITATOR, ANA, BEN, roomWith } from '../../src/lib/core/room/testing';
import type { SessionRecord } from '../storage/store';
import { BreakoutTimers } from './breakout-timer';

const session = { id: 's1', groupId: 'g1' } as SessionRecord;
const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('BreakoutTimers', () => {
  it('fires once when the time is up, and not when the pairs came back early', async () => {
    const running = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_breakout', minutes: 1 });
    const endsAt = running.parts!.breakout!.endsAt;
    const fired: string[] = [];
    // The clock says the minute is nearly over.
    const timers = new BreakoutTimers(() => endsAt - 30, (s) => fired.push(s.id));
    timers.follow(session, running);
    timers.follow(session, running); // the same end time again: still one timer
    await waitFor(() => fired.length > 0);
    expect(fired).toEqual(['s1']);

    const early = new BreakoutTimers(() => endsAt - 30, (s) => fired.push(`early ${s.id}`));
    early.follow(session, running);
    early.follow(session, act(running, FACILITATOR, { type: 'end_breakout' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fired).toEqual(['s1']);
    timers.close();
    early.close();
  });
});

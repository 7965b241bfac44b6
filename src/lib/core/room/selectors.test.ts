import { describe, expect, it } from 'vitest';
import { isNext, notSpokenYet, sessionClockMs, sharedView, talkTimeList, upNext } from './selectors';
import { ANA, BEN, CAT, FACILITATOR, MINUTE, T0, act, join, observe, roomWith } from './testing';

describe('room selectors', () => {
  it('says who is next: the first hand present, or the next person in a running go-around', () => {
    let state = roomWith(ANA, BEN, CAT);
    expect(upNext(state)).toBeNull();
    state = act(state, CAT, { type: 'raise_hand' }, T0 + 1000);
    expect(isNext(state, 'cat')).toBe(true);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 2000);
    expect(upNext(state)).toBe('ben');
    expect(isNext(state, 'cat')).toBe(false);
  });

  it('lists participants present who have not spoken yet (a pass is not speaking)', () => {
    let state = act(roomWith(ANA, BEN, CAT), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 1000);
    state = act(state, BEN, { type: 'pass_turn' }, T0 + 2000);
    state = observe(state, { type: 'person_left', userId: 'cat' });
    state = join(state, { userId: 'dan', role: 'participant' });
    state = act(state, FACILITATOR, { type: 'admit', userId: 'dan' });
    expect(notSpokenYet(state).map((person) => person.userId)).toEqual(['ben', 'dan']);
  });

  it('lists talk time for everyone who has been in the room', () => {
    let state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'call_person', userId: 'ben' }, T0);
    state = join(state, CAT);
    expect(talkTimeList(state, T0 + 45_000)).toEqual([
      { userId: 'fay', displayName: 'Fay', talkMs: 0 },
      { userId: 'ana', displayName: 'Ana', talkMs: 0 },
      { userId: 'ben', displayName: 'Ben', talkMs: 45_000 }
    ]);
  });

  it('runs the session clock from the opening and stops it at the end', () => {
    let state = roomWith(ANA);
    expect(sessionClockMs(state, T0 + 3 * MINUTE)).toBe(3 * MINUTE);
    state = act(state, FACILITATOR, { type: 'end_session' }, T0 + 50 * MINUTE);
    expect(sessionClockMs(state, T0 + 70 * MINUTE)).toBe(50 * MINUTE);
  });

  it('shares with everyone only what everyone may see', () => {
    let state = roomWith(ANA, BEN);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 1000);
    state = act(state, FACILITATOR, { type: 'remove', userId: 'ana' }, T0 + 2000);
    state = join(state, CAT);
    const view = sharedView(state);
    expect(view.people).toEqual([
      { userId: 'fay', displayName: 'Fay', role: 'facilitator', presence: 'admitted' },
      { userId: 'ben', displayName: 'Ben', role: 'participant', presence: 'admitted' }
    ]);
    expect(view).not.toHaveProperty('turns');
    expect(view).not.toHaveProperty('supportSignals');
    expect(view.currentTurn?.userId).toBe('ben');
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

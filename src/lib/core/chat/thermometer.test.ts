import { describe, expect, it } from 'vitest';
import { applyCommand, openSupportSignals, sharedView, statusOf, summarise } from '../room';
import { parseRoomCommand } from '../room/command-schema';
import { ANA, BEN, CAT, FACILITATOR, T0, accepted, act, expectRefused, roomWith } from '../room/testing';
import { DEFAULT_LOW_AT, openRound, spreadOf } from './thermometer';

const ask = (lowAt?: number | null) => act(roomWith(ANA, BEN), FACILITATOR, { type: 'ask_thermometer', ...(lowAt !== undefined ? { lowAt } : {}) }, T0 + 1000);

describe('the thermometer check-in', () => {
  it('is asked by a facilitator, never by a participant', () => {
    expectRefused(applyCommand(roomWith(ANA), { type: 'ask_thermometer' }, ANA, T0), 'forbidden');
    const state = ask();
    expect(openRound(state)).toMatchObject({ id: 't1', askedBy: 'fay', lowAt: DEFAULT_LOW_AT, showSpread: false, answers: [] });
    expectRefused(applyCommand(state, { type: 'ask_thermometer' }, FACILITATOR, T0), 'conflict');
  });

  it('keeps each answer private: facilitators have them, the shared view and other members never do', () => {
    let state = ask();
    state = act(state, ANA, { type: 'answer_thermometer', roundId: 't1', value: 7 }, T0 + 2000);
    state = act(state, BEN, { type: 'answer_thermometer', roundId: 't1', value: 5 }, T0 + 3000);
    expect(state.thermometer!.rounds[0]!.answers.map((a) => [a.userId, a.value])).toEqual([['ana', 7], ['ben', 5]]);
    const view = sharedView(state);
    expect(view.thermometer).toEqual({ roundId: 't1', open: true, answered: 2, spread: null });
    expect(JSON.stringify(view)).not.toMatch(/"value"/);
    expect(statusOf(state, 'ana').answeredRound).toBe('t1');
    expect(statusOf(state, 'cat').answeredRound).toBeNull();
  });

  it('lets a member change their answer while the round is open (one answer each), and not after it closed', () => {
    let state = ask();
    state = act(state, ANA, { type: 'answer_thermometer', roundId: 't1', value: 7 });
    state = act(state, ANA, { type: 'answer_thermometer', roundId: 't1', value: 6 });
    expect(state.thermometer!.rounds[0]!.answers).toHaveLength(1);
    expect(state.thermometer!.rounds[0]!.answers[0]!.value).toBe(6);
    state = act(state, FACILITATOR, { type: 'close_thermometer' });
    expectRefused(applyCommand(state, { type: 'answer_thermometer', roundId: 't1', value: 2 }, ANA, T0), 'conflict');
    expectRefused(applyCommand(ask(), { type: 'answer_thermometer', roundId: 't9', value: 2 }, ANA, T0), 'conflict');
  });

  it('is for members: a facilitator’s own answer is refused', () => {
    expectRefused(applyCommand(ask(), { type: 'answer_thermometer', roundId: 't1', value: 5 }, FACILITATOR, T0), 'conflict');
  });

  it('refuses answers outside 0–10 or not whole, and anything but the round and the value', () => {
    for (const value of [-1, 11, 2.5, '5', null]) {
      const parsed = parseRoomCommand({ type: 'answer_thermometer', roundId: 't1', value });
      expect(parsed.ok || parsed.error.details).toEqual({ fields: { value: expect.stringMatching(/0 to 10/) } });
    }
    expect(parseRoomCommand({ type: 'answer_thermometer', roundId: 't1', value: 3, userId: 'ben' }).ok).toBe(false);
    expect(parseRoomCommand({ type: 'answer_thermometer', roundId: 't1', value: 10 }).ok).toBe(true);
  });

  it('raises the support signal privately for an answer at or below the threshold, once per round', () => {
    const state = ask(2);
    const high = accepted(applyCommand(state, { type: 'answer_thermometer', roundId: 't1', value: 3 }, ANA, T0 + 5));
    expect(openSupportSignals(high.state)).toHaveLength(0);
    const low = accepted(applyCommand(high.state, { type: 'answer_thermometer', roundId: 't1', value: 2 }, ANA, T0 + 6));
    expect(openSupportSignals(low.state)).toEqual([expect.objectContaining({ userId: 'ana', thermometer: { roundId: 't1', value: 2 } })]);
    expect(low.effects).toContainEqual(
      expect.objectContaining({ type: 'notify_facilitators', alert: expect.objectContaining({ kind: 'support_signal', userId: 'ana', thermometer: { roundId: 't1', value: 2 } }) })
    );
    expect(low.effects).toContainEqual(expect.objectContaining({ type: 'audit', action: 'room.thermometer_low' }));
    // The member did not ask, so they are not told; the value never reaches the shared view or the audit details.
    expect(low.effects.filter((effect) => effect.type === 'notify')).toEqual([]);
    expect(JSON.stringify(sharedView(low.state))).not.toMatch(/support/);
    const again = accepted(applyCommand(low.state, { type: 'answer_thermometer', roundId: 't1', value: 1 }, ANA, T0 + 7));
    expect(openSupportSignals(again.state)).toHaveLength(1);
  });

  it('raises no alert in a round asked without a threshold', () => {
    const state = act(ask(null), ANA, { type: 'answer_thermometer', roundId: 't1', value: 0 });
    expect(openSupportSignals(state)).toHaveLength(0);
  });

  it('shows members the anonymous spread only when a facilitator chooses to', () => {
    let state = act(roomWith(ANA, BEN, CAT), FACILITATOR, { type: 'ask_thermometer' });
    state = act(state, ANA, { type: 'answer_thermometer', roundId: 't1', value: 7 });
    state = act(state, BEN, { type: 'answer_thermometer', roundId: 't1', value: 7 });
    state = act(state, CAT, { type: 'answer_thermometer', roundId: 't1', value: 4 });
    expect(sharedView(state).thermometer!.spread).toBeNull();
    state = act(state, FACILITATOR, { type: 'show_thermometer_spread', show: true });
    const spread = sharedView(state).thermometer!.spread!;
    expect(spread).toEqual(spreadOf([{ value: 7 }, { value: 7 }, { value: 4 }]));
    expect(spread[7]).toBe(2);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(3);
    expectRefused(applyCommand(state, { type: 'show_thermometer_spread', show: false }, ANA, T0), 'forbidden');
  });

  it('is kept in the summary: each answer, the spread, lowest and median', () => {
    let state = ask();
    state = act(state, ANA, { type: 'answer_thermometer', roundId: 't1', value: 8 });
    state = act(state, BEN, { type: 'answer_thermometer', roundId: 't1', value: 3 });
    state = act(state, FACILITATOR, { type: 'close_thermometer' }, T0 + 9000);
    const [line] = summarise(state, T0 + 10_000).thermometer;
    expect(line).toMatchObject({ roundId: 't1', closedAt: T0 + 9000, lowest: 3, median: 5.5 });
    expect(line!.answers).toEqual([
      { userId: 'ana', displayName: 'Ana', value: 8 },
      { userId: 'ben', displayName: 'Ben', value: 3 }
    ]);
    expect(line!.spread[3]).toBe(1);
    expect(summarise(state, T0).supportSignals[0]).toMatchObject({ userId: 'ben', thermometer: { value: 3 } });
  });
});

describe('chat and reaction settings', () => {
  it('are the facilitators’ to change, and read by everyone through the shared view', () => {
    expectRefused(applyCommand(roomWith(ANA), { type: 'set_chat_mode', mode: 'off' }, ANA, T0), 'forbidden');
    let state = act(roomWith(ANA), FACILITATOR, { type: 'set_chat_mode', mode: 'announcements' });
    state = act(state, FACILITATOR, { type: 'set_reactions', on: false });
    expect(sharedView(state).talk).toEqual({ chat: 'announcements', reactions: false });
  });
});

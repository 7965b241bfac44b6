import { describe, expect, it } from 'vitest';
import { applyCommand } from './reducer';
import { ANA, BEN, FACILITATOR, MINUTE, T0, act, expectRefused, roomWith } from './testing';
import { hasSpoken, talkTimes, timerStatus } from './timer';

describe('timerStatus', () => {
  const turn = { startedAt: T0, lengthMs: 2 * MINUTE };

  it('counts down while the turn runs', () => {
    expect(timerStatus(turn, T0)).toEqual({ status: 'running', elapsedMs: 0, remainingMs: 120_000 });
    expect(timerStatus(turn, T0 + 119_999)).toEqual({ status: 'running', elapsedMs: 119_999, remainingMs: 1 });
  });

  it('turns into overtime at the end instead of cutting the speaker off', () => {
    expect(timerStatus(turn, T0 + 120_000)).toEqual({ status: 'overtime', elapsedMs: 120_000, overMs: 0 });
    expect(timerStatus(turn, T0 + 150_000)).toEqual({ status: 'overtime', elapsedMs: 150_000, overMs: 30_000 });
  });

  it('treats a clock slightly behind the start as no time elapsed', () => {
    expect(timerStatus(turn, T0 - 500)).toEqual({ status: 'running', elapsedMs: 0, remainingMs: 120_000 });
  });
});

describe('turns', () => {
  it('keeps an overtime turn running until someone ends it', () => {
    let state = act(roomWith(ANA), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, FACILITATOR, { type: 'add_step', step: { title: 'Break', plannedMinutes: 5, tool: 'break' } }, T0 + 5 * MINUTE);
    expect(state.currentTurn?.userId).toBe('ana');
    expect(timerStatus(state.currentTurn!, T0 + 10 * MINUTE).status).toBe('overtime');
    state = act(state, ANA, { type: 'finish_turn' }, T0 + 10 * MINUTE);
    expect(state.turns[0]).toMatchObject({ userId: 'ana', endedAt: T0 + 10 * MINUTE });
  });

  it('uses the default length set by a facilitator for the next turns, not the running one', () => {
    let state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, FACILITATOR, { type: 'set_turn_length', seconds: 90 }, T0 + 1000);
    expect(state.turnLengthMs).toBe(90_000);
    expect(state.currentTurn?.lengthMs).toBe(120_000);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 2000);
    expect(state.currentTurn?.lengthMs).toBe(90_000);
  });

  it('refuses finishing or passing when it is not your turn', () => {
    const state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    expectRefused(applyCommand(state, { type: 'finish_turn' }, BEN, T0), 'conflict');
    const error = expectRefused(applyCommand(state, { type: 'pass_turn' }, BEN, T0), 'conflict');
    expect(error.message).toMatch(/not your turn/);
    expectRefused(applyCommand(state, { type: 'finish_turn', userId: 'ben' }, FACILITATOR, T0), 'conflict');
  });

  it('does not count a passed turn as talk time', () => {
    let state = act(roomWith(ANA), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, ANA, { type: 'pass_turn' }, T0 + 3000);
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toEqual([]);
    expect(hasSpoken(state, 'ana')).toBe(false);
  });

  it('sums talk time per person over ended turns and the running one', () => {
    let state = roomWith(ANA, BEN);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 30_000);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ana' }, T0 + 50_000);
    const totals = talkTimes(state, T0 + 65_000);
    expect(totals.get('ana')).toBe(30_000 + 15_000);
    expect(totals.get('ben')).toBe(20_000);
    expect(totals.has('fay')).toBe(false);
  });
});

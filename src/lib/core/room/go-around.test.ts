import { describe, expect, it } from 'vitest';
import { type Actor, applyCommand } from './reducer';
import { shuffle } from './go-around';
import { upNext } from './selectors';
import type { RoomState } from './state';
import { ANA, BEN, CAT, CO_FACILITATOR, FACILITATOR, T0, act, expectRefused, join, observe, roomWith } from './testing';

const DAN: Actor = { userId: 'dan', role: 'participant' };

const entries = (state: RoomState) => state.goAround!.entries.map((entry) => `${entry.userId}:${entry.status}`);

function roundOf(...people: Actor[]) {
  return act(roomWith(...people), FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 1000);
}

describe('starting a go-around', () => {
  it('goes over the participants present in the order they are listed, starting with the first', () => {
    const state = roundOf(ANA, BEN, CAT);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting', 'cat:waiting']);
    expect(state.currentTurn).toEqual({ userId: 'ana', startedAt: T0 + 1000, lengthMs: 120_000, source: 'go_around' });
    expect(upNext(state)).toBe('ben');
  });

  it('includes facilitators only when asked', () => {
    const state = act(roomWith(ANA), FACILITATOR, { type: 'start_go_around', order: 'listed', includeFacilitators: true });
    expect(entries(state)).toEqual(['fay:speaking', 'ana:waiting']);
  });

  it('leaves out people who are reconnecting or waiting', () => {
    let state = observe(roomWith(ANA, BEN), { type: 'person_disconnected', userId: 'ana' });
    state = join(state, CAT);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' });
    expect(entries(state)).toEqual(['ben:speaking']);
  });

  it('shuffles with a seed: the same seed gives the same order, and the order holds everyone once', () => {
    const room = roomWith(ANA, BEN, CAT, DAN);
    const first = act(room, FACILITATOR, { type: 'start_go_around', order: 'shuffled', seed: 12345 });
    const again = act(room, FACILITATOR, { type: 'start_go_around', order: 'shuffled', seed: 12345 });
    expect(entries(again)).toEqual(entries(first));
    expect(first.goAround!.entries.map((entry) => entry.userId).sort()).toEqual(['ana', 'ben', 'cat', 'dan']);
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) => shuffle(['ana', 'ben', 'cat', 'dan'], seed).join(','))
    );
    expect(orders.size).toBeGreaterThan(5);
  });

  it('follows a custom order, which may name a facilitator', () => {
    const state = act(roomWith(ANA, BEN, CAT), FACILITATOR, { type: 'start_go_around', order: 'custom', customOrder: ['cat', 'fay', 'ana'] });
    expect(entries(state)).toEqual(['cat:speaking', 'fay:waiting', 'ana:waiting']);
    expect(state.goAround!.includeFacilitators).toBe(true);
  });

  it('refuses a custom order with someone twice or someone not in the room', () => {
    const room = roomWith(ANA, BEN);
    const twice = expectRefused(applyCommand(room, { type: 'start_go_around', order: 'custom', customOrder: ['ana', 'ana'] }, FACILITATOR, T0), 'validation_failed');
    expect(twice.details).toEqual({ fields: { customOrder: 'Each person can appear only once.' } });
    expectRefused(applyCommand(room, { type: 'start_go_around', order: 'custom', customOrder: ['ana', 'zed'] }, FACILITATOR, T0), 'not_found');
  });

  it('refuses a second round while one runs, and a round with no one to go around', () => {
    expectRefused(applyCommand(roundOf(ANA), { type: 'start_go_around', order: 'listed' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(roomWith(), { type: 'start_go_around', order: 'listed' }, FACILITATOR, T0), 'conflict');
  });

  it('ends a queue turn that was running and counts it', () => {
    let state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'call_person', userId: 'ben' }, T0);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 20_000);
    expect(state.turns).toEqual([{ userId: 'ben', startedAt: T0, endedAt: T0 + 20_000, source: 'called' }]);
    expect(state.currentTurn?.userId).toBe('ana');
  });
});

describe('moving through a go-around', () => {
  it('hands the turn on when the speaker finishes or passes, and finishes after the last', () => {
    let state = roundOf(ANA, BEN, CAT);
    state = act(state, ANA, { type: 'finish_turn' }, T0 + 61_000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:speaking', 'cat:waiting']);
    state = act(state, BEN, { type: 'pass_turn' }, T0 + 65_000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:passed', 'cat:speaking']);
    state = act(state, CAT, { type: 'finish_turn' }, T0 + 95_000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:passed', 'cat:spoke']);
    expect(state.goAround!.finishedAt).toBe(T0 + 95_000);
    expect(state.currentTurn).toBeNull();
    expect(state.turns.map((turn) => [turn.userId, turn.endedAt - turn.startedAt])).toEqual([
      ['ana', 60_000],
      ['cat', 30_000]
    ]);
  });

  it('refuses passing for someone whose turn it is not', () => {
    const state = roundOf(ANA, BEN);
    expectRefused(applyCommand(state, { type: 'pass_turn' }, BEN, T0), 'conflict');
  });

  it('lets a facilitator move it on with next', () => {
    let state = act(roundOf(ANA, BEN), FACILITATOR, { type: 'next_in_go_around' }, T0 + 31_000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:speaking']);
    state = act(state, FACILITATOR, { type: 'next_in_go_around' }, T0 + 40_000);
    expect(state.goAround!.finishedAt).toBe(T0 + 40_000);
    expectRefused(applyCommand(state, { type: 'next_in_go_around' }, FACILITATOR, T0), 'conflict');
  });

  it('skips the speaker (their time still counts) or someone still to come', () => {
    let state = act(roundOf(ANA, BEN, CAT), FACILITATOR, { type: 'skip', userId: 'cat' }, T0 + 2000);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting', 'cat:skipped']);
    state = act(state, FACILITATOR, { type: 'skip' }, T0 + 11_000);
    expect(entries(state)).toEqual(['ana:skipped', 'ben:speaking', 'cat:skipped']);
    expect(state.turns).toEqual([{ userId: 'ana', startedAt: T0 + 1000, endedAt: T0 + 11_000, source: 'go_around' }]);
    state = act(state, BEN, { type: 'finish_turn' }, T0 + 20_000);
    expect(state.goAround!.finishedAt).toBe(T0 + 20_000);
  });

  it('refuses to skip someone with no turn to come, or when no round runs', () => {
    const state = roundOf(ANA, BEN);
    expectRefused(applyCommand(state, { type: 'skip', userId: 'cat' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(roomWith(ANA), { type: 'skip' }, FACILITATOR, T0), 'conflict');
  });

  it('adds people who join late at the end', () => {
    let state = roundOf(ANA, BEN);
    state = join(state, CAT, T0 + 5000);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting']);
    state = act(state, FACILITATOR, { type: 'admit', userId: 'cat' }, T0 + 6000);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting', 'cat:waiting']);
    state = join(state, CO_FACILITATOR, T0 + 7000);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting', 'cat:waiting']);
  });

  it('passes over people who are away when their turn comes and gives them a place at the end when they return', () => {
    let state = roundOf(ANA, BEN, CAT);
    state = observe(state, { type: 'person_disconnected', userId: 'ben' }, T0 + 2000);
    state = act(state, ANA, { type: 'finish_turn' }, T0 + 3000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:missed', 'cat:speaking']);
    state = observe(state, { type: 'person_reconnected', userId: 'ben' }, T0 + 4000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:missed', 'cat:speaking', 'ben:waiting']);
    state = act(state, CAT, { type: 'finish_turn' }, T0 + 5000);
    expect(state.currentTurn?.userId).toBe('ben');
  });

  it('lets people who come back before their turn keep their place', () => {
    let state = roundOf(ANA, BEN, CAT);
    state = observe(state, { type: 'person_left', userId: 'cat' }, T0 + 2000);
    state = join(state, CAT, T0 + 2500);
    expect(entries(state)).toEqual(['ana:speaking', 'ben:waiting', 'cat:waiting']);
  });

  it('does not add again people who already spoke, even if they leave and come back', () => {
    let state = act(roundOf(ANA, BEN), ANA, { type: 'finish_turn' }, T0 + 3000);
    state = observe(state, { type: 'person_left', userId: 'ana' }, T0 + 4000);
    state = join(state, ANA, T0 + 5000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:speaking']);
  });

  it('waits for a facilitator when the speaker leaves mid-turn, and counts their time', () => {
    let state = roundOf(ANA, BEN);
    state = observe(state, { type: 'person_left', userId: 'ana' }, T0 + 21_000);
    expect(entries(state)).toEqual(['ana:spoke', 'ben:waiting']);
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toEqual([{ userId: 'ana', startedAt: T0 + 1000, endedAt: T0 + 21_000, source: 'go_around' }]);
    expect(upNext(state)).toBe('ben');
    state = act(state, FACILITATOR, { type: 'next_in_go_around' }, T0 + 25_000);
    expect(state.currentTurn?.userId).toBe('ben');
  });

  it('ends a round early: the speaker`s turn ends and counts, and the queue works again', () => {
    let state = act(roundOf(ANA, BEN), FACILITATOR, { type: 'end_go_around' }, T0 + 11_000);
    expect(state.goAround).toBeNull();
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toHaveLength(1);
    expectRefused(applyCommand(state, { type: 'end_go_around' }, FACILITATOR, T0), 'conflict');
    state = act(state, BEN, { type: 'raise_hand' }, T0 + 12_000);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 13_000);
    expect(state.currentTurn?.userId).toBe('ben');
  });

  it('lets the queue work again once a round has finished', () => {
    let state = act(roundOf(ANA), ANA, { type: 'finish_turn' }, T0 + 2000);
    state = act(state, ANA, { type: 'raise_hand' }, T0 + 3000);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 4000);
    expect(state.currentTurn?.source).toBe('queue');
    state = join(state, BEN, T0 + 5000);
    state = act(state, FACILITATOR, { type: 'admit', userId: 'ben' }, T0 + 5000);
    expect(entries(state)).toEqual(['ana:spoke']);
  });
});

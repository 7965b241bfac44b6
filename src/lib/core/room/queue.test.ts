import { describe, expect, it } from 'vitest';
import { applyCommand } from './reducer';
import { queuePosition } from './queue';
import { ANA, BEN, CAT, FACILITATOR, T0, act, expectRefused, observe, roomWith } from './testing';

const order = (state: { queue: { userId: string }[] }) => state.queue.map((hand) => hand.userId);

function threeHands() {
  let state = roomWith(ANA, BEN, CAT);
  state = act(state, ANA, { type: 'raise_hand' }, T0 + 1000);
  state = act(state, BEN, { type: 'raise_hand' }, T0 + 2000);
  return act(state, CAT, { type: 'raise_hand' }, T0 + 3000);
}

describe('raising and lowering hands', () => {
  it('orders hands by the time they were raised', () => {
    expect(order(threeHands())).toEqual(['ana', 'ben', 'cat']);
  });

  it('puts a hand stamped earlier before later ones, whatever order the commands arrive in', () => {
    let state = roomWith(ANA, BEN);
    state = act(state, BEN, { type: 'raise_hand' }, T0 + 2000, 10);
    state = act(state, ANA, { type: 'raise_hand' }, T0 + 1000, 11);
    expect(order(state)).toEqual(['ana', 'ben']);
  });

  it('refuses a second raise, lowering a hand that is down, and raising while speaking', () => {
    let state = act(roomWith(ANA, BEN), ANA, { type: 'raise_hand' });
    expectRefused(applyCommand(state, { type: 'raise_hand' }, ANA, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'lower_hand' }, BEN, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'call_next' });
    expectRefused(applyCommand(state, { type: 'raise_hand' }, ANA, T0), 'conflict');
  });

  it('lets people lower their own hand', () => {
    const state = act(threeHands(), BEN, { type: 'lower_hand' });
    expect(order(state)).toEqual(['ana', 'cat']);
  });

  it('gives 1-based queue positions', () => {
    const state = threeHands();
    expect(queuePosition(state, 'ana')).toBe(1);
    expect(queuePosition(state, 'cat')).toBe(3);
    expect(queuePosition(state, 'fay')).toBeNull();
  });
});

describe('facilitator queue controls', () => {
  it('calls the first hand, which leaves the queue and gets the floor', () => {
    const state = act(threeHands(), FACILITATOR, { type: 'call_next' }, T0 + 5000);
    expect(state.currentTurn).toEqual({ userId: 'ana', startedAt: T0 + 5000, lengthMs: 120_000, source: 'queue' });
    expect(order(state)).toEqual(['ben', 'cat']);
  });

  it('ends and counts the current turn when calling the next speaker', () => {
    let state = act(threeHands(), FACILITATOR, { type: 'call_next' }, T0 + 5000);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 65_000);
    expect(state.turns).toEqual([{ userId: 'ana', startedAt: T0 + 5000, endedAt: T0 + 65_000, source: 'queue' }]);
    expect(state.currentTurn?.userId).toBe('ben');
  });

  it('passes over a reconnecting person without losing their place', () => {
    let state = observe(threeHands(), { type: 'person_disconnected', userId: 'ana' }, T0 + 4000);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 5000);
    expect(state.currentTurn?.userId).toBe('ben');
    expect(order(state)).toEqual(['ana', 'cat']);
  });

  it('refuses to call next when no one in the room has a hand raised', () => {
    const error = expectRefused(applyCommand(roomWith(ANA), { type: 'call_next' }, FACILITATOR, T0), 'conflict');
    expect(error.message).toBe('No one in the room has a hand raised.');
  });

  it('lets a facilitator pick anyone in the room, lowering their hand', () => {
    let state = act(threeHands(), FACILITATOR, { type: 'call_person', userId: 'cat' }, T0 + 5000);
    expect(state.currentTurn?.userId).toBe('cat');
    expect(order(state)).toEqual(['ana', 'ben']);
    expectRefused(applyCommand(state, { type: 'call_person', userId: 'cat' }, FACILITATOR, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'fay' }, T0 + 6000);
    expect(state.currentTurn?.userId).toBe('fay');
  });

  it('refuses to call someone who is not in the room', () => {
    const state = observe(threeHands(), { type: 'person_left', userId: 'ben' });
    expectRefused(applyCommand(state, { type: 'call_person', userId: 'ben' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'call_person', userId: 'zed' }, FACILITATOR, T0), 'not_found');
  });

  it('moves hands up and down, refusing to move past either end', () => {
    let state = act(threeHands(), FACILITATOR, { type: 'move_in_queue', userId: 'cat', direction: 'up' });
    expect(order(state)).toEqual(['ana', 'cat', 'ben']);
    state = act(state, FACILITATOR, { type: 'move_in_queue', userId: 'ana', direction: 'down' });
    expect(order(state)).toEqual(['cat', 'ana', 'ben']);
    expectRefused(applyCommand(state, { type: 'move_in_queue', userId: 'cat', direction: 'up' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'move_in_queue', userId: 'ben', direction: 'down' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'move_in_queue', userId: 'fay', direction: 'down' }, FACILITATOR, T0), 'conflict');
  });

  it('keeps a facilitator`s reordering when someone else raises a hand later', () => {
    let state = act(threeHands(), FACILITATOR, { type: 'move_in_queue', userId: 'cat', direction: 'up' });
    state = act(state, FACILITATOR, { type: 'move_in_queue', userId: 'cat', direction: 'up' });
    state = act(state, FACILITATOR, { type: 'raise_hand' }, T0 + 9000);
    expect(order(state)).toEqual(['cat', 'ana', 'ben', 'fay']);
  });

  it('removes one hand or clears the queue', () => {
    let state = act(threeHands(), FACILITATOR, { type: 'remove_from_queue', userId: 'ben' });
    expect(order(state)).toEqual(['ana', 'cat']);
    expectRefused(applyCommand(state, { type: 'remove_from_queue', userId: 'ben' }, FACILITATOR, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'clear_queue' });
    expect(state.queue).toEqual([]);
  });

  it('drops the hand of someone who leaves but keeps it while they reconnect', () => {
    let state = observe(threeHands(), { type: 'person_disconnected', userId: 'ben' });
    expect(order(state)).toEqual(['ana', 'ben', 'cat']);
    state = observe(state, { type: 'person_left', userId: 'ben' });
    expect(order(state)).toEqual(['ana', 'cat']);
  });

  it('refuses queue calls while a go-around runs', () => {
    const state = act(threeHands(), FACILITATOR, { type: 'start_go_around', order: 'listed' });
    expectRefused(applyCommand(state, { type: 'call_next' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'call_person', userId: 'cat' }, FACILITATOR, T0), 'conflict');
  });
});

import { describe, expect, it } from 'vitest';
import { statusOf } from './my-status';
import { ANA, BEN, FACILITATOR, act, join, roomWith } from './testing';

describe('statusOf', () => {
  it('tells each person only where they are', () => {
    let state = join(roomWith(ANA), BEN);
    expect(statusOf(state, 'ben')).toEqual({ presence: 'waiting', heldByFacilitator: false, removed: false, ended: false, answeredRound: null });
    expect(statusOf(state, 'ana').presence).toBe('admitted');
    expect(statusOf(state, 'nobody').presence).toBe('outside');
    state = act(state, FACILITATOR, { type: 'send_to_waiting', userId: 'ana' });
    expect(statusOf(state, 'ana')).toMatchObject({ presence: 'waiting', heldByFacilitator: true });
    state = act(state, FACILITATOR, { type: 'remove', userId: 'ana' });
    expect(statusOf(state, 'ana')).toMatchObject({ presence: 'gone', removed: true });
  });
});

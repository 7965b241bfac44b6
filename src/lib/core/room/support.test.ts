import { describe, expect, it } from 'vitest';
import { applyCommand } from './reducer';
import { sharedView } from './selectors';
import { openSupportSignals } from './support';
import { ANA, BEN, CO_FACILITATOR, FACILITATOR, T0, accepted, act, expectRefused, join, noticesFor, roomWith } from './testing';

describe('the support signal', () => {
  it('alerts facilitators privately with who and when, confirms receipt and is audit-logged', () => {
    const step = accepted(applyCommand(roomWith(ANA, BEN), { type: 'send_support' }, ANA, T0 + 7000));
    expect(step.state.supportSignals).toEqual([{ id: 'support-1', userId: 'ana', at: T0 + 7000, acknowledgedBy: null, acknowledgedAt: null }]);
    expect(step.effects).toEqual([
      { type: 'notify_facilitators', alert: { kind: 'support_signal', signalId: 'support-1', userId: 'ana', displayName: 'Ana', at: T0 + 7000 } },
      { type: 'notify', userId: 'ana', notice: { kind: 'support_received', signalId: 'support-1' } },
      { type: 'audit', action: 'room.support_signal', actorId: 'ana', targetUserId: 'ana', details: { signalId: 'support-1' } }
    ]);
    expect(noticesFor(step.effects, 'ben')).toEqual([]);
  });

  it('is acknowledged once by a facilitator, and the participant is told', () => {
    let state = act(roomWith(ANA), ANA, { type: 'send_support' }, T0);
    state = join(state, CO_FACILITATOR);
    const step = accepted(applyCommand(state, { type: 'acknowledge_support', signalId: 'support-1' }, CO_FACILITATOR, T0 + 20_000));
    expect(step.state.supportSignals[0]).toMatchObject({ acknowledgedBy: 'cole', acknowledgedAt: T0 + 20_000 });
    expect(noticesFor(step.effects, 'ana')).toEqual(['support_acknowledged']);
    expect(openSupportSignals(step.state)).toEqual([]);
    const again = expectRefused(applyCommand(step.state, { type: 'acknowledge_support', signalId: 'support-1' }, FACILITATOR, T0), 'conflict');
    expect(again.message).toBe('Cole has already acknowledged this signal.');
    expectRefused(applyCommand(step.state, { type: 'acknowledge_support', signalId: 'support-9' }, FACILITATOR, T0), 'not_found');
  });

  it('keeps each signal when a person sends more than one', () => {
    let state = act(roomWith(ANA), ANA, { type: 'send_support' }, T0);
    state = act(state, ANA, { type: 'send_support' }, T0 + 1000);
    expect(openSupportSignals(state).map((signal) => signal.id)).toEqual(['support-1', 'support-2']);
  });

  it('never appears in what participants can read', () => {
    const state = act(roomWith(ANA, BEN), ANA, { type: 'send_support' }, T0);
    expect(JSON.stringify(sharedView(state))).not.toContain('support');
  });
});

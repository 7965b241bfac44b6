import { describe, expect, it } from 'vitest';
import { applyCommand, applyServerEvent } from './reducer';
import { sharedView } from './selectors';
import { openSupportSignals, openUrgentSignals, supportHistoryLine } from './support';
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

describe('the urgent alert (a risk answer to a measure)', () => {
  const urgent = { type: 'urgent_alert', userId: 'ana', displayName: 'Ana', alertId: 'alert-1', reason: 'phq9_item9' } as const;

  it('goes privately to the facilitators at once, marked urgent, audited, and tells nobody else', () => {
    const step = accepted(applyServerEvent(roomWith(ANA, BEN), urgent, T0 + 5000));
    expect(step.state.supportSignals).toEqual([
      {
        id: 'support-1',
        userId: 'ana',
        at: T0 + 5000,
        acknowledgedBy: null,
        acknowledgedAt: null,
        urgent: { reason: 'phq9_item9', alertId: 'alert-1' }
      }
    ]);
    expect(step.effects).toEqual([
      {
        type: 'notify_facilitators',
        alert: { kind: 'urgent_alert', signalId: 'support-1', alertId: 'alert-1', reason: 'phq9_item9', userId: 'ana', displayName: 'Ana', at: T0 + 5000 }
      },
      { type: 'audit', action: 'room.urgent_alert', actorId: null, targetUserId: 'ana', details: { signalId: 'support-1', alertId: 'alert-1' } }
    ]);
    expect(noticesFor(step.effects, 'ana')).toEqual([]);
    expect(noticesFor(step.effects, 'ben')).toEqual([]);
    expect(JSON.stringify(sharedView(step.state))).not.toMatch(/urgent|alert-1|support/);
  });

  it('is raised once per stored alert', () => {
    const once = accepted(applyServerEvent(roomWith(ANA), urgent, T0)).state;
    const twice = accepted(applyServerEvent(once, urgent, T0 + 1));
    expect(twice.state.supportSignals).toHaveLength(1);
    expect(twice.effects).toEqual([]);
  });

  it('cannot be dismissed with "I have seen this": it stays open until follow-up is recorded', () => {
    const state = accepted(applyServerEvent(roomWith(ANA), urgent, T0)).state;
    const refused = expectRefused(applyCommand(state, { type: 'acknowledge_support', signalId: 'support-1' }, FACILITATOR, T0), 'conflict');
    expect(refused.message).toMatch(/record your follow-up/);
    expect(openUrgentSignals(state)).toHaveLength(1);
    expect(openSupportSignals(state)).toHaveLength(1);

    const closed = accepted(applyServerEvent(state, { type: 'urgent_followed_up', alertId: 'alert-1', facilitatorId: 'fay' }, T0 + 60_000));
    expect(closed.state.supportSignals[0]).toMatchObject({ acknowledgedBy: 'fay', acknowledgedAt: T0 + 60_000 });
    expect(openUrgentSignals(closed.state)).toEqual([]);
    expect(closed.effects).toEqual([
      { type: 'audit', action: 'room.urgent_followed_up', actorId: 'fay', targetUserId: 'ana', details: { signalId: 'support-1', alertId: 'alert-1' } }
    ]);
  });

  it('ignores follow-up for an alert that was never raised in this room', () => {
    const step = accepted(applyServerEvent(roomWith(ANA), { type: 'urgent_followed_up', alertId: 'elsewhere', facilitatorId: 'fay' }, T0));
    expect(step.state.supportSignals).toEqual([]);
    expect(step.effects).toEqual([]);
  });
});

describe('the support history, in a facilitator’s words', () => {
  const names: Record<string, string> = { ana: 'Ana', fran: 'Fran' };
  const nameOf = (id: string) => names[id] ?? 'Someone';
  const time = (at: number) => `t${at}`;
  const base = { id: 'support-1', userId: 'ana', at: 1, acknowledgedBy: null, acknowledgedAt: null };

  it('a participant’s signal is asked, then seen', () => {
    expect(supportHistoryLine(base, nameOf, time)).toEqual({ urgent: false, open: true, text: 'Ana asked at t1 · not seen yet (at the top of the room)' });
    expect(supportHistoryLine({ ...base, acknowledgedBy: 'fran', acknowledgedAt: 5 }, nameOf, time)).toEqual({
      urgent: false,
      open: false,
      text: 'Ana asked at t1 · seen by Fran at t5'
    });
  });

  it('an urgent alert is never “asked” or “not seen”: it names the answer and whether follow-up is recorded', () => {
    const urgent = { ...base, urgent: { reason: 'phq9_item9' as const, alertId: 'a1' } };
    const open = supportHistoryLine(urgent, nameOf, time);
    expect(open).toMatchObject({ urgent: true, open: true });
    expect(open.text).toBe("Urgent: Ana's questionnaire answer at t1 (PHQ-9 question 9, thoughts of being better off dead or of self-harm) · follow-up not recorded yet (the urgent alert above)");
    expect(open.text).not.toMatch(/asked|not seen/);
    const closed = supportHistoryLine({ ...urgent, acknowledgedBy: 'fran', acknowledgedAt: 9 }, nameOf, time);
    expect(closed).toMatchObject({ urgent: true, open: false });
    expect(closed.text).toMatch(/· follow-up recorded by Fran at t9$/);
  });
});

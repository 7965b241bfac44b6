import { describe, expect, it } from 'vitest';
import { summarise } from './summary';
import { ANA, BEN, CAT, FACILITATOR, MINUTE, T0, act, join, observe, roomWith } from './testing';

describe('summarise', () => {
  function wholeSession() {
    let state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'apply_agenda_template', template: 'dbt_skills_group' });
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's1' }, T0 + MINUTE);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's2' }, T0 + 10 * MINUTE);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 10 * MINUTE);
    state = act(state, ANA, { type: 'finish_turn' }, T0 + 12 * MINUTE);
    state = act(state, BEN, { type: 'pass_turn' }, T0 + 13 * MINUTE);
    state = act(state, BEN, { type: 'send_support' }, T0 + 14 * MINUTE);
    state = act(state, FACILITATOR, { type: 'acknowledge_support', signalId: 'support-1' }, T0 + 15 * MINUTE);
    state = join(state, CAT, T0 + 20 * MINUTE);
    state = observe(state, { type: 'person_left', userId: 'ana' }, T0 + 30 * MINUTE);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 40 * MINUTE);
    return act(state, FACILITATOR, { type: 'end_session' }, T0 + 45 * MINUTE);
  }

  it('gives attendance with times, talk time, agenda steps covered and support signals', () => {
    const summary = summarise(wholeSession(), T0 + 99 * MINUTE);
    expect(summary.durationMs).toBe(45 * MINUTE);
    expect(summary.attendance.map((line) => [line.userId, line.presentMs, line.admittedAt])).toEqual([
      ['fay', 45 * MINUTE, T0],
      ['ana', 30 * MINUTE, T0],
      ['ben', 45 * MINUTE, T0],
      ['cat', 0, null]
    ]);
    expect(summary.attendance[1].visits).toEqual([{ from: T0, to: T0 + 30 * MINUTE }]);
    expect(summary.talkTime).toEqual([
      { userId: 'fay', displayName: 'Fay', talkMs: 0, turns: 0 },
      { userId: 'ana', displayName: 'Ana', talkMs: 2 * MINUTE, turns: 1 },
      { userId: 'ben', displayName: 'Ben', talkMs: 5 * MINUTE, turns: 1 }
    ]);
    expect(summary.stepsCovered).toBe(2);
    expect(summary.agenda.slice(0, 3).map((line) => [line.title, line.covered, line.spentMs])).toEqual([
      ['Mindfulness', true, 9 * MINUTE],
      ['Diary card review', true, 35 * MINUTE],
      ['Break', false, 0]
    ]);
    expect(summary.supportSignals).toEqual([
      { id: 'support-1', userId: 'ben', displayName: 'Ben', at: T0 + 14 * MINUTE, acknowledgedBy: 'fay', acknowledgedAt: T0 + 15 * MINUTE }
    ]);
  });

  it('closes everything at the end: no one present, no turn, no current step', () => {
    const state = wholeSession();
    expect(state.people.every((person) => person.visits.every((visit) => visit.to !== null))).toBe(true);
    expect(state.currentTurn).toBeNull();
    expect(state.goAround).toBeNull();
    expect(state.agenda.currentStepId).toBeNull();
  });

  it('summarises a session still running up to now', () => {
    const state = act(roomWith(ANA), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0 + MINUTE);
    const summary = summarise(state, T0 + 3 * MINUTE);
    expect(summary.endedAt).toBeNull();
    expect(summary.attendance[1].visits).toEqual([{ from: T0, to: T0 + 3 * MINUTE }]);
    expect(summary.talkTime[1].talkMs).toBe(2 * MINUTE);
  });
});

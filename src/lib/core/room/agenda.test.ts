import { describe, expect, it } from 'vitest';
import { AGENDA_TEMPLATE_IDS, AGENDA_TEMPLATES, MAX_AGENDA_STEPS, currentStepProgress } from './agenda';
import { applyCommand } from './reducer';
import type { RoomState } from './state';
import { sharedView } from './selectors';
import { ANA, FACILITATOR, MINUTE, T0, act, deepFreeze, expectRefused, roomWith } from './testing';

const titles = (state: RoomState) => state.agenda.steps.map((step) => step.title);
const statuses = (state: RoomState) => state.agenda.steps.map((step) => `${step.id}:${step.status}`);

function cbtRoom() {
  return act(roomWith(), FACILITATOR, { type: 'apply_agenda_template', template: 'cbt_group' });
}

describe('agenda templates', () => {
  it('lists every template', () => {
    expect([...AGENDA_TEMPLATE_IDS].sort()).toEqual(Object.keys(AGENDA_TEMPLATES).sort());
  });

  it('starts a CBT group from its six steps', () => {
    const state = cbtRoom();
    expect(titles(state)).toEqual(['Check-in round', 'Homework review', 'Skill teaching', 'Worksheet practice', 'Homework', 'Check-out round']);
    expect(state.agenda.steps[0]).toEqual({ id: 's1', title: 'Check-in round', plannedMinutes: 10, tool: 'go_around', status: 'upcoming', startedAt: null, spentMs: 0 });
    expect(state.agenda.steps.map((step) => step.tool)).toEqual(['go_around', 'open_queue', 'board', 'worksheet', 'open_queue', 'go_around']);
  });

  it('starts a DBT skills group from its five steps, with a break', () => {
    const state = act(roomWith(), FACILITATOR, { type: 'apply_agenda_template', template: 'dbt_skills_group' });
    expect(titles(state)).toEqual(['Mindfulness', 'Diary card review', 'Break', 'New skill', 'Homework']);
    expect(state.agenda.steps[2].tool).toBe('break');
  });

  it('replaces the plan before the agenda starts and only appends once it has', () => {
    let state = act(cbtRoom(), FACILITATOR, { type: 'apply_agenda_template', template: 'dbt_skills_group' });
    expect(titles(state)[0]).toBe('Mindfulness');
    expect(state.agenda.steps[0].id).toBe('s7');
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's7' });
    expectRefused(applyCommand(state, { type: 'apply_agenda_template', template: 'cbt_group' }, FACILITATOR, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'apply_agenda_template', template: 'cbt_group', mode: 'append' });
    expect(state.agenda.steps).toHaveLength(11);
  });
});

describe('editing steps', () => {
  it('sets, adds at a place, updates, moves and removes steps with ids that are never reused', () => {
    let state = act(roomWith(), FACILITATOR, {
      type: 'set_agenda',
      steps: [
        { title: 'Arrive', plannedMinutes: 5, tool: 'go_around' },
        { title: 'Talk', plannedMinutes: 30, tool: 'open_queue' }
      ]
    });
    state = act(state, FACILITATOR, { type: 'add_step', step: { title: 'Break', plannedMinutes: 10, tool: 'break' }, index: 1 });
    expect(statuses(state)).toEqual(['s1:upcoming', 's3:upcoming', 's2:upcoming']);
    state = act(state, FACILITATOR, { type: 'update_step', stepId: 's2', plannedMinutes: 25, title: 'Open talk' });
    expect(state.agenda.steps[2]).toMatchObject({ title: 'Open talk', plannedMinutes: 25, tool: 'open_queue' });
    state = act(state, FACILITATOR, { type: 'move_step', stepId: 's1', toIndex: 99 });
    expect(titles(state)).toEqual(['Break', 'Open talk', 'Arrive']);
    state = act(state, FACILITATOR, { type: 'remove_step', stepId: 's3' });
    state = act(state, FACILITATOR, { type: 'add_step', step: { title: 'Close', plannedMinutes: 5, tool: 'go_around' } });
    expect(statuses(state)).toEqual(['s2:upcoming', 's1:upcoming', 's4:upcoming']);
  });

  it('refuses removing the current step or one the group already spent time on, and unknown steps', () => {
    let state = act(cbtRoom(), FACILITATOR, { type: 'go_to_step', stepId: 's1' });
    expectRefused(applyCommand(state, { type: 'remove_step', stepId: 's1' }, FACILITATOR, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's2' });
    expectRefused(applyCommand(state, { type: 'remove_step', stepId: 's1' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'update_step', stepId: 's99', title: 'x' }, FACILITATOR, T0), 'conflict');
  });

  it(`keeps an agenda to ${MAX_AGENDA_STEPS} steps`, () => {
    const steps = Array.from({ length: MAX_AGENDA_STEPS }, (_, i) => ({ title: `Step ${i}`, plannedMinutes: 1, tool: 'board' as const }));
    const state = act(roomWith(), FACILITATOR, { type: 'set_agenda', steps });
    expectRefused(applyCommand(state, { type: 'add_step', step: steps[0] }, FACILITATOR, T0), 'conflict');
  });
});

describe('moving through the agenda', () => {
  it('tracks the current step, its elapsed and planned minutes, and time spent on earlier steps', () => {
    let state = act(cbtRoom(), FACILITATOR, { type: 'go_to_step', stepId: 's1' }, T0 + MINUTE);
    expect(currentStepProgress(state, T0 + 5 * MINUTE + 30_000)).toMatchObject({
      index: 0,
      elapsedMs: 4.5 * MINUTE,
      elapsedMinutes: 4,
      plannedMinutes: 10,
      overPlanned: false
    });
    expect(currentStepProgress(state, T0 + 12 * MINUTE)?.overPlanned).toBe(true);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's3' }, T0 + 13 * MINUTE);
    expect(statuses(state).slice(0, 3)).toEqual(['s1:done', 's2:upcoming', 's3:current']);
    expect(state.agenda.steps[0].spentMs).toBe(12 * MINUTE);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's1' }, T0 + 15 * MINUTE);
    expect(state.agenda.steps[0]).toMatchObject({ status: 'current', startedAt: T0 + MINUTE, spentMs: 12 * MINUTE });
    expect(currentStepProgress(state, T0 + 16 * MINUTE)?.elapsedMs).toBe(13 * MINUTE);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: null }, T0 + 17 * MINUTE);
    expect(currentStepProgress(state, T0 + 18 * MINUTE)).toBeNull();
    expect(state.agenda.steps[0].spentMs).toBe(14 * MINUTE);
  });

  it('refuses going to the step that is already current', () => {
    const state = act(cbtRoom(), FACILITATOR, { type: 'go_to_step', stepId: 's2' });
    expectRefused(applyCommand(state, { type: 'go_to_step', stepId: 's2' }, FACILITATOR, T0), 'conflict');
  });
});

describe('linking a worksheet or board to a step', () => {
  it('links, keeps what is left out, and unlinks with null; everyone sees it in the shared view', () => {
    let state = act(cbtRoom(), FACILITATOR, { type: 'link_step', stepId: 's4', worksheetId: 'ws-1' });
    expect(state.agenda.steps[3]).toMatchObject({ worksheetId: 'ws-1' });
    state = act(state, FACILITATOR, { type: 'link_step', stepId: 's4', boardId: 'board-1' });
    expect(state.agenda.steps[3]).toMatchObject({ worksheetId: 'ws-1', boardId: 'board-1' });
    expect(sharedView(state).agenda.steps[3]).toMatchObject({ worksheetId: 'ws-1', boardId: 'board-1' });
    state = act(state, FACILITATOR, { type: 'link_step', stepId: 's4', worksheetId: null });
    expect(state.agenda.steps[3]).toMatchObject({ worksheetId: null, boardId: 'board-1' });
    expect(state.agenda.steps[2].worksheetId).toBeUndefined();
  });

  it('refuses a participant and an unknown step, leaving the state as it was', () => {
    const state = deepFreeze(act(roomWith(ANA), FACILITATOR, { type: 'apply_agenda_template', template: 'cbt_group' }));
    const before = structuredClone(state);
    expectRefused(applyCommand(state, { type: 'link_step', stepId: 's4', worksheetId: 'ws-1' }, ANA, T0), 'forbidden');
    expectRefused(applyCommand(state, { type: 'link_step', stepId: 's99', worksheetId: 'ws-1' }, FACILITATOR, T0), 'not_found');
    expect(state).toEqual(before);
  });
});

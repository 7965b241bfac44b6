import { describe, expect, it } from 'vitest';
import { applyCommand } from './reducer';
import { handSetAside, nextInQueue } from './queue';
import { sharedView } from './selectors';
import { parseRoomCommand } from './command-schema';
import { roomLayout, stageBoard } from './state';
import { ANA, BEN, FACILITATOR, T0, act, expectRefused, roomWith } from './testing';

describe('the room layout (gallery or stage)', () => {
  it('starts as the gallery, and reads old rooms without a layout as the gallery', () => {
    const state = roomWith(ANA);
    expect(roomLayout(state)).toBe('gallery');
    const { layout: _layout, ...old } = state;
    expect(roomLayout(old as typeof state)).toBe('gallery');
  });

  it('is switched by facilitators for everyone (it is part of the shared view), never by participants', () => {
    const state = act(roomWith(ANA), FACILITATOR, { type: 'set_layout', layout: 'stage' });
    expect(sharedView(state).layout).toBe('stage');
    expectRefused(applyCommand(state, { type: 'set_layout', layout: 'gallery' }, ANA, T0), 'forbidden');
  });

  it('follows the agenda: a board or worksheet step takes the stage, a talking step shows the faces', () => {
    let state = act(roomWith(ANA), FACILITATOR, {
      type: 'set_agenda',
      steps: [
        { title: 'Check-in', plannedMinutes: 10, tool: 'go_around' },
        { title: 'Values', plannedMinutes: 20, tool: 'board' },
        { title: 'Thought record', plannedMinutes: 20, tool: 'worksheet' }
      ]
    });
    const [checkIn, values, record] = state.agenda.steps.map((step) => step.id);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: values! });
    expect(roomLayout(state)).toBe('stage');
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: checkIn! });
    expect(roomLayout(state)).toBe('gallery');
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: record! });
    expect(roomLayout(state)).toBe('stage');
  });
});

describe('a raised hand during the person’s go-around turn', () => {
  it('is set aside while they speak (keeping its place) and counts again after their turn', () => {
    let state = act(roomWith(ANA, BEN), ANA, { type: 'raise_hand' });
    state = act(state, BEN, { type: 'raise_hand' }, T0 + 1);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 2);
    expect(state.currentTurn?.userId).toBe('ana');
    expect(handSetAside(state, 'ana')).toBe(true);
    expect(nextInQueue(state)?.userId).toBe('ben');
    expect(state.queue.map((hand) => hand.userId)).toEqual(['ana', 'ben']);
    state = act(state, ANA, { type: 'finish_turn' }, T0 + 3);
    expect(handSetAside(state, 'ana')).toBe(false);
    state = act(state, FACILITATOR, { type: 'end_go_around' }, T0 + 4);
    expect(nextInQueue(state)?.userId).toBe('ana');
  });
});

describe('the board on the stage (show_board)', () => {
  it('is picked by facilitators for everyone (part of the shared view), cleared with null, never set by participants', () => {
    const state = roomWith(ANA);
    expect(stageBoard(state)).toBeNull();
    const { stageBoardId: _board, ...old } = state;
    expect(stageBoard(old as typeof state)).toBeNull();
    const shown = act(state, FACILITATOR, { type: 'show_board', boardId: 'board-values' });
    expect(sharedView(shown).stageBoardId).toBe('board-values');
    expect(shown.version).toBe(state.version + 1);
    expect(stageBoard(act(shown, FACILITATOR, { type: 'show_board', boardId: null }))).toBeNull();
    expectRefused(applyCommand(shown, { type: 'show_board', boardId: 'board-other' }, ANA, T0), 'forbidden');
  });

  it('refuses a malformed pick', () => {
    expect(parseRoomCommand({ type: 'show_board' }).ok).toBe(false);
    expect(parseRoomCommand({ type: 'show_board', boardId: 42 }).ok).toBe(false);
    expect(parseRoomCommand({ type: 'show_board', boardId: 'b', extra: true }).ok).toBe(false);
    expect(parseRoomCommand({ type: 'show_board', boardId: null })).toEqual({ ok: true, command: { type: 'show_board', boardId: null } });
  });
});

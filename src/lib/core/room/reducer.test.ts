import { describe, expect, it } from 'vitest';
import { FACILITATOR_COMMAND_TYPES, PARTICIPANT_COMMAND_TYPES, type RoomCommand } from './commands';
import { applyCommand, applyServerEvent } from './reducer';
import { createRoomState } from './state';
import {
  ANA,
  BEN,
  CAT,
  CO_FACILITATOR,
  FACILITATOR,
  MINUTE,
  SAMPLE_FACILITATOR_COMMANDS,
  T0,
  accepted,
  act,
  deepFreeze,
  expectRefused,
  join,
  noticesFor,
  observe,
  roomWith
} from './testing';

/** A busy room: an agenda, Ana and Ben with hands raised, a support signal waiting. */
function busyRoom() {
  let state = roomWith(ANA, BEN);
  state = act(state, FACILITATOR, { type: 'apply_agenda_template', template: 'cbt_group' });
  state = act(state, BEN, { type: 'raise_hand' }, T0 + 1000);
  state = act(state, ANA, { type: 'raise_hand' }, T0 + 2000);
  state = act(state, ANA, { type: 'send_support' }, T0 + 3000);
  return state;
}

const PARTICIPANT_SAMPLES: RoomCommand[] = [
  { type: 'raise_hand' },
  { type: 'lower_hand' },
  { type: 'pass_turn' },
  { type: 'finish_turn' },
  { type: 'send_support' },
  { type: 'answer_thermometer', roundId: 't1', value: 5 },
  { type: 'return_to_group' },
  { type: 'pair_hand' }
];

describe('facilitator commands', () => {
  it('has a sample for every facilitator command and none for participant ones', () => {
    expect(Object.keys(SAMPLE_FACILITATOR_COMMANDS).sort()).toEqual([...FACILITATOR_COMMAND_TYPES].sort());
    expect(PARTICIPANT_SAMPLES.map((command) => command.type)).toEqual([...PARTICIPANT_COMMAND_TYPES]);
  });

  it('refuses every facilitator command from a participant and leaves the state as it was', () => {
    const state = deepFreeze(busyRoom());
    const before = structuredClone(state);
    for (const command of Object.values(SAMPLE_FACILITATOR_COMMANDS)) {
      const error = expectRefused(applyCommand(state, command, BEN, T0 + 5000), 'forbidden');
      expect(error.message).toBe('Only facilitators can do this.');
    }
    expect(state).toEqual(before);
  });

  it('lets facilitators and co-facilitators past the permission check for the same commands', () => {
    let state = join(busyRoom(), CO_FACILITATOR);
    for (const actor of [FACILITATOR, CO_FACILITATOR]) {
      for (const command of Object.values(SAMPLE_FACILITATOR_COMMANDS)) {
        const result = applyCommand(state, command, actor, T0 + 5000);
        if (!result.ok) expect(result.error.code, `${actor.role} ${command.type}`).not.toBe('forbidden');
      }
    }
    state = act(state, CO_FACILITATOR, { type: 'call_next' }, T0 + 6000);
    expect(state.currentTurn?.userId).toBe('ben');
  });
});

describe('participants act only for themselves', () => {
  it('refuses raising, lowering, passing or finishing for someone else', () => {
    let state = roomWith(ANA, BEN);
    state = act(state, BEN, { type: 'raise_hand' });
    const withHand = deepFreeze(state);
    expectRefused(applyCommand(withHand, { type: 'raise_hand', userId: 'cat' }, ANA, T0), 'forbidden');
    expectRefused(applyCommand(withHand, { type: 'lower_hand', userId: 'ben' }, ANA, T0), 'forbidden');
    const speaking = deepFreeze(act(withHand, FACILITATOR, { type: 'call_next' }, T0 + 1000));
    expectRefused(applyCommand(speaking, { type: 'pass_turn', userId: 'ben' }, ANA, T0 + 2000), 'forbidden');
    expectRefused(applyCommand(speaking, { type: 'finish_turn', userId: 'ben' }, ANA, T0 + 2000), 'forbidden');
    expect(speaking.currentTurn?.userId).toBe('ben');
  });

  it('accepts naming themselves', () => {
    const state = act(roomWith(ANA), ANA, { type: 'raise_hand', userId: 'ana' });
    expect(state.queue.map((hand) => hand.userId)).toEqual(['ana']);
  });

  it('lets a facilitator lower a hand or finish a turn for someone, but not raise a hand or pass for them', () => {
    let state = act(roomWith(ANA, BEN), ANA, { type: 'raise_hand' });
    expectRefused(applyCommand(state, { type: 'raise_hand', userId: 'ben' }, FACILITATOR, T0), 'forbidden');
    state = act(state, FACILITATOR, { type: 'lower_hand', userId: 'ana' });
    expect(state.queue).toEqual([]);
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ben' }, T0 + 1000);
    expectRefused(applyCommand(state, { type: 'pass_turn', userId: 'ben' }, FACILITATOR, T0), 'forbidden');
    state = act(state, FACILITATOR, { type: 'finish_turn', userId: 'ben' }, T0 + 31_000);
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toEqual([{ userId: 'ben', startedAt: T0 + 1000, endedAt: T0 + 31_000, source: 'called' }]);
  });
});

describe('who may act at all', () => {
  it('lets people in the waiting room do nothing but wait', () => {
    let state = join(createRoomState({ now: T0 }), FACILITATOR);
    state = deepFreeze(join(state, ANA));
    for (const command of PARTICIPANT_SAMPLES) {
      const error = expectRefused(applyCommand(state, command, ANA, T0), 'forbidden');
      expect(error.message).toMatch(/waiting room/);
    }
    expect(state.supportSignals).toEqual([]);
  });

  it('refuses people who never joined and people who left', () => {
    const state = roomWith(ANA);
    expectRefused(applyCommand(state, { type: 'raise_hand' }, CAT, T0), 'forbidden');
    const left = observe(state, { type: 'person_left', userId: 'ana' });
    expectRefused(applyCommand(left, { type: 'raise_hand' }, ANA, T0), 'forbidden');
  });

  it('refuses every command once the session has ended', () => {
    const ended = act(roomWith(ANA), FACILITATOR, { type: 'end_session' }, T0 + MINUTE);
    expectRefused(applyCommand(ended, { type: 'raise_hand' }, ANA, T0), 'conflict');
    expectRefused(applyCommand(ended, { type: 'call_next' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyServerEvent(ended, { type: 'person_joined', userId: 'cat', displayName: 'Cat', role: 'participant' }, T0), 'conflict');
  });
});

describe('applyCommand', () => {
  it('never changes its input, even across a whole sequence of commands', () => {
    const start = deepFreeze(busyRoom());
    const snapshot = structuredClone(start);
    let state = start;
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 10_000);
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's1' }, T0 + 11_000);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'shuffled', seed: 7 }, T0 + 12_000);
    state = act(state, FACILITATOR, { type: 'acknowledge_support', signalId: 'support-1' }, T0 + 13_000);
    state = act(state, FACILITATOR, { type: 'end_session' }, T0 + 14_000);
    expect(start).toEqual(snapshot);
    expect(state.ended).toBe(true);
  });

  it('bumps the version once per accepted command and not on a refusal', () => {
    const state = roomWith(ANA);
    const raised = act(state, ANA, { type: 'raise_hand' });
    expect(raised.version).toBe(state.version + 1);
    const refused = applyCommand(raised, { type: 'raise_hand' }, ANA, T0);
    expect(refused.ok).toBe(false);
    expect(JSON.parse(JSON.stringify(raised))).toEqual(raised);
  });

  it('tells people privately when it is their turn and when they are next', () => {
    let state = roomWith(ANA, BEN);
    let step = accepted(applyCommand(state, { type: 'raise_hand' }, ANA, T0 + 1000));
    expect(noticesFor(step.effects, 'ana')).toEqual(['you_are_next']);
    state = act(step.state, BEN, { type: 'raise_hand' }, T0 + 2000);
    step = accepted(applyCommand(state, { type: 'call_next' }, FACILITATOR, T0 + 3000));
    expect(noticesFor(step.effects, 'ana')).toEqual(['your_turn']);
    expect(noticesFor(step.effects, 'ben')).toEqual(['you_are_next']);
    step = accepted(applyCommand(step.state, { type: 'finish_turn' }, ANA, T0 + 4000));
    expect(step.effects).toEqual([]);
  });
});

describe('races', () => {
  it('orders two hands raised in the same millisecond by the server sequence number', () => {
    const state = roomWith(ANA, BEN);
    const benFirst = act(act(state, BEN, { type: 'raise_hand' }, T0, 41), ANA, { type: 'raise_hand' }, T0, 42);
    expect(benFirst.queue.map((hand) => hand.userId)).toEqual(['ben', 'ana']);
    // Applied in the other order, the sequence numbers still decide.
    const sameOrder = act(act(state, ANA, { type: 'raise_hand' }, T0, 42), BEN, { type: 'raise_hand' }, T0, 41);
    expect(sameOrder.queue.map((hand) => hand.userId)).toEqual(['ben', 'ana']);
  });

  it('gives a stable order without explicit sequence numbers (the state version counts)', () => {
    const state = roomWith(ANA, BEN, CAT);
    let raised = act(state, CAT, { type: 'raise_hand' }, T0);
    raised = act(raised, ANA, { type: 'raise_hand' }, T0);
    raised = act(raised, BEN, { type: 'raise_hand' }, T0);
    expect(raised.queue.map((hand) => hand.userId)).toEqual(['cat', 'ana', 'ben']);
    expect(raised.queue.map((hand) => hand.seq)).toEqual([state.version + 1, state.version + 2, state.version + 3]);
  });

  it('ends the turn of a speaker who leaves, counts it, and waits for a facilitator to call the next', () => {
    let state = roomWith(ANA, BEN);
    state = act(state, ANA, { type: 'raise_hand' }, T0 + 1000);
    state = act(state, BEN, { type: 'raise_hand' }, T0 + 2000);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 10_000);
    state = observe(state, { type: 'person_left', userId: 'ana' }, T0 + 70_000);
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toEqual([{ userId: 'ana', startedAt: T0 + 10_000, endedAt: T0 + 70_000, source: 'queue' }]);
    expect(state.queue.map((hand) => hand.userId)).toEqual(['ben']);
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + 80_000);
    expect(state.currentTurn?.userId).toBe('ben');
  });

  it('keeps the speaker`s turn through a short disconnection', () => {
    let state = act(roomWith(ANA), FACILITATOR, { type: 'call_person', userId: 'ana' }, T0);
    state = observe(state, { type: 'person_disconnected', userId: 'ana' }, T0 + 5000);
    state = observe(state, { type: 'person_reconnected', userId: 'ana' }, T0 + 9000);
    expect(state.currentTurn).toEqual({ userId: 'ana', startedAt: T0, lengthMs: 120_000, source: 'called' });
  });

  it('leaves the room unchanged when a facilitator reconnects', () => {
    let state = busyRoom();
    state = act(state, FACILITATOR, { type: 'go_to_step', stepId: 's1' }, T0 + 4000);
    state = act(state, FACILITATOR, { type: 'start_go_around', order: 'listed' }, T0 + 5000);
    const before = state;
    state = observe(state, { type: 'person_disconnected', userId: 'fay' }, T0 + 6000);
    expect(state.people.find((person) => person.userId === 'fay')?.presence).toBe('reconnecting');
    state = observe(state, { type: 'person_reconnected', userId: 'fay' }, T0 + 8000);
    expect({ ...state, version: 0 }).toEqual({ ...before, version: 0 });
  });

  it('treats a facilitator opening a second connection as no change', () => {
    const state = busyRoom();
    const again = join(state, FACILITATOR, T0 + 9000);
    expect({ ...again, version: 0 }).toEqual({ ...state, version: 0 });
  });
});

describe('the session ended outside the room', () => {
  it('ends the room like the end_session command: visits closed, floor released, everyone told', () => {
    let state = act(roomWith(ANA, BEN), ANA, { type: 'raise_hand' });
    state = act(state, FACILITATOR, { type: 'call_next' }, T0 + MINUTE);
    const { state: ended, effects } = accepted(applyServerEvent(state, { type: 'session_ended' }, T0 + 3 * MINUTE));
    expect(ended.ended).toBe(true);
    expect(ended.endedAt).toBe(T0 + 3 * MINUTE);
    expect(ended.currentTurn).toBeNull();
    expect(ended.turns).toEqual([{ userId: 'ana', startedAt: T0 + MINUTE, endedAt: T0 + 3 * MINUTE, source: 'queue' }]);
    expect(ended.people.every((person) => person.visits.every((visit) => visit.to !== null))).toBe(true);
    expect(effects).toContainEqual({ type: 'session_ended' });
    expect(effects).toContainEqual({ type: 'audit', action: 'room.end', actorId: null });
  });

  it('refuses to end a room twice', () => {
    const ended = observe(roomWith(ANA), { type: 'session_ended' });
    expectRefused(applyServerEvent(ended, { type: 'session_ended' }, T0 + MINUTE), 'conflict');
  });
});


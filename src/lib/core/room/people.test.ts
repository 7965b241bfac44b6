import { describe, expect, it } from 'vitest';
import { applyCommand, applyServerEvent } from './reducer';
import { createRoomState, findPerson, type RoomState } from './state';
import { ANA, BEN, CAT, CO_FACILITATOR, FACILITATOR, T0, accepted, act, expectRefused, join, noticesFor, observe, roomWith } from './testing';

const presence = (state: RoomState, userId: string) => findPerson(state, userId)?.presence;

function withWaiting() {
  let state = join(createRoomState({ now: T0 }), FACILITATOR);
  state = join(state, ANA, T0 + 1000);
  return join(state, BEN, T0 + 2000);
}

describe('entering the room', () => {
  it('lets facilitators and co-facilitators in directly and keeps participants waiting', () => {
    const state = join(withWaiting(), CO_FACILITATOR);
    expect(presence(state, 'fay')).toBe('admitted');
    expect(presence(state, 'cole')).toBe('admitted');
    expect(presence(state, 'ana')).toBe('waiting');
    expect(findPerson(state, 'ana')).toMatchObject({ joinedAt: T0 + 1000, admittedAt: null, visits: [] });
  });

  it('admits one person: access, a notice and an audit entry', () => {
    const step = accepted(applyCommand(withWaiting(), { type: 'admit', userId: 'ana' }, FACILITATOR, T0 + 5000));
    expect(findPerson(step.state, 'ana')).toMatchObject({ presence: 'admitted', admittedAt: T0 + 5000, visits: [{ from: T0 + 5000, to: null }] });
    expect(step.effects).toEqual([
      { type: 'grant_access', userId: 'ana' },
      { type: 'notify', userId: 'ana', notice: { kind: 'admitted' } },
      { type: 'audit', action: 'room.admit', actorId: 'fay', targetUserId: 'ana' }
    ]);
    expect(presence(step.state, 'ben')).toBe('waiting');
  });

  it('refuses admitting someone who is not waiting or not known', () => {
    const state = act(withWaiting(), FACILITATOR, { type: 'admit', userId: 'ana' });
    expectRefused(applyCommand(state, { type: 'admit', userId: 'ana' }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'admit', userId: 'zed' }, FACILITATOR, T0), 'not_found');
  });

  it('admits everyone waiting at once', () => {
    const state = act(withWaiting(), FACILITATOR, { type: 'admit_all' });
    expect([presence(state, 'ana'), presence(state, 'ben')]).toEqual(['admitted', 'admitted']);
    expectRefused(applyCommand(state, { type: 'admit_all' }, FACILITATOR, T0), 'conflict');
  });

  it('auto-admits: switching it on lets in those waiting, and newcomers go straight in', () => {
    let state = act(withWaiting(), FACILITATOR, { type: 'set_auto_admit', on: true });
    expect(state.admission).toBe('auto');
    expect([presence(state, 'ana'), presence(state, 'ben')]).toEqual(['admitted', 'admitted']);
    state = join(state, CAT);
    expect(presence(state, 'cat')).toBe('admitted');
    state = act(state, FACILITATOR, { type: 'set_auto_admit', on: false });
    state = join(state, { userId: 'dan', role: 'participant' });
    expect(presence(state, 'dan')).toBe('waiting');
  });

  it('lets a participant admitted earlier come back without waiting again', () => {
    let state = observe(roomWith(ANA), { type: 'person_left', userId: 'ana' }, T0 + 1000);
    expect(presence(state, 'ana')).toBe('gone');
    state = join(state, ANA, T0 + 2000);
    expect(findPerson(state, 'ana')!.visits).toEqual([
      { from: T0, to: T0 + 1000 },
      { from: T0 + 2000, to: null }
    ]);
  });

  it('takes someone out of the waiting room when their connection drops, and back in when they return', () => {
    let state = observe(withWaiting(), { type: 'person_disconnected', userId: 'ana' });
    expect(presence(state, 'ana')).toBe('gone');
    state = observe(state, { type: 'person_reconnected', userId: 'ana' });
    expect(presence(state, 'ana')).toBe('waiting');
  });

  it('refuses presence events about people it does not know', () => {
    expectRefused(applyServerEvent(roomWith(), { type: 'person_left', userId: 'zed' }, T0), 'not_found');
  });

  it('follows a role change during the session', () => {
    const state = observe(roomWith(ANA), { type: 'person_role_changed', userId: 'ana', role: 'co_facilitator' });
    expect(findPerson(state, 'ana')?.role).toBe('co_facilitator');
  });
});

describe('sending back and removing', () => {
  function speakingWithHand() {
    let state = roomWith(ANA, BEN);
    state = act(state, BEN, { type: 'raise_hand' });
    state = act(state, FACILITATOR, { type: 'call_person', userId: 'ana' }, T0 + 1000);
    return act(state, FACILITATOR, { type: 'spotlight', userId: 'ana' }, T0 + 1000);
  }

  it('sends a participant back to the waiting room: turn ends, access is revoked, auto-admit does not let them back', () => {
    const step = accepted(applyCommand(speakingWithHand(), { type: 'send_to_waiting', userId: 'ana' }, FACILITATOR, T0 + 11_000));
    const state = step.state;
    expect(findPerson(state, 'ana')).toMatchObject({ presence: 'waiting', heldByFacilitator: true, visits: [{ from: T0, to: T0 + 11_000 }] });
    expect(state.currentTurn).toBeNull();
    expect(state.turns).toEqual([{ userId: 'ana', startedAt: T0 + 1000, endedAt: T0 + 11_000, source: 'called' }]);
    expect(state.spotlight).toBeNull();
    expect(step.effects).toContainEqual({ type: 'revoke_access', userId: 'ana' });
    expect(step.effects).toContainEqual({ type: 'audit', action: 'room.send_to_waiting', actorId: 'fay', targetUserId: 'ana' });
    expect(noticesFor(step.effects, 'ana')).toEqual(['sent_to_waiting']);
    const auto = act(state, FACILITATOR, { type: 'set_auto_admit', on: true });
    expect(presence(auto, 'ana')).toBe('waiting');
    expectRefused(applyCommand(auto, { type: 'admit_all' }, FACILITATOR, T0), 'conflict');
    expect(presence(act(auto, FACILITATOR, { type: 'admit', userId: 'ana' }), 'ana')).toBe('admitted');
  });

  it('keeps a sent-back participant waiting when they reconnect', () => {
    let state = act(roomWith(ANA), FACILITATOR, { type: 'send_to_waiting', userId: 'ana' });
    state = observe(state, { type: 'person_left', userId: 'ana' });
    state = join(state, ANA);
    expect(presence(state, 'ana')).toBe('waiting');
  });

  it('removes a participant: cut off at once, audit-logged, and unable to come back', () => {
    const step = accepted(applyCommand(speakingWithHand(), { type: 'remove', userId: 'ana' }, FACILITATOR, T0 + 5000));
    expect(findPerson(step.state, 'ana')).toMatchObject({ presence: 'gone', removed: true });
    expect(step.state.currentTurn).toBeNull();
    expect(step.effects).toEqual(
      expect.arrayContaining([
        { type: 'cut_off', userId: 'ana' },
        { type: 'audit', action: 'room.remove', actorId: 'fay', targetUserId: 'ana' }
      ])
    );
    const back = applyServerEvent(step.state, { type: 'person_joined', userId: 'ana', displayName: 'Ana', role: 'participant' }, T0 + 6000);
    expectRefused(back, 'forbidden');
    expectRefused(applyCommand(step.state, { type: 'raise_hand' }, ANA, T0), 'forbidden');
    expectRefused(applyCommand(step.state, { type: 'remove', userId: 'ana' }, FACILITATOR, T0), 'conflict');
  });

  it('can remove someone from the waiting room', () => {
    const state = act(withWaiting(), FACILITATOR, { type: 'remove', userId: 'ben' });
    expect(findPerson(state, 'ben')).toMatchObject({ presence: 'gone', removed: true, visits: [] });
  });

  it('refuses removing or sending back a facilitator', () => {
    const state = join(roomWith(ANA), CO_FACILITATOR);
    expectRefused(applyCommand(state, { type: 'remove', userId: 'cole' }, FACILITATOR, T0), 'forbidden');
    expectRefused(applyCommand(state, { type: 'send_to_waiting', userId: 'fay' }, CO_FACILITATOR, T0), 'forbidden');
  });
});

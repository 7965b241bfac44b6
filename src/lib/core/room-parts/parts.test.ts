import { describe, expect, it } from 'vitest';
import { applyCommand, applyServerEvent } from '../room';
import { parseRoomCommand } from '../room/command-schema';
import { ANA, BEN, CAT, CO_FACILITATOR, FACILITATOR, MINUTE, T0, accepted, act, expectRefused, join, observe, roomWith } from '../room/testing';
import { groupPaused, mayConnect, pairUp, partMap, partOf, breakoutRemainingMs } from './parts';

const DAN = { userId: 'dan', role: 'participant' as const };

function withCo(...participants: (typeof ANA)[]) {
  let state = roomWith(...participants);
  return join(state, CO_FACILITATOR);
}

describe('side room', () => {
  it('puts the member and the facilitator in a part of their own; the others stay together with the co-facilitator', () => {
    const before = withCo(ANA, BEN);
    const { state, effects } = accepted(applyCommand(before, { type: 'start_side_room', userId: 'ana' }, FACILITATOR, T0 + MINUTE));
    expect(partOf(state, 'ana')).toBe('side:fay');
    expect(partOf(state, 'fay')).toBe('side:fay');
    expect(mayConnect(state, 'ana', 'fay')).toBe(true);
    expect(mayConnect(state, 'ana', 'ben')).toBe(false);
    expect(mayConnect(state, 'fay', 'cole')).toBe(false);
    expect(mayConnect(state, 'ben', 'cole')).toBe(true);
    expect(groupPaused(state)).toBe(false);
    expect(effects).toContainEqual({ type: 'audit', action: 'room.side_room_started', actorId: 'fay', targetUserId: 'ana' });
    expect(partMap(state).get('ben')).toBe('main');
  });

  it('pauses the group when the only facilitator present goes to the side room, and not before', () => {
    const state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    expect(groupPaused(state)).toBe(true);
    expect(groupPaused(roomWith(ANA, BEN))).toBe(false);
  });

  it('ends when either returns; a participant cannot bring someone else back', () => {
    const open = act(withCo(ANA, BEN), FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    const byMember = accepted(applyCommand(open, { type: 'return_to_group' }, ANA, T0 + 5 * MINUTE));
    expect(partOf(byMember.state, 'ana')).toBe('main');
    expect(mayConnect(byMember.state, 'ana', 'ben')).toBe(true);
    expect(byMember.effects).toContainEqual({
      type: 'audit',
      action: 'room.side_room_ended',
      actorId: 'ana',
      targetUserId: 'ana',
      details: { minutes: 5 }
    });
    expect(partOf(act(open, FACILITATOR, { type: 'return_to_group' }), 'fay')).toBe('main');
    expect(partOf(act(open, CO_FACILITATOR, { type: 'return_to_group', userId: 'ana' }), 'ana')).toBe('main');
    expectRefused(applyCommand(open, { type: 'return_to_group', userId: 'ana' }, BEN, T0), 'forbidden');
    expectRefused(applyCommand(open, { type: 'return_to_group' }, BEN, T0), 'conflict');
  });

  it('refuses a participant starting one, a facilitator as the member, a second room for the same person', () => {
    const state = withCo(ANA, BEN);
    expectRefused(applyCommand(state, { type: 'start_side_room', userId: 'ben' }, ANA, T0), 'forbidden');
    expectRefused(applyCommand(state, { type: 'start_side_room', userId: 'cole' }, FACILITATOR, T0), 'conflict');
    const open = act(state, FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    expectRefused(applyCommand(open, { type: 'start_side_room', userId: 'ana' }, CO_FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(open, { type: 'start_side_room', userId: 'ben' }, FACILITATOR, T0), 'conflict');
    // The co-facilitator may take another member: then nobody facilitates the group, which pauses.
    const two = act(open, CO_FACILITATOR, { type: 'start_side_room', userId: 'ben' });
    expect(partOf(two, 'ben')).toBe('side:cole');
    expect(mayConnect(two, 'ben', 'ana')).toBe(false);
    expect(groupPaused(two)).toBe(true);
  });

  it('closes when the member leaves or is sent to the waiting room, and with the session', () => {
    const open = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    expect(partOf(observe(open, { type: 'person_left', userId: 'ana' }), 'fay')).toBe('main');
    expect(partOf(act(open, FACILITATOR, { type: 'send_to_waiting', userId: 'ana' }), 'fay')).toBe('main');
    const ended = act(open, FACILITATOR, { type: 'end_session' });
    expect(ended.parts?.sideRooms).toEqual([]);
    // A short reconnection keeps it.
    expect(partOf(observe(open, { type: 'person_disconnected', userId: 'ana' }), 'ana')).toBe('side:fay');
  });
});

describe('breakout pairs', () => {
  it('pairs in twos and puts the odd one in a trio', () => {
    expect(pairUp(['a', 'b', 'c', 'd'])).toEqual([['a', 'b'], ['c', 'd']]);
    expect(pairUp(['a', 'b', 'c'])).toEqual([['a', 'b', 'c']]);
    expect(pairUp(['a'])).toEqual([]);
  });

  it('random pairs hold every member once, facilitators stay with the group, the timer counts down', () => {
    const started = accepted(applyCommand(roomWith(ANA, BEN, CAT, DAN), { type: 'start_breakout', minutes: 5, seed: 7 }, FACILITATOR, T0));
    const pairs = started.state.parts!.breakout!.pairs;
    expect(pairs).toHaveLength(2);
    expect(pairs.flatMap((p) => p.members).sort()).toEqual(['ana', 'ben', 'cat', 'dan']);
    expect(partOf(started.state, 'fay')).toBe('main');
    const [a, b] = pairs[0]!.members;
    expect(mayConnect(started.state, a!, b!)).toBe(true);
    expect(mayConnect(started.state, a!, pairs[1]!.members[0]!)).toBe(false);
    expect(mayConnect(started.state, a!, 'fay')).toBe(false);
    expect(breakoutRemainingMs(started.state, T0 + 2 * MINUTE)).toBe(3 * MINUTE);
    expect(started.effects).toContainEqual({
      type: 'audit',
      action: 'room.breakout_started',
      actorId: 'fay',
      details: { pairs: 2, minutes: 5, chosen: 0 }
    });
  });

  it('takes chosen pairs and refuses a person in two pairs, a facilitator in a pair, someone not in the room', () => {
    const state = roomWith(ANA, BEN, CAT, DAN);
    const chosen = act(state, FACILITATOR, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'cat'], ['ben', 'dan']] });
    expect(chosen.parts!.breakout!.pairs.map((p) => p.members)).toEqual([['ana', 'cat'], ['ben', 'dan']]);
    expectRefused(applyCommand(state, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'ben'], ['ben', 'cat']] }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'fay']] }, FACILITATOR, T0), 'conflict');
    expectRefused(applyCommand(state, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'zed']] }, FACILITATOR, T0), 'not_found');
    expectRefused(applyCommand(state, { type: 'start_breakout', minutes: 3 }, ANA, T0), 'forbidden');
    expectRefused(applyCommand(roomWith(ANA), { type: 'start_breakout', minutes: 3 }, FACILITATOR, T0), 'conflict');
    expect(parseRoomCommand({ type: 'start_breakout', minutes: 0 }).ok).toBe(false);
    expect(parseRoomCommand({ type: 'start_breakout', minutes: 5, pairs: [['ana']] }).ok).toBe(false);
  });

  it('a raised hand in a pair shows on the pair; a visiting facilitator joins that pair only and clears it', () => {
    let state = act(roomWith(ANA, BEN, CAT, DAN), FACILITATOR, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'cat'], ['ben', 'dan']] });
    state = act(state, BEN, { type: 'pair_hand', raised: true }, T0 + MINUTE);
    expect(state.parts!.breakout!.pairs[1]!.handRaisedAt).toBe(T0 + MINUTE);
    expectRefused(applyCommand(state, { type: 'pair_hand', raised: true }, FACILITATOR, T0), 'conflict');
    state = act(state, FACILITATOR, { type: 'visit_pair', pairId: 'pair-2' });
    expect(state.parts!.breakout!.pairs[1]!.handRaisedAt).toBeNull();
    expect(mayConnect(state, 'fay', 'ben')).toBe(true);
    expect(mayConnect(state, 'fay', 'ana')).toBe(false);
    state = act(state, FACILITATOR, { type: 'visit_pair', pairId: 'pair-1' });
    expect(mayConnect(state, 'fay', 'ana')).toBe(true);
    expect(mayConnect(state, 'fay', 'ben')).toBe(false);
    expect(partOf(act(state, FACILITATOR, { type: 'visit_pair', pairId: null }), 'fay')).toBe('main');
    expectRefused(applyCommand(state, { type: 'visit_pair', pairId: 'pair-9' }, FACILITATOR, T0), 'conflict');
  });

  it('all return when the facilitator calls them back or the time is up, not before', () => {
    const state = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_breakout', minutes: 2 });
    expectRefused(applyServerEvent(state, { type: 'breakout_time_up' }, T0 + MINUTE), 'conflict');
    const timeUp = accepted(applyServerEvent(state, { type: 'breakout_time_up' }, T0 + 2 * MINUTE));
    expect(timeUp.state.parts!.breakout).toBeNull();
    expect(mayConnect(timeUp.state, 'ana', 'fay')).toBe(true);
    expect(timeUp.effects).toContainEqual({ type: 'audit', action: 'room.breakout_ended', actorId: null, details: { pairs: 1, reason: 'time_up' } });
    expect(act(state, FACILITATOR, { type: 'end_breakout' }).parts!.breakout).toBeNull();
  });

  it('the server gives each pair named its copy of the worksheet, once, for pairs that exist only', () => {
    const state = act(roomWith(ANA, BEN, CAT, DAN), FACILITATOR, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'cat'], ['ben', 'dan']] });
    const ready = (copies: Record<string, string>) => applyServerEvent(state, { type: 'pair_worksheet_ready', worksheetId: 'ws', copies }, T0);
    const linked = accepted(ready({ 'pair-1': 'copy-a', 'pair-2': 'copy-b' })).state;
    expect(linked.parts!.breakout!.worksheetId).toBe('ws');
    expect(linked.parts!.breakout!.pairs.map((p) => p.worksheetCopyId)).toEqual(['copy-a', 'copy-b']);
    expectRefused(applyServerEvent(linked, { type: 'pair_worksheet_ready', worksheetId: 'ws2', copies: { 'pair-1': 'x', 'pair-2': 'y' } }, T0), 'conflict');
    expect(accepted(ready({ 'pair-2': 'copy-b' })).state.parts!.breakout!.pairs.map((p) => p.worksheetCopyId)).toEqual([undefined, 'copy-b']);
    expectRefused(ready({}), 'conflict');
    expectRefused(ready({ 'pair-1': 'copy-a', 'pair-9': 'copy-c' }), 'conflict');
    expectRefused(applyServerEvent(roomWith(ANA, BEN), { type: 'pair_worksheet_ready', worksheetId: 'ws', copies: {} }, T0), 'conflict');
    expect(act(linked, FACILITATOR, { type: 'end_breakout' }).parts!.breakout).toBeNull();
  });

  it('side rooms and pairs do not overlap', () => {
    const pairs = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_breakout', minutes: 2 });
    expectRefused(applyCommand(pairs, { type: 'start_side_room', userId: 'ana' }, FACILITATOR, T0), 'conflict');
    const side = act(roomWith(ANA, BEN), FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    expectRefused(applyCommand(side, { type: 'start_breakout', minutes: 2 }, FACILITATOR, T0), 'conflict');
  });
});

describe('what each screen shows', () => {
  it('tells the group who is with a facilitator, and the two in the side room who they are with', async () => {
    const { myPart, awayFromGroup, sideRoomsSeenFromGroup } = await import('./view');
    const state = act(withCo(ANA, BEN), FACILITATOR, { type: 'start_side_room', userId: 'ana' });
    expect(awayFromGroup(state, 'ben')).toEqual([
      { userId: 'fay', note: 'In a side room' },
      { userId: 'ana', note: 'With a facilitator' }
    ]);
    expect(awayFromGroup(state, 'ana')).toEqual([]);
    // Whoever stays with the group (the co-facilitator leading it now) can be told who is where; the two inside are not.
    expect(sideRoomsSeenFromGroup(state, 'ben')).toEqual([{ facilitatorId: 'fay', memberId: 'ana' }]);
    expect(sideRoomsSeenFromGroup(state, 'fay')).toEqual([]);
    expect(sideRoomsSeenFromGroup(act(withCo(ANA, BEN), FACILITATOR, { type: 'start_breakout', minutes: 2 }), 'ben')).toEqual([]);
    expect(myPart(state, 'ana')).toMatchObject({ kind: 'side', otherUserId: 'fay', asFacilitator: false });
    expect(myPart(state, 'fay')).toMatchObject({ kind: 'side', otherUserId: 'ana', asFacilitator: true, memberId: 'ana' });
    expect(myPart(state, 'ben')).toEqual({ kind: 'main', paused: false });
  });

  it('names each pair, its partners, visitors and raised hand', async () => {
    const { myPart, awayFromGroup } = await import('./view');
    let state = act(roomWith(ANA, BEN, CAT, DAN), FACILITATOR, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'cat'], ['ben', 'dan']] });
    state = act(state, BEN, { type: 'pair_hand' });
    expect(myPart(state, 'dan')).toMatchObject({ kind: 'pair', label: 'Pair 2', partners: ['ben'], handRaised: true, visitors: [], visiting: false });
    expect(awayFromGroup(state, 'fay').map((a) => a.note)).toEqual(['In pair 1', 'In pair 2', 'In pair 1', 'In pair 2']);
    state = act(state, FACILITATOR, { type: 'visit_pair', pairId: 'pair-1' });
    expect(myPart(state, 'fay')).toMatchObject({ kind: 'pair', label: 'Pair 1', partners: ['ana', 'cat'], visiting: true, visitors: ['fay'] });
    expect(myPart(state, 'ana')).toMatchObject({ visitors: ['fay'] });
  });
});

describe('myPairWorksheet', () => {
  it('shows my pair’s copy, the visited pair’s to a facilitator, and nothing before the copies exist or outside a pair', async () => {
    const { myPairWorksheet } = await import('./view');
    let state = act(roomWith(ANA, BEN, CAT, DAN), FACILITATOR, { type: 'start_breakout', minutes: 3, pairs: [['ana', 'cat'], ['ben', 'dan']] });
    expect(myPairWorksheet(state, 'ana')).toBeNull();
    state = accepted(applyServerEvent(state, { type: 'pair_worksheet_ready', worksheetId: 'ws', copies: { 'pair-1': 'c1', 'pair-2': 'c2' } }, T0)).state;
    expect(myPairWorksheet(state, 'ana')).toEqual({ worksheetId: 'ws', copyId: 'c1', label: 'Pair 1' });
    expect(myPairWorksheet(state, 'dan')).toEqual({ worksheetId: 'ws', copyId: 'c2', label: 'Pair 2' });
    expect(myPairWorksheet(state, 'fay')).toBeNull();
    state = act(state, FACILITATOR, { type: 'visit_pair', pairId: 'pair-2' });
    expect(myPairWorksheet(state, 'fay')).toMatchObject({ copyId: 'c2' });
  });
});

describe('timeLeft', () => {
  it('shows minutes and seconds, rounding up, never negative', async () => {
    const { timeLeft } = await import('./view');
    expect(timeLeft(125_000)).toBe('2:05');
    expect(timeLeft(59_001)).toBe('1:00');
    expect(timeLeft(-5)).toBe('0:00');
  });
});

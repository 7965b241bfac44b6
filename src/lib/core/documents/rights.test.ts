import { describe, expect, it } from 'vitest';
import type { Role } from '../group/rules';
import { documentAccess, isDowngrade, liveSessionRefusal, pairRefusal, type DocumentState } from './rights';

const open: DocumentState = { locked: false, archived: false, hasOwner: false };
const locked: DocumentState = { ...open, locked: true };
const archived: DocumentState = { ...open, archived: true };
const member = (role: Role | null, isOwner = false) => ({ role, isOwner });

describe('board rights', () => {
  it('members write an unlocked board; non-members have none', () => {
    expect(documentAccess('board', member('participant'), open)).toBe('write');
    expect(documentAccess('board', member('co_facilitator'), open)).toBe('write');
    expect(documentAccess('board', member(null), open)).toBe('none');
  });

  it('a lock makes participants read while facilitators keep writing', () => {
    expect(documentAccess('board', member('participant'), locked)).toBe('read');
    expect(documentAccess('board', member('facilitator'), locked)).toBe('write');
    expect(documentAccess('board', member('co_facilitator'), locked)).toBe('write');
  });

  it('an archived board is read-only for everyone in the group', () => {
    expect(documentAccess('board', member('facilitator'), archived)).toBe('read');
    expect(documentAccess('board', member('participant'), { ...archived, locked: true })).toBe('read');
    expect(documentAccess('board', member(null), archived)).toBe('none');
  });
});

describe('other kinds', () => {
  it('session state is written by the server only', () => {
    expect(documentAccess('session_state', member('facilitator'), open)).toBe('read');
    expect(documentAccess('session_state', member(null), open)).toBe('none');
  });

  it('session state: participants read it only while they are in the room', () => {
    expect(documentAccess('session_state', { ...member('participant'), inRoom: true }, open)).toBe('read');
    expect(documentAccess('session_state', { ...member('participant'), inRoom: false }, open)).toBe('none');
    expect(documentAccess('session_state', member('participant'), open)).toBe('none');
    expect(documentAccess('session_state', { ...member('co_facilitator'), inRoom: false }, open)).toBe('read');
    expect(documentAccess('session_state', { ...member(null), inRoom: true }, open)).toBe('none');
  });

  it('notes belong to their owner alone', () => {
    expect(documentAccess('notes', member('participant', true), { ...open, hasOwner: true })).toBe('write');
    expect(documentAccess('notes', member('facilitator'), { ...open, hasOwner: true })).toBe('none');
  });

  it('individual worksheets: owner writes, facilitators read and write (to help), other participants see nothing', () => {
    const own = { ...open, hasOwner: true };
    expect(documentAccess('worksheet', member('participant', true), own)).toBe('write');
    expect(documentAccess('worksheet', member('facilitator'), own)).toBe('write');
    expect(documentAccess('worksheet', member('co_facilitator'), own)).toBe('write');
    expect(documentAccess('worksheet', member('participant'), own)).toBe('none');
    expect(documentAccess('worksheet', member(null), own)).toBe('none');
    expect(documentAccess('worksheet', member('participant'), open)).toBe('write');
  });

  it('individual worksheets: a copy its owner shared is read by the group, written by its owner only', () => {
    const shared = { ...open, hasOwner: true, sharedWithGroup: true };
    expect(documentAccess('worksheet', member('participant'), shared)).toBe('read');
    expect(documentAccess('worksheet', member('participant', true), shared)).toBe('write');
    expect(documentAccess('worksheet', member(null), shared)).toBe('none');
    expect(documentAccess('worksheet', member('participant'), { ...shared, sharedWithGroup: false })).toBe('none');
  });

  it('individual worksheets: archived copies are read-only, a lock stops the owner but not facilitators', () => {
    const own = { ...open, hasOwner: true };
    expect(documentAccess('worksheet', member('participant', true), { ...own, locked: true })).toBe('read');
    expect(documentAccess('worksheet', member('facilitator'), { ...own, locked: true })).toBe('write');
    expect(documentAccess('worksheet', member('facilitator'), { ...own, archived: true })).toBe('read');
    expect(documentAccess('worksheet', member('participant', true), { ...own, archived: true })).toBe('read');
  });
});

it('isDowngrade orders none < read < write', () => {
  expect(isDowngrade('write', 'read')).toBe(true);
  expect(isDowngrade('read', 'none')).toBe(true);
  expect(isDowngrade('read', 'write')).toBe(false);
  expect(isDowngrade('read', 'read')).toBe(false);
});

describe('a participant removed from the live session', () => {
  const removed = { role: 'participant' as Role, isOwner: true, removedFromLiveSession: true };
  it('opens none of the group documents until the session ends, their own worksheet copy included', () => {
    expect(documentAccess('board', removed, open)).toBe('none');
    expect(documentAccess('board', removed, locked)).toBe('none');
    expect(documentAccess('worksheet', removed, { ...open, hasOwner: true })).toBe('none');
    expect(documentAccess('session_state', { ...removed, inRoom: true }, open)).toBe('none');
    expect(documentAccess('board', { ...removed, removedFromLiveSession: false }, open)).toBe('write');
  });

  it('keeps their private notes, and never applies to facilitators', () => {
    expect(documentAccess('notes', removed, { ...open, hasOwner: true })).toBe('write');
    expect(documentAccess('board', { ...removed, role: 'co_facilitator' }, open)).toBe('write');
  });
});

describe('a document linked to the live session, for someone outside its room', () => {
  const outside = { role: 'participant' as Role, isOwner: true, outsideLiveSessionRoom: true };
  it('opens neither for reading nor writing, their own worksheet copy included', () => {
    expect(documentAccess('board', outside, open)).toBe('none');
    expect(documentAccess('worksheet', outside, { ...open, hasOwner: true })).toBe('none');
    expect(documentAccess('board', { ...outside, outsideLiveSessionRoom: false }, open)).toBe('write');
  });

  it('never applies to facilitators or to private notes', () => {
    expect(documentAccess('board', { ...outside, role: 'co_facilitator' }, open)).toBe('write');
    expect(documentAccess('notes', outside, { ...open, hasOwner: true })).toBe('write');
  });
});

describe('liveSessionRefusal: the reason HTTP reads give for the same rule', () => {
  it('names removal first, then being outside the room, and nothing for facilitators, non-members or between sessions', () => {
    expect(liveSessionRefusal({ role: 'participant', isOwner: false, removedFromLiveSession: true, outsideLiveSessionRoom: true })).toBe('removed_from_session');
    expect(liveSessionRefusal({ role: 'participant', isOwner: false, outsideLiveSessionRoom: true })).toBe('not_in_room');
    expect(liveSessionRefusal({ role: 'participant', isOwner: false })).toBeUndefined();
    expect(liveSessionRefusal({ role: 'facilitator', isOwner: false, removedFromLiveSession: true, outsideLiveSessionRoom: true })).toBeUndefined();
    expect(liveSessionRefusal({ role: 'co_facilitator', isOwner: false, outsideLiveSessionRoom: true })).toBeUndefined();
    expect(liveSessionRefusal({ role: null, isOwner: false, outsideLiveSessionRoom: true })).toBeUndefined();
  });
});

describe('a breakout pair’s worksheet', () => {
  // Pair 1 is ana and ben; cat is in pair 2; dan is in no pair (joined late, say).
  const pairOne: DocumentState = { ...open, pairMembers: ['ana', 'ben'] };
  const after: DocumentState = { ...pairOne, archived: true };
  const person = (userId: string, role: Role | null = 'participant') => ({ role, isOwner: false, userId });

  it('while the pairs work: the pair’s members and the facilitators write it', () => {
    expect(documentAccess('worksheet', person('ana'), pairOne)).toBe('write');
    expect(documentAccess('worksheet', person('ben'), pairOne)).toBe('write');
    expect(documentAccess('worksheet', person('fay', 'facilitator'), pairOne)).toBe('write');
    expect(documentAccess('worksheet', person('cole', 'co_facilitator'), pairOne)).toBe('write');
  });

  it('a member of another pair, a member in no pair and a non-member open nothing', () => {
    expect(documentAccess('worksheet', person('cat'), pairOne)).toBe('none');
    expect(documentAccess('worksheet', person('dan'), pairOne)).toBe('none');
    expect(documentAccess('worksheet', { role: 'participant', isOwner: false }, pairOne)).toBe('none');
    expect(documentAccess('worksheet', person('ana', null), pairOne)).toBe('none');
    expect(pairRefusal(person('cat'), pairOne)).toBe('not_in_pair');
    expect(pairRefusal(person('ana'), pairOne)).toBeUndefined();
    expect(pairRefusal(person('fay', 'facilitator'), pairOne)).toBeUndefined();
    expect(pairRefusal(person('cat'), open)).toBeUndefined();
  });

  it('a lock leaves the pair reading while facilitators write', () => {
    expect(documentAccess('worksheet', person('ana'), { ...pairOne, locked: true })).toBe('read');
    expect(documentAccess('worksheet', person('fay', 'facilitator'), { ...pairOne, locked: true })).toBe('write');
    expect(documentAccess('worksheet', person('cat'), { ...pairOne, locked: true })).toBe('none');
  });

  it('after the breakout (archived): the pair’s members and the facilitators read it, nobody else', () => {
    expect(documentAccess('worksheet', person('ana'), after)).toBe('read');
    expect(documentAccess('worksheet', person('fay', 'facilitator'), after)).toBe('read');
    expect(documentAccess('worksheet', person('cat'), after)).toBe('none');
    expect(documentAccess('worksheet', person('dan'), after)).toBe('none');
    expect(isDowngrade(documentAccess('worksheet', person('ana'), pairOne), documentAccess('worksheet', person('ana'), after))).toBe(true);
  });

  it('the live session’s rule still applies to a pair member outside the room', () => {
    expect(documentAccess('worksheet', { ...person('ana'), removedFromLiveSession: true }, pairOne)).toBe('none');
  });
});

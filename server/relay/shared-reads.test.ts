import { expect, it } from 'vitest';
import type { Store } from '../storage/store';
import { sharedReads } from './shared-reads';

it('reads each sign-in, document, membership, group sessions and room once per round, and leaves the rest of the store alone', async () => {
  const reads: string[] = [];
  const store = {
    logins: { get: async (id: string) => (reads.push(`login ${id}`), { id }) },
    documents: { get: async (id: string) => (reads.push(`doc ${id}`), { id }) },
    members: { get: async (groupId: string, userId: string) => (reads.push(`member ${groupId} ${userId}`), { groupId, userId }) },
    sessions: { liveForGroup: async (groupId: string) => (reads.push(`sessions ${groupId}`), undefined) },
    rooms: { get: async (sessionId: string) => (reads.push(`room ${sessionId}`), undefined) },
    groups: { get: async () => 'real groups' }
  } as unknown as Store;
  const round = sharedReads(store);
  await Promise.all([
    round.logins.get('l1'),
    round.logins.get('l1'),
    round.documents.get('d1'),
    round.documents.get('d2'),
    round.documents.get('d1'),
    round.members.get('g1', 'u1'),
    round.members.get('g1', 'u1'),
    round.members.get('g1', 'u2'),
    round.sessions.liveForGroup('g1'),
    round.sessions.liveForGroup('g1'),
    round.rooms.get('s1'),
    round.rooms.get('s1')
  ]);
  expect(reads.sort()).toEqual(['doc d1', 'doc d2', 'login l1', 'member g1 u1', 'member g1 u2', 'room s1', 'sessions g1']);
  expect((await round.members.get('g1', 'u2'))?.userId).toBe('u2');
  expect(await round.groups.get('g1')).toBe('real groups');
  // A new round reads again: nothing is kept between rounds.
  await sharedReads(store).documents.get('d1');
  expect(reads.filter((r) => r === 'doc d1')).toHaveLength(2);
});

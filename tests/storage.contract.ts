/**
 * The storage contract: one suite every Store implementation and driver must pass.
 * Run by storage-postgres.test.ts on PostgreSQL (CI's or the run's embedded server).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../server/db/client';
import { createDrizzleStore } from '../server/storage/drizzle-store';
import type { Store } from '../server/storage/store';
import { boardDocName } from '../src/lib/core/documents/names';

export function storageContract(name: string, open: () => Promise<DbHandle & { drop(): Promise<void> }>) {
  describe(`storage contract: ${name}`, () => {
    let handle: DbHandle & { drop(): Promise<void> };
    let store: Store;

    beforeAll(async () => {
      handle = await open();
      store = createDrizzleStore(handle);
    });
    afterAll(async () => {
      await handle.drop();
    });

    const newUser = async (displayName = 'Person') => {
      const user = await store.users.create({
        id: randomUUID(),
        email: `${randomUUID()}@example.org`,
        displayName,
        passwordHash: '$argon2id$stub'
      });
      return user!;
    };

    const newGroup = async (createdBy: string, maxSize = 10) =>
      store.groups.create({
        id: randomUUID(),
        name: 'Tuesday CBT group',
        kind: 'cbt',
        description: '',
        maxSize,
        agreement: 'Be kind.',
        createdBy
      });

    const newInvite = async (groupId: string, createdBy: string, patch: { maxUses?: number; expiresAt?: Date } = {}) => {
      const tokenHash = randomUUID();
      await store.invites.create({
        id: randomUUID(),
        groupId,
        tokenHash,
        maxUses: patch.maxUses ?? 10,
        expiresAt: patch.expiresAt ?? new Date(Date.now() + 3_600_000),
        createdBy
      });
      return tokenHash;
    };

    it('creates users with unique emails and finds them by id and email', async () => {
      const user = await newUser('Ana');
      expect(await store.users.byId(user.id)).toMatchObject({ email: user.email, displayName: 'Ana' });
      expect(await store.users.byEmail(user.email)).toMatchObject({ id: user.id });
      const again = await store.users.create({ id: randomUUID(), email: user.email, displayName: 'X', passwordHash: 'x' });
      expect(again).toBeUndefined();
      expect(await store.users.update(user.id, { displayName: 'Ana B' })).toMatchObject({ displayName: 'Ana B' });
    });

    it('keeps sign-ins, touches and ends them, everywhere but one', async () => {
      const user = await newUser();
      const now = new Date();
      for (const id of ['a', 'b', 'c'].map((x) => `${x}-${user.id}`)) {
        await store.logins.create({ id, userId: user.id, expiresAt: new Date(now.getTime() + 60_000), ip: '127.0.0.1', userAgent: null, now });
      }
      const later = new Date(now.getTime() + 5_000);
      await store.logins.touch(`a-${user.id}`, later);
      expect((await store.logins.get(`a-${user.id}`))!.lastSeenAt.getTime()).toBe(later.getTime());
      expect((await store.logins.get(`a-${user.id}`))!.user.id).toBe(user.id);
      await store.logins.delete(`b-${user.id}`);
      expect(await store.logins.get(`b-${user.id}`)).toBeUndefined();
      expect(await store.logins.deleteForUser(user.id, `a-${user.id}`)).toEqual([`c-${user.id}`]);
      expect(await store.logins.get(`a-${user.id}`)).toBeDefined();
      expect(await store.logins.get(`c-${user.id}`)).toBeUndefined();
    });

    it('creates a group with its creator as facilitator and lists it with the member count', async () => {
      const user = await newUser();
      const group = await newGroup(user.id);
      expect(group.agreementVersion).toBe(1);
      expect(await store.members.get(group.id, user.id)).toMatchObject({ role: 'facilitator' });
      const listed = await store.groups.listForUser(user.id);
      expect(listed).toEqual([expect.objectContaining({ id: group.id, role: 'facilitator', memberCount: 1 })]);
    });

    it('bumps the agreement version only when its text changes', async () => {
      const user = await newUser();
      const group = await newGroup(user.id);
      expect((await store.groups.update(group.id, { name: 'Renamed' }))!.agreementVersion).toBe(1);
      expect((await store.groups.update(group.id, { agreement: 'Be kind.' }))!.agreementVersion).toBe(1);
      expect((await store.groups.update(group.id, { agreement: 'Be kind. Be on time.' }))!.agreementVersion).toBe(2);
      expect(await store.groups.update(randomUUID(), { name: 'x' })).toBeUndefined();
    });

    it('redeems an invite: adds a participant, counts the use and records the accepted agreement', async () => {
      const owner = await newUser();
      const joiner = await newUser('Pat');
      const group = await newGroup(owner.id);
      const tokenHash = await newInvite(group.id, owner.id);
      const outcome = await store.invites.redeem(tokenHash, joiner.id, 1, new Date());
      expect(outcome).toMatchObject({ ok: true, alreadyMember: false, membership: { role: 'participant' } });
      expect((await store.invites.byTokenHash(tokenHash))!.uses).toBe(1);
      expect(await store.members.latestAcceptance(group.id, joiner.id)).toMatchObject({ agreementVersion: 1 });
      const again = await store.invites.redeem(tokenHash, joiner.id, 1, new Date());
      expect(again).toMatchObject({ ok: true, alreadyMember: true });
      expect((await store.invites.byTokenHash(tokenHash))!.uses).toBe(1);
      const members = await store.members.list(group.id);
      expect(members.map((m) => [m.displayName, m.role])).toEqual([
        ['Person', 'facilitator'],
        ['Pat', 'participant']
      ]);
    });

    it('refuses expired, revoked and used-up invites, a full group and a changed agreement', async () => {
      const owner = await newUser();
      const group = await newGroup(owner.id, 2);
      const now = new Date();
      const expired = await newInvite(group.id, owner.id, { expiresAt: new Date(now.getTime() - 1) });
      expect(await store.invites.redeem(expired, (await newUser()).id, 1, now)).toEqual({ ok: false, reason: 'expired' });

      const revoked = await newInvite(group.id, owner.id);
      const revokedRow = (await store.invites.byTokenHash(revoked))!;
      expect((await store.invites.revoke(revokedRow.id, now))!.revokedAt).not.toBeNull();
      expect(await store.invites.redeem(revoked, (await newUser()).id, 1, now)).toEqual({ ok: false, reason: 'revoked' });

      const valid = await newInvite(group.id, owner.id);
      expect(await store.invites.redeem(valid, (await newUser()).id, 2, now)).toEqual({ ok: false, reason: 'agreement_changed' });
      expect(await store.invites.redeem(valid, (await newUser()).id, 1, now)).toMatchObject({ ok: true });
      expect(await store.invites.redeem(valid, (await newUser()).id, 1, now)).toEqual({ ok: false, reason: 'group_full' });

      const single = await newInvite((await newGroup(owner.id)).id, owner.id, { maxUses: 1 });
      expect(await store.invites.redeem(single, (await newUser()).id, 1, now)).toMatchObject({ ok: true });
      expect(await store.invites.redeem(single, (await newUser()).id, 1, now)).toEqual({ ok: false, reason: 'used_up' });
      expect(await store.invites.redeem('no-such-hash', (await newUser()).id, 1, now)).toEqual({ ok: false, reason: 'not_found' });
    });

    it('never lets concurrent redemptions pass the invite uses or the group size', async () => {
      const owner = await newUser();
      const group = await newGroup(owner.id, 4);
      const tokenHash = await newInvite(group.id, owner.id, { maxUses: 10 });
      const people = await Promise.all(Array.from({ length: 8 }, () => newUser()));
      const outcomes = await Promise.all(people.map((p) => store.invites.redeem(tokenHash, p.id, 1, new Date())));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'group_full')).toHaveLength(5);
      expect(await store.members.count(group.id)).toBe(4);
      expect((await store.invites.byTokenHash(tokenHash))!.uses).toBe(3);
    });

    it('changes roles and removes members', async () => {
      const owner = await newUser();
      const other = await newUser();
      const group = await newGroup(owner.id);
      await store.invites.redeem(await newInvite(group.id, owner.id), other.id, 1, new Date());
      expect(await store.members.setRole(group.id, other.id, 'co_facilitator')).toMatchObject({ role: 'co_facilitator' });
      expect(await store.members.remove(group.id, other.id)).toBe(true);
      expect(await store.members.remove(group.id, other.id)).toBe(false);
      expect(await store.members.get(group.id, other.id)).toBeUndefined();
    });

    it('moves sessions through their statuses only from the expected one', async () => {
      const owner = await newUser();
      const group = await newGroup(owner.id);
      const session = await store.sessions.create({
        id: randomUUID(),
        groupId: group.id,
        title: 'Session 1',
        startsAt: new Date(Date.now() + 86_400_000),
        durationMinutes: 90,
        createdBy: owner.id
      });
      expect(session.status).toBe('scheduled');
      expect(await store.sessions.listUpcomingForUser(owner.id)).toEqual([
        expect.objectContaining({ id: session.id, groupName: 'Tuesday CBT group' })
      ]);
      const at = new Date();
      expect(await store.sessions.transition(session.id, ['live'], 'ended', at)).toBeUndefined();
      const live = (await store.sessions.transition(session.id, ['scheduled'], 'live', at))!;
      expect(live).toMatchObject({ status: 'live' });
      expect(live.startedAt!.getTime()).toBe(at.getTime());
      const ended = (await store.sessions.transition(session.id, ['live'], 'ended', at))!;
      expect(ended.endedAt!.getTime()).toBe(at.getTime());
      expect(await store.sessions.listUpcomingForUser(owner.id)).toEqual([]);
      expect((await store.sessions.listForGroup(group.id)).map((s) => s.status)).toEqual(['ended']);
    });

    it('records attendance as stays: one open stay per person, closed on leave or at the end', async () => {
      const owner = await newUser('Fran');
      const group = await newGroup(owner.id);
      const session = await store.sessions.create({ id: randomUUID(), groupId: group.id, title: 'S', startsAt: null, durationMinutes: 60, createdBy: owner.id });
      const t0 = new Date('2026-11-26T18:00:00Z');
      await store.attendance.open(session.id, owner.id, t0);
      await store.attendance.open(session.id, owner.id, new Date(t0.getTime() + 1_000));
      await store.attendance.close(session.id, owner.id, new Date(t0.getTime() + 60_000));
      await store.attendance.open(session.id, owner.id, new Date(t0.getTime() + 120_000));
      await store.attendance.closeAll(session.id, new Date(t0.getTime() + 180_000));
      const stays = await store.attendance.list(session.id);
      expect(stays.map((s) => [s.joinedAt.getTime() - t0.getTime(), s.leftAt!.getTime() - t0.getTime()])).toEqual([
        [0, 60_000],
        [120_000, 180_000]
      ]);
      expect(stays[0].displayName).toBe('Fran');
    });

    it('appends audit entries, lists them newest first with paging, and refuses to change them', async () => {
      const owner = await newUser('Fran');
      const groupId = randomUUID();
      for (const action of ['a', 'b', 'c']) {
        await store.audit.append({ actorUserId: owner.id, action, groupId, ip: '127.0.0.1', details: { n: action } });
      }
      const entries = await store.audit.listForGroup(groupId);
      expect(entries.map((e) => e.action)).toEqual(['c', 'b', 'a']);
      expect(entries[0]).toMatchObject({ actorDisplayName: 'Fran', details: { n: 'c' }, ip: '127.0.0.1' });
      const page = await store.audit.listForGroup(groupId, { beforeId: entries[0].id, limit: 1 });
      expect(page.map((e) => e.action)).toEqual(['b']);
      expect((await store.audit.listForActor(owner.id)).length).toBe(3);
      await expect(handle.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
      await expect(handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
      expect((await store.audit.listForGroup(groupId)).map((e) => e.action)).toEqual(['c', 'b', 'a']);
    });

    it('appends a batch of document updates in order, in one statement, and loads them back byte for byte', async () => {
      const user = await newUser();
      const group = await newGroup(user.id);
      const boards = await Promise.all(
        ['A', 'B'].map((title) => {
          const id = randomUUID();
          return store.documents.create({ id, docName: boardDocName(id), kind: 'board', groupId: group.id, ownerId: null, title, createdBy: user.id });
        })
      );
      const at = new Date('2026-11-26T18:00:00.123Z');
      const batch = [0, 1, 2, 3, 4].map((i) => ({ documentId: boards[i % 2].id, update: new Uint8Array([i, 0, 255, i * 7]) }));
      const ids = await store.documents.appendUpdates(batch, at);
      expect(ids).toHaveLength(5);
      expect(ids.every((id) => typeof id === 'number' && Number.isInteger(id))).toBe(true);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      const first = await store.documents.load(boards[0].id);
      expect(first.snapshot).toBeNull();
      expect(first.updates.map((u) => [u.id, [...u.update]])).toEqual([
        [ids[0], [0, 0, 255, 0]],
        [ids[2], [2, 0, 255, 14]],
        [ids[4], [4, 0, 255, 28]]
      ]);
      expect((await store.documents.load(boards[1].id)).updates.map((u) => u.id)).toEqual([ids[1], ids[3]]);
      const [stamped] = await handle.sql.unsafe('select created_at from document_updates where id = $1', [ids[0]]);
      expect(new Date(stamped.created_at as string | Date).getTime()).toBe(at.getTime());
      await expect(store.documents.appendUpdates([{ documentId: randomUUID(), update: new Uint8Array([0, 0]) }], at)).rejects.toThrow();
    });

    it('appends to and loads a document whose id holds quotes, braces and SQL (the cold load goes into COPY as a literal, the append into an array) with only its own rows', async () => {
      const user = await newUser();
      const group = await newGroup(user.id);
      const plain = randomUUID();
      // A backslash before the quote, too; and what an array literal holds (the append sends ids as one).
      const odd = `x\\'"{,}); delete from document_updates; select ('${plain}`;
      for (const id of [plain, odd]) {
        await store.documents.create({ id, docName: `board:${randomUUID()}`, kind: 'board', groupId: group.id, ownerId: null, title: 'Quotes', createdBy: user.id });
      }
      await store.documents.appendUpdates([{ documentId: plain, update: new Uint8Array([1, 2]) }, { documentId: odd, update: new Uint8Array([3, 4]) }], new Date());
      expect((await store.documents.load(odd)).updates.map((u) => [...u.update])).toEqual([[3, 4]]);
      expect((await store.documents.load(plain)).updates.map((u) => [...u.update])).toEqual([[1, 2]]);
    });

    it('compaction: a compacted log folds into one snapshot, new updates follow it, and every byte value survives', async () => {
      const user = await newUser();
      const group = await newGroup(user.id);
      const id = randomUUID();
      await store.documents.create({ id, docName: boardDocName(id), kind: 'board', groupId: group.id, ownerId: null, title: 'Long history', createdBy: user.id });
      const appendMany = async (count: number) => {
        for (let i = 0; i < count; i += 500) {
          const batch = Array.from({ length: 500 }, (_, j) => ({ documentId: id, update: new Uint8Array(40).fill((i + j) % 256) }));
          await store.documents.appendUpdates(batch, new Date());
        }
      };
      await appendMany(4000);
      // Every byte value survives the trip (bytea both ways).
      const stored = await store.documents.load(id);
      expect(stored.updates).toHaveLength(4000);
      expect([...stored.updates[255].update]).toEqual(new Array(40).fill(255));
      const fold = (snapshot: Uint8Array | null, updates: Uint8Array[]) => ({
        state: new Uint8Array([snapshot?.length ?? 0, updates.length % 256, 0, 255]),
        stateVector: new Uint8Array([7, 0, 255])
      });
      expect((await store.documents.compact(id, fold)).replaced).toBe(4000);
      await appendMany(4000);
      const after = await store.documents.load(id);
      expect(after.snapshot).toMatchObject({ state: new Uint8Array([0, 4000 % 256, 0, 255]), stateVector: new Uint8Array([7, 0, 255]) });
      expect(after.updates).toHaveLength(4000);
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

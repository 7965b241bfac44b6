/**
 * The tamper-evident audit log: entries are hash-chained per group, and GET /api/groups/:id/audit/verify names the
 * first broken link and every other. The test goes around the append-only triggers (as a database superuser could),
 * deletes one entry and rewrites another, and the verification names both.
 */
import { describe, expect, it } from 'vitest';
import { groupWithParticipant, useTestApp } from '../helpers/test-app';

const t = useTestApp();

describe('audit verification', () => {
  it('reports an intact chain, then names a deleted entry’s gap and a rewritten entry', async () => {
    const { facilitator, participant, group } = await groupWithParticipant(t);
    for (const name of ['One', 'Two', 'Three']) await facilitator.patch(`/api/groups/${group.id}`, { description: name });
    expect((await participant.get(`/api/groups/${group.id}/audit/verify`)).status).toBe(403);
    const intact = await facilitator.get(`/api/groups/${group.id}/audit/verify`);
    expect(intact.status).toBe(200);
    expect(intact.body.verification).toMatchObject({ ok: true, broken: [], firstBroken: null });
    expect(intact.body.verification.checked).toBeGreaterThanOrEqual(5);

    const ids = (await t.store.audit.chainOfGroup(group.id)).map((entry) => entry.id);
    const [deleted, rewritten] = [ids[1], ids[3]];
    await t.db.sql.begin(async (tx) => {
      await tx.unsafe("set local session_replication_role = 'replica'"); // triggers off, as only a superuser can
      await tx.unsafe('delete from audit_log where id = $1', [deleted]);
      await tx.unsafe(`update audit_log set details = '{"description":"nothing to see"}' where id = $1`, [rewritten]);
    });

    const report = (await facilitator.get(`/api/groups/${group.id}/audit/verify`)).body.verification;
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ id: ids[2], problem: 'missing_before', after: ids[0] });
    expect(report.broken).toEqual([
      { id: ids[2], problem: 'missing_before', after: ids[0] },
      { id: rewritten, problem: 'changed' }
    ]);
  });

  it('the triggers still refuse changes through the app’s own connection', async () => {
    const { group } = await groupWithParticipant(t);
    const [first] = await t.store.audit.chainOfGroup(group.id);
    await expect(t.db.sql.unsafe('delete from audit_log where id = $1', [first.id])).rejects.toThrow(/append-only/);
  });
});

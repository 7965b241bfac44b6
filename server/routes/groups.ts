/** /api/groups: groups, members, roles and the group agreement. */
import { Hono } from 'hono';
import { z } from 'zod';
import { conflict, forbidden, notFound } from '../../src/lib/core/errors';
import { DEFAULT_AGREEMENT, isFacilitating, removalAction } from '../../src/lib/core/group/rules';
import { acceptInviteSchema, changeRoleSchema, createGroupSchema, updateGroupSchema } from '../../src/lib/core/group/schema';
import { newId, requireUser } from '../auth/login-sessions';
import { verifyChain } from '../audit/chain';
import { groupNotesKeyHolderLeft } from '../group-notes/departure';
import { audit, requireCan, requireGroupAccess } from '../http/access';
import type { AppEnv } from '../http/context';
import { presentAudit, presentGroup, presentMember } from '../http/present';
import { idParam, parseWith, readJson } from '../http/validate';

const auditQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional()
});

export function groupRoutes() {
  return new Hono<AppEnv>()
    .post('/groups', async (c) => {
      const user = requireUser(c);
      const input = await readJson(c, createGroupSchema);
      const group = await c.get('deps').store.groups.create({
        id: newId(),
        name: input.name,
        kind: input.kind,
        description: input.description,
        maxSize: input.maxSize,
        agreement: input.agreement || DEFAULT_AGREEMENT,
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        requireSecondFactor: input.requireSecondFactor ?? c.get('deps').config.newGroupsRequireSecondFactor,
        createdBy: user.id
      });
      await audit(c, { action: 'group.create', targetType: 'group', targetId: group.id, groupId: group.id, details: { name: group.name } });
      return c.json({ group: presentGroup(group) }, 201);
    })

    .get('/groups', async (c) => {
      const user = requireUser(c);
      const groups = await c.get('deps').store.groups.listForUser(user.id);
      return c.json({
        groups: groups.map((g) => ({ ...presentGroup(g), role: g.role, memberCount: g.memberCount }))
      });
    })

    .get('/groups/:id', async (c) => {
      const { user, group, membership } = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      const { store } = c.get('deps');
      const [members, acceptance] = await Promise.all([
        store.members.list(group.id),
        store.members.latestAcceptance(group.id, user.id)
      ]);
      return c.json({
        group: presentGroup(group),
        members: members.map((m) => presentMember(m, membership.role)),
        myRole: membership.role,
        agreementAccepted: membership.role !== 'participant' || acceptance?.agreementVersion === group.agreementVersion
      });
    })

    .patch('/groups/:id', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'edit_group');
      const input = await readJson(c, updateGroupSchema);
      const { store } = c.get('deps');
      if (input.maxSize !== undefined && input.maxSize < (await store.members.count(group.id))) {
        throw conflict('The group already has more members than that.', { fields: { maxSize: 'Smaller than the group.' } });
      }
      const updated = (await store.groups.update(group.id, input))!;
      await audit(c, {
        action: 'group.update',
        targetType: 'group',
        targetId: group.id,
        groupId: group.id,
        details: { fields: Object.keys(input), agreementVersion: updated.agreementVersion }
      });
      return c.json({ group: presentGroup(updated) });
    })

    /** A member accepts the current agreement (after it changed, or a facilitator-added member). */
    .post('/groups/:id/agreement/accept', async (c) => {
      const { user, group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'));
      const input = await readJson(c, acceptInviteSchema);
      if (input.agreementVersion !== group.agreementVersion) {
        throw conflict('The agreement changed while you were reading it. Please read it again.', { reason: 'agreement_changed' });
      }
      const acceptance = await c.get('deps').store.members.recordAcceptance(group.id, user.id, group.agreementVersion, group.agreement);
      await audit(c, { action: 'agreement.accept', targetType: 'group', targetId: group.id, groupId: group.id, details: { agreementVersion: group.agreementVersion } });
      return c.json({ acceptance: { agreementVersion: acceptance.agreementVersion, acceptedAt: acceptance.acceptedAt.toISOString() } });
    })

    .patch('/groups/:id/members/:userId', async (c) => {
      const { user, group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'change_roles');
      const targetId = idParam(c, 'userId', 'Member');
      const input = await readJson(c, changeRoleSchema);
      if (targetId === user.id) throw forbidden('The lead facilitator keeps their role.');
      const { store } = c.get('deps');
      const before = await store.members.get(group.id, targetId);
      if (!before) throw notFound('Member');
      const membership = (await store.members.setRole(group.id, targetId, input.role))!;
      if (isFacilitating(before.role) && !isFacilitating(membership.role)) await groupNotesKeyHolderLeft(c, group.id, targetId);
      c.get('deps').events.emit('member.role_changed', { groupId: group.id, userId: targetId, role: membership.role });
      await audit(c, {
        action: 'member.role_change',
        targetType: 'user',
        targetId,
        groupId: group.id,
        details: { from: before.role, to: input.role }
      });
      return c.json({ membership: { groupId: group.id, userId: targetId, role: membership.role } });
    })

    /** Removes a member, or, for one's own id, leaves the group. */
    .delete('/groups/:id/members/:userId', async (c) => {
      const groupId = idParam(c, 'id', 'Group');
      const targetId = idParam(c, 'userId', 'Member');
      const { user, group, membership } = await requireGroupAccess(c, groupId);
      const { store } = c.get('deps');
      if (targetId === user.id) {
        if (membership.role === 'facilitator') {
          throw conflict('The lead facilitator cannot leave the group.');
        }
        await store.members.remove(group.id, user.id);
        if (isFacilitating(membership.role)) await groupNotesKeyHolderLeft(c, group.id, user.id);
        c.get('deps').events.emit('member.removed', { groupId: group.id, userId: user.id });
        await audit(c, { action: 'member.leave', targetType: 'user', targetId: user.id, groupId: group.id });
        return c.body(null, 204);
      }
      const target = await store.members.get(group.id, targetId);
      if (!target) throw notFound('Member');
      requireCan(membership, removalAction(target.role));
      if (target.role === 'facilitator') throw forbidden('The lead facilitator cannot be removed.');
      await store.members.remove(group.id, targetId);
      if (isFacilitating(target.role)) await groupNotesKeyHolderLeft(c, group.id, targetId);
      // Remembered: the same invite link does not let them back in until a facilitator allows it.
      await store.members.recordRemoval(group.id, targetId, user.id, c.get('deps').now());
      c.get('deps').events.emit('member.removed', { groupId: group.id, userId: targetId });
      await audit(c, { action: 'member.remove', targetType: 'user', targetId, groupId: group.id, details: { role: target.role } });
      return c.body(null, 204);
    })

    /** People a facilitator removed, who may not rejoin through an invite until allowed. */
    .get('/groups/:id/removed', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'remove_participant');
      const removed = await c.get('deps').store.members.listRemoved(group.id);
      return c.json({
        removed: removed.map((r) => ({ userId: r.userId, displayName: r.displayName, removedAt: r.removedAt.toISOString() }))
      });
    })

    .post('/groups/:id/removed/:userId/allow', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'remove_participant');
      const targetId = idParam(c, 'userId', 'Removed member');
      if (!(await c.get('deps').store.members.allowRejoin(group.id, targetId))) throw notFound('Removed member');
      await audit(c, { action: 'member.allow_rejoin', targetType: 'user', targetId, groupId: group.id });
      return c.body(null, 204);
    })

    /** Walks the group's hash chain: every broken link, the first one first (server/audit/chain.ts). */
    .get('/groups/:id/audit/verify', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'read_audit');
      const report = verifyChain(await c.get('deps').store.audit.chainOfGroup(group.id));
      return c.json({ verification: report });
    })

    .get('/groups/:id/audit', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'read_audit');
      const query = parseWith(auditQuerySchema, c.req.query(), 'query');
      const entries = await c.get('deps').store.audit.listForGroup(group.id, { beforeId: query.before, limit: query.limit });
      return c.json({ entries: entries.map(presentAudit) });
    });
}

/** Invite links: facilitators make, list and revoke them; a signed-in person reads and accepts one. */
import { Hono } from 'hono';
import { AppError, conflict, gone, notFound } from '../../src/lib/core/errors';
import { acceptInviteSchema, createInviteSchema, inviteStatus } from '../../src/lib/core/group/schema';
import { newId, requireUser } from '../auth/login-sessions';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens';
import { audit, requireGroupAccess } from '../http/access';
import type { AppContext, AppEnv } from '../http/context';
import { presentGroup, presentInvite } from '../http/present';
import { allowedOrigins } from '../http/security';
import { idParam, readJson } from '../http/validate';
import type { InviteRecord } from '../storage/store';

const REFUSALS = {
  not_found: () => notFound('Invite'),
  revoked: () => gone('This invite link was withdrawn by the facilitator. Ask them for a new one.', { reason: 'revoked' }),
  expired: () => gone('This invite link has expired. Ask the facilitator for a new one.', { reason: 'expired' }),
  used_up: () => gone('This invite link has been used as many times as allowed. Ask the facilitator for a new one.', { reason: 'used_up' }),
  group_full: () => conflict('This group is full. Ask the facilitator about a place.', { reason: 'group_full' }),
  removed: () =>
    new AppError('forbidden', 'A facilitator removed you from this group, so this invite link no longer lets you in. Ask them if you may rejoin.', {
      reason: 'removed'
    }),
  agreement_changed: () =>
    conflict('The group agreement changed while you were reading it. Please read it again.', { reason: 'agreement_changed' })
} as const;

function tokenParam(c: AppContext): string {
  const token = c.req.param('token');
  if (!looksLikeToken(token)) throw REFUSALS.not_found();
  return token;
}

/** The public origin invite links point at. */
function publicOrigin(c: AppContext): string {
  return c.get('deps').config.origin ?? allowedOrigins(c)[0];
}

export function inviteRoutes() {
  return new Hono<AppEnv>()
    .post('/groups/:id/invites', async (c) => {
      const { user, group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_invites');
      const input = await readJson(c, createInviteSchema);
      const { store, now } = c.get('deps');
      const token = newToken();
      const invite = await store.invites.create({
        id: newId(),
        groupId: group.id,
        tokenHash: hashToken(token),
        maxUses: input.maxUses,
        expiresAt: new Date(now().getTime() + input.expiresInHours * 3_600_000),
        createdBy: user.id
      });
      await audit(c, {
        action: 'invite.create',
        targetType: 'invite',
        targetId: invite.id,
        groupId: group.id,
        details: { maxUses: invite.maxUses, expiresAt: invite.expiresAt.toISOString() }
      });
      return c.json(
        { invite: { ...presentInvite(invite, now()), token, url: `${publicOrigin(c)}/invite/${token}` } },
        201
      );
    })

    .get('/groups/:id/invites', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_invites');
      const { store, now } = c.get('deps');
      const invites = await store.invites.listForGroup(group.id);
      return c.json({ invites: invites.map((invite) => presentInvite(invite, now())) });
    })

    .delete('/groups/:id/invites/:inviteId', async (c) => {
      const { group } = await requireGroupAccess(c, idParam(c, 'id', 'Group'), 'manage_invites');
      const inviteId = idParam(c, 'inviteId', 'Invite');
      const { store, now } = c.get('deps');
      const existing = await store.invites.get(inviteId);
      if (!existing || existing.groupId !== group.id) throw notFound('Invite');
      const invite = (await store.invites.revoke(inviteId, now()))!;
      await audit(c, { action: 'invite.revoke', targetType: 'invite', targetId: invite.id, groupId: group.id });
      return c.json({ invite: presentInvite(invite, now()) });
    })

    /** What the invite page shows: the group and its agreement. Signed-in only, so a leaked link tells strangers nothing. */
    .get('/invites/:token', async (c) => {
      const user = requireUser(c);
      const token = tokenParam(c);
      const { store, now } = c.get('deps');
      const invite = await store.invites.byTokenHash(hashToken(token));
      if (!invite) throw REFUSALS.not_found();
      const group = (await store.groups.get(invite.groupId))!;
      const membership = await store.members.get(group.id, user.id);
      if (!membership) {
        refuseUnusable(invite, now());
        if ((await store.members.listRemoved(group.id)).some((removal) => removal.userId === user.id)) throw REFUSALS.removed();
      }
      const [members, count] = await Promise.all([store.members.list(group.id), store.members.count(group.id)]);
      return c.json({
        group: presentGroup(group),
        facilitators: members.filter((m) => m.role !== 'participant').map((m) => ({ displayName: m.displayName, role: m.role })),
        full: count >= group.maxSize,
        alreadyMember: Boolean(membership),
        expiresAt: invite.expiresAt.toISOString()
      });
    })

    .post('/invites/:token/accept', async (c) => {
      const user = requireUser(c);
      const token = tokenParam(c);
      const input = await readJson(c, acceptInviteSchema);
      const { store, now } = c.get('deps');
      const outcome = await store.invites.redeem(hashToken(token), user.id, input.agreementVersion, now());
      if (!outcome.ok) throw REFUSALS[outcome.reason]();
      const { membership } = outcome;
      if (!outcome.alreadyMember) {
        await audit(c, {
          action: 'member.join',
          targetType: 'user',
          targetId: user.id,
          groupId: membership.groupId,
          details: { via: 'invite', agreementVersion: input.agreementVersion }
        });
      }
      return c.json({ membership: { groupId: membership.groupId, role: membership.role } });
    });
}

function refuseUnusable(invite: InviteRecord, now: Date): void {
  const status = inviteStatus(invite, now);
  if (status !== 'active') throw REFUSALS[status]();
}


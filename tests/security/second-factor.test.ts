/**
 * The second factor (TOTP): set-up with the password and a first code, ten one-time recovery codes, sign-in that
 * opens nothing (API, relay) until the code is entered, rate-limited codes, remembered per sign-in only, the group
 * setting "facilitators must use a second factor" (on for new groups) and the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { codeAt } from '../../server/auth/totp';
import { decideUpgrade } from '../../server/relay/access';
import { type TestClient, useTestApp } from '../helpers/test-app';

const PASSWORD = 'correct horse battery';
const t = useTestApp({ env: { NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'true' } });

async function withSecondFactor(name = 'Fran') {
  const client = t.client();
  const user = await client.signup(name, PASSWORD);
  expect((await client.post('/api/me/second-factor/setup', {})).status).toBe(400);
  expect((await client.post('/api/me/second-factor/setup', { currentPassword: 'wrong one!' })).status).toBe(400);
  const setup = await client.post('/api/me/second-factor/setup', { currentPassword: PASSWORD });
  expect(setup.status).toBe(200);
  expect(setup.body.qrCode).toMatch(/^data:image\/png;base64,/);
  expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
  expect((await client.post('/api/me/second-factor/confirm', { code: '000000' })).status).toBe(400);
  const confirmed = await client.post('/api/me/second-factor/confirm', { code: codeAt(setup.body.secret, t.clock.now) });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.recoveryCodes).toHaveLength(10);
  return { client, user, secret: setup.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

async function signIn(email: string): Promise<TestClient> {
  const client = t.client();
  const res = await client.post('/api/auth/login', { email, password: PASSWORD });
  expect(res.status).toBe(200);
  expect(res.body.secondFactorRequired).toBe(true);
  return client;
}

describe('second factor', () => {
  it('a new sign-in opens nothing until the code, and each code works once', async () => {
    const { user, secret } = await withSecondFactor();
    const laptop = await signIn(user.email);
    const me = await laptop.get('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.error.details.reason).toBe('second_factor_required');
    expect((await laptop.get('/api/groups')).status).toBe(401);
    const token = laptop.cookie!.split('=')[1];
    expect(await decideUpgrade(t.store, { token, docName: 'board:00000000-0000-4000-8000-000000000000', now: t.clock.now, idleMs: t.config.sessionIdleMs })).toMatchObject({
      ok: false,
      reason: 'unauthenticated'
    });

    t.clock.advance(31_000);
    const code = codeAt(secret, t.clock.now);
    expect((await laptop.post('/api/auth/second-factor', { code })).status).toBe(200);
    expect((await laptop.get('/api/me')).status).toBe(200);
    // The same code again, on another sign-in: refused (replay).
    const phone = await signIn(user.email);
    expect((await phone.post('/api/auth/second-factor', { code })).status).toBe(400);
    // Remembered per sign-in only: the phone still has to enter a fresh code.
    expect((await phone.get('/api/me')).status).toBe(401);
  });

  it('a recovery code works once, and codes are rate-limited', async () => {
    const { user, recoveryCodes } = await withSecondFactor('Cora');
    const one = await signIn(user.email);
    const used = await one.post('/api/auth/second-factor', { recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(used.status).toBe(200);
    expect(used.body.recoveryCodesLeft).toBe(9);
    const two = await signIn(user.email);
    expect((await two.post('/api/auth/second-factor', { recoveryCode: recoveryCodes[0] })).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await two.post('/api/auth/second-factor', { code: '123456' })).status);
    expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const actions = (await t.store.audit.listForActor(user.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.second_factor_enabled', 'auth.recovery_code_used', 'auth.second_factor_failed']));
  });

  it('a new group asks its facilitators for a second factor before facilitating', async () => {
    const lead = t.client();
    await lead.signup('Lee', PASSWORD);
    const group = (await lead.post('/api/groups', { name: 'Monday group', kind: 'cbt' })).body.group;
    expect(group.requireSecondFactor).toBe(true);
    expect((await lead.get(`/api/groups/${group.id}`)).status).toBe(200);
    const refused = await lead.post(`/api/groups/${group.id}/invites`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('second_factor_required');

    const { client: fran } = await withSecondFactor('Fay');
    const hers = (await fran.post('/api/groups', { name: 'Thursday group', kind: 'dbt' })).body.group;
    expect((await fran.post(`/api/groups/${hers.id}/invites`, {})).status).toBe(201);
    expect((await fran.patch(`/api/groups/${hers.id}`, { requireSecondFactor: false })).body.group.requireSecondFactor).toBe(false);
    const audit = (await fran.get(`/api/groups/${hers.id}/audit`)).body.entries;
    expect(audit.find((e: { action: string }) => e.action === 'group.update').details.fields).toContain('requireSecondFactor');
  });
});

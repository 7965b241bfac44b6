import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../helpers/test-app';

const t = useTestApp();

const PASSWORD = 'correct horse battery';

describe('sign up', () => {
  it('creates the account, sets an HttpOnly SameSite=Lax session cookie and answers me', async () => {
    const client = t.client();
    const res = await client.post('/api/auth/signup', { email: ' Ana@Example.org ', password: PASSWORD, displayName: 'Ana' });
    expect(res.status).toBe(202);
    expect(res.headers.get('set-cookie')).toBeNull();
    const login = await client.post('/api/auth/login', { email: 'ana@example.org', password: PASSWORD });
    expect(login.body.user).toEqual({ id: expect.any(String), email: 'ana@example.org', displayName: 'Ana' });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gst_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('ana@example.org');
    expect(me.body.login.idleTimeoutMinutes).toBe(30);
  });

  it('stores an argon2id hash, never the password, and logs no password', async () => {
    const client = t.client();
    const user = await client.signup('Hash Check', 'a very secret phrase');
    const stored = await t.store.users.byId(user.id);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(t.logLines.join('\n')).not.toContain('a very secret phrase');
  });

  it('refuses a short password, a bad email and a missing name with field details', async () => {
    const res = await t.client().post('/api/auth/signup', { email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['displayName', 'email', 'password']);
  });

  it('answers a taken email exactly as a new one (no account enumeration), and signs nobody in', async () => {
    const first = t.client();
    const user = await first.signup('Dup');
    const taken = await t.client().post('/api/auth/signup', { email: user.email, password: PASSWORD, displayName: 'Other' });
    const fresh = await t.client().post('/api/auth/signup', { email: `new.${crypto.randomUUID().slice(0, 8)}@example.org`, password: PASSWORD, displayName: 'Other' });
    expect(taken.status).toBe(202);
    expect(taken.body).toEqual(fresh.body);
    expect([...taken.headers.keys()].filter((k) => k !== 'x-request-id').sort()).toEqual([...fresh.headers.keys()].filter((k) => k !== 'x-request-id').sort());
    expect(taken.headers.get('set-cookie')).toBeNull();
    expect((await t.store.users.byEmail(user.email))!.displayName).toBe('Dup');
  });
});

describe('sign in and out', () => {
  it('gives the same 401 for a wrong password and an unknown email, and audits both', async () => {
    const client = t.client();
    const user = await client.signup('Sam');
    const wrong = await t.client().post('/api/auth/login', { email: user.email, password: 'wrong password!' });
    const unknown = await t.client().post('/api/auth/login', { email: 'nobody@example.org', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const actions = (await t.store.audit.listForActor(user.id)).map((e) => e.action);
    expect(actions).toContain('auth.login_failed');
  });

  it('signs in, signs out and then answers 401', async () => {
    const first = t.client();
    const user = await first.signup('Lee', PASSWORD);
    const client = t.client();
    const login = await client.post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect((await client.get('/api/me')).status).toBe(200);
    const cookieBefore = client.cookie;
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(client.cookie).toBeUndefined();
    expect((await client.get('/api/me')).status).toBe(401);
    // The old cookie is dead on the server too, not only forgotten by the browser.
    client.cookie = cookieBefore;
    expect((await client.get('/api/me')).status).toBe(401);
    const actions = (await t.store.audit.listForActor(user.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.signup', 'auth.login', 'auth.logout']));
  });

  it('signs out automatically after 30 idle minutes, but not while active', async () => {
    const client = t.client();
    await client.signup('Idle');
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/me')).status).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/me')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await client.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('ends every sign-in at the absolute expiry even when active', async () => {
    const client = t.client();
    await client.signup('Long Day');
    for (let i = 0; i < 25; i++) {
      t.clock.advance(29 * 60_000);
      const res = await client.get('/api/me');
      if (res.status === 401) {
        expect(i * 29).toBeGreaterThanOrEqual(12 * 60 - 29);
        return;
      }
    }
    throw new Error('the sign-in never expired');
  });

  it('changes the password, signs out other browsers and keeps this one', async () => {
    const here = t.client();
    const user = await here.signup('Mo', PASSWORD);
    const elsewhere = t.client();
    await elsewhere.post('/api/auth/login', { email: user.email, password: PASSWORD });
    const wrong = await here.post('/api/me/password', { currentPassword: 'not it at all', newPassword: 'a new long password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields.currentPassword).toBeDefined();
    const ended: string[] = [];
    const off = t.events.on('login.ended', (e) => ended.push(e.userId));
    const ok = await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a new long password' });
    off();
    expect(ok.status).toBe(204);
    expect(ended).toEqual([user.id]);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await t.client().post('/api/auth/login', { email: user.email, password: 'a new long password' })).status).toBe(200);
  });

  it('checks the account password (before it wraps the notes key) without changing anything', async () => {
    const client = t.client();
    const user = await client.signup('Nia', PASSWORD);
    expect((await client.post('/api/me/password/check', { password: PASSWORD })).status).toBe(204);
    const wrong = await client.post('/api/me/password/check', { password: 'correct horse batterY' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('validation_failed');
    expect(wrong.body.error.details.fields.password).toBe('Not right.');
    const empty = await client.post('/api/me/password/check', { password: '' });
    expect(empty.body.error.details.fields.password).toBe('Enter your account password.');
    expect((await client.request('POST', '/api/me/password/check', '{"password":')).status).toBe(400);
    expect((await client.post('/api/me/password/check', { password: PASSWORD, extra: 1 })).status).toBe(400);
    expect((await t.client().post('/api/me/password/check', { password: PASSWORD })).status).toBe(401);
    expect((await t.store.audit.listForActor(user.id)).map((entry) => entry.action)).toContain('auth.password_check_failed');
    // Nothing changed: the same password still signs in.
    expect((await t.client().post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('renames the account', async () => {
    const client = t.client();
    await client.signup('Old Name');
    const res = await client.patch('/api/me', { displayName: 'New Name' });
    expect(res.status).toBe(200);
    expect(res.body.user.displayName).toBe('New Name');
    expect((await client.patch('/api/me', {})).status).toBe(400);
  });
});

describe('rate limits', () => {
  it('limits sign-in per account and per IP with 429 and Retry-After', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_PER_ACCOUNT: '3', LOGIN_RATE_PER_IP: '5' } });
    try {
      const owner = limited.client();
      const user = await owner.signup('Target');
      const attacker = limited.client('203.0.113.7');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await attacker.post('/api/auth/login', { email: user.email, password: 'guess guess guess' })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const res = await attacker.post('/api/auth/login', { email: user.email, password: 'guess guess guess' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another account from the same IP still gets one more try, then the IP limit holds.
      const ip = [];
      for (let i = 0; i < 2; i++) ip.push((await attacker.post('/api/auth/login', { email: `x${i}@example.org`, password: 'guess guess guess' })).status);
      expect(ip).toContain(429);
    } finally {
      await limited.close();
    }
  });

  it('limits password checks per account like sign-ins', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_PER_ACCOUNT: '3' } });
    try {
      const client = limited.client();
      await client.signup('Guessed');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await client.post('/api/me/password/check', { password: `guess number ${i}` })).status);
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });

  it('limits sign-ups per IP', async () => {
    const limited = await createTestApp({ env: { SIGNUP_RATE_PER_IP: '2', TRUST_PROXY: 'true' } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await limited.client('198.51.100.1').post('/api/auth/signup', { email: `s${i}@example.org`, password: PASSWORD, displayName: 'S' })).status
        );
      }
      expect(statuses).toEqual([202, 202, 429]);
      const other = await limited.client('198.51.100.2').post('/api/auth/signup', { email: 's9@example.org', password: PASSWORD, displayName: 'S' });
      expect(other.status).toBe(202);
    } finally {
      await limited.close();
    }
  });
});

/**
 * Finding 4: behind a proxy only the hops we trust are believed, counted from the right, so a made-up first hop
 * neither resets rate limits nor forges the audit log's IP. Finding 8: an https ORIGIN turns on Secure cookies and
 * HSTS without TRUST_PROXY.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const body = (n: number) => ({ email: `person.${n}.${crypto.randomUUID().slice(0, 6)}@example.org`, password: 'correct horse battery', displayName: `P${n}` });

describe('X-Forwarded-For', () => {
  it.each(['true', '1'])('TRUST_PROXY=%s: a made-up left hop does not reset the sign-up limit or reach the audit log', async (trust) => {
    t = await createTestApp({ env: { SIGNUP_RATE_PER_IP: '2', TRUST_PROXY: trust } });
    const client = t.client();
    const inputs = [body(0), body(1), body(2)];
    const statuses: number[] = [];
    for (const [n, input] of inputs.entries()) {
      // The client wrote the first hop; our proxy appended the address it really saw.
      const res = await client.request('POST', '/api/auth/signup', input, { 'x-forwarded-for': `6.6.6.${n}, 198.51.100.7` });
      statuses.push(res.status);
    }
    expect(statuses[2]).toBe(429);
    const first = (await t.store.users.byEmail(inputs[0].email))!;
    const [entry] = await t.store.audit.listForActor(first.id);
    expect(entry).toMatchObject({ action: 'auth.signup', ip: '198.51.100.7' });
  });

  it('TRUST_PROXY=2 skips exactly two proxies', async () => {
    t = await createTestApp({ env: { SIGNUP_RATE_PER_IP: '1', TRUST_PROXY: '2' } });
    const client = t.client();
    const first = await client.request('POST', '/api/auth/signup', body(1), { 'x-forwarded-for': '6.6.6.1, 198.51.100.7, 10.0.0.1' });
    const second = await client.request('POST', '/api/auth/signup', body(2), { 'x-forwarded-for': '6.6.6.2, 198.51.100.7, 10.0.0.1' });
    const other = await client.request('POST', '/api/auth/signup', body(3), { 'x-forwarded-for': '198.51.100.8, 10.0.0.1' });
    expect([first.status, second.status, other.status].map((s) => s === 429)).toEqual([false, true, false]);
  });

  it('refuses a TRUST_PROXY that is neither a count nor addresses at start', async () => {
    await expect(createTestApp({ env: { TRUST_PROXY: 'yes please' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('https ORIGIN without a proxy', () => {
  it('sets a Secure cookie and HSTS', async () => {
    t = await createTestApp({ env: { ORIGIN: 'https://groups.example.org' } });
    const input = body(1);
    const post = (path: string, value: unknown) =>
      t!.app.request(`http://groups.example.org${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    expect((await post('/api/auth/signup', input)).status).toBe(202);
    const res = await post('/api/auth/login', { email: input.email, password: input.password });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const health = await t.app.request('http://groups.example.org/healthz');
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('an http ORIGIN sets neither', async () => {
    t = await createTestApp({ env: { ORIGIN: 'http://localhost:3000' } });
    const input = body(1);
    const post = (path: string, value: unknown) =>
      t!.app.request(`http://localhost:3000${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    await post('/api/auth/signup', input);
    const res = await post('/api/auth/login', { email: input.email, password: input.password });
    expect(res.headers.get('set-cookie')).toMatch(/gst_session=/);
    expect(res.headers.get('set-cookie') ?? '').not.toMatch(/Secure/i);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

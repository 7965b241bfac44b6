/** The built server as `npm start` runs it: one port for pages and API, migrations first, clean SIGTERM. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  if (server.process.exitCode === null) await server.stop();
});

describe('one process, one port', () => {
  it('answers /healthz after migrations, the API in JSON and pages in HTML with a CSP', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const me = await fetch(`${server.url}/api/me`);
    expect(me.status).toBe(401);
    expect((await me.json()).error.code).toBe('unauthenticated');

    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const ready = server.output.findIndex((line) => line.includes('"database ready"'));
    const listening = server.output.findIndex((line) => line.includes('"listening"'));
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(listening).toBeGreaterThan(ready);
  });

  it('logs JSON lines without passwords or session tokens', async () => {
    const password = 'canary-password-9f3a';
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'log.check@example.org', password, displayName: 'Log Check' })
    });
    expect(res.status).toBe(202);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'log.check@example.org', password })
    });
    const token = /gst_session=([^;]+)/.exec(login.headers.get('set-cookie')!)![1];
    await fetch(`${server.url}/api/me`, { headers: { cookie: `gst_session=${token}` } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const text = server.output.join('\n');
    expect(text).toContain('"route":"/api/auth/signup"');
    expect(text).not.toContain(password);
    expect(text).not.toContain(token);
    for (const line of server.output) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    // An argon2 sign-in takes tens of milliseconds: SIGTERM arrives while it runs.
    const inFlight = fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'log.check@example.org', password: 'canary-password-9f3a' })
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exit = server.stop('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await exit).toBe(0);
    expect(server.output.some((line) => line.includes('"stopped"'))).toBe(true);
  });
});

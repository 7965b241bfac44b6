import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../helpers/test-app';

const t = useTestApp({ env: { ORIGIN: 'http://localhost:3000' } });

describe('cross-origin requests', () => {
  it('refuses a mutating request from another origin with 403 and changes nothing', async () => {
    const client = t.client();
    await client.signup('Fran');
    const res = await client.post('/api/groups', { name: 'Sneaky' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('cross_origin');
    expect((await client.get('/api/groups')).body.groups).toEqual([]);
  });

  it('allows our own origin and clients that send no Origin', async () => {
    const client = t.client();
    await client.signup('Fran');
    expect((await client.post('/api/groups', { name: 'Ours' }, { origin: 'http://localhost:3000' })).status).toBe(201);
    expect((await client.post('/api/groups', { name: 'Script' })).status).toBe(201);
  });

  it('refuses cross-origin sign-up too (no login CSRF)', async () => {
    const res = await t.client().post('/api/auth/signup', { email: 'x@example.org', password: 'long enough pw', displayName: 'X' }, { origin: 'null' });
    expect(res.status).toBe(403);
  });
});

describe('headers and errors', () => {
  it('puts security headers on every API answer and never caches it', async () => {
    const res = await t.client().get('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown API route with the JSON 404 shape', async () => {
    const res = await t.client().get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No such API route.' } });
  });

  it('answers /healthz once the database is migrated', async () => {
    const res = await t.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('turns an unexpected failure into a 500 with a request id and no stack, and logs it', async () => {
    const broken = await createTestApp();
    try {
      const client = broken.client();
      await client.signup('Fran');
      broken.store.groups.listForUser = async () => {
        throw new Error('database fell over at /srv/secret/path');
      };
      const res = await client.get('/api/groups');
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
      expect(JSON.stringify(res.body)).not.toContain('secret');
      const requestId = res.body.error.details.requestId;
      expect(res.headers.get('x-request-id')).toBe(requestId);
      const logged = broken.logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
      expect(logged).toMatchObject({ requestId, level: 'error' });
      expect(logged.error.message).toContain('database fell over');
    } finally {
      await broken.close();
    }
  });
});

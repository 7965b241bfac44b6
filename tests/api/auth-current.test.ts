/** GET /api/auth/current: the pages' "who is signed in here?", answered 200 whether or not anyone is. */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';

const t = useTestApp();

const NOBODY = { user: null, login: null };

describe('GET /api/auth/current', () => {
  it('answers 200 with nobody when signed out, and with a made-up cookie', async () => {
    const client = t.client();
    const res = await client.get('/api/auth/current');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(NOBODY);
    client.cookie = 'gst_session=' + 'A'.repeat(43);
    expect((await client.get('/api/auth/current')).body).toEqual(NOBODY);
  });

  it('answers what /api/me answers while signed in, and nobody after signing out or going idle', async () => {
    const client = t.client();
    await client.signup('Cam');
    const current = await client.get('/api/auth/current');
    expect(current.status).toBe(200);
    expect(current.body).toEqual((await client.get('/api/me')).body);
    expect(current.body.user.displayName).toBe('Cam');

    t.clock.advance(31 * 60_000);
    expect((await client.get('/api/auth/current')).body).toEqual(NOBODY);

    const again = t.client();
    await again.signup('Dee');
    await again.post('/api/auth/logout');
    expect((await again.get('/api/auth/current')).body).toEqual(NOBODY);
  });
});

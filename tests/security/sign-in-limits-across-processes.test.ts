/**
 * Sign-in rate limits across processes: with REDIS_URL, attempts through process A and process B add up to one limit
 * (a wrong password, or a wrong second-factor code, alternating between the two; the limit+1-th is 429 whichever
 * process gets it, with Retry-After). Without Redis, each process still limits on its own. Real processes on one
 * PostgreSQL (and one Redis for A and B). Each test signs in from addresses of its own (X-Forwarded-For, TRUST_PROXY=1),
 * so counters left in Redis by earlier runs of this file never meet it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt } from '../../server/auth/totp';
import { processDatabase, startProcess, stopProcesses, type Proc } from '../relay/fixtures/processes';

const PASSWORD = 'correct horse battery';
const PER_ACCOUNT = 4;
const PER_IP = 6;
const CODES = 6;
const LIMITS = { LOGIN_RATE_PER_ACCOUNT: String(PER_ACCOUNT), LOGIN_RATE_PER_IP: String(PER_IP), SIGNUP_RATE_PER_IP: '1000', TRUST_PROXY: '1' };
const database = processDatabase('gst_signin_limits');
let a: Proc, b: Proc, aloneC: Proc, aloneD: Proc;

/** A new address for each caller: the per-IP limit then counts only what the test sends from it. */
const newIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

interface Answer {
  status: number;
  body: any;
  retryAfter: string | null;
  cookie?: string;
}

async function post(proc: Proc, path: string, body: unknown, from: { ip: string; cookie?: string }): Promise<Answer> {
  const res = await fetch(proc.origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from.ip, ...(from.cookie ? { cookie: from.cookie } : {}) },
    body: JSON.stringify(body)
  });
  return { status: res.status, body: await res.json().catch(() => null), retryAfter: res.headers.get('retry-after'), cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

async function newAccount(proc: Proc, name: string): Promise<string> {
  const email = `${name}.${randomUUID().slice(0, 8)}@example.org`;
  expect((await post(proc, '/api/auth/signup', { email, password: PASSWORD, displayName: name }, { ip: newIp() })).status).toBe(202);
  return email;
}

function expectLimited(answer: Answer, message: RegExp): void {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('rate_limited');
  expect(answer.body.error.message).toMatch(message);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(answer.body.error.details.retryAfterSeconds).toBe(Number(answer.retryAfter));
}

beforeAll(async () => {
  await database.create();
  a = await startProcess(database.url, LIMITS); // runs the migrations
  b = await startProcess(database.url, LIMITS);
  aloneC = await startProcess(database.url, { ...LIMITS, REDIS_URL: '' });
  aloneD = await startProcess(database.url, { ...LIMITS, REDIS_URL: '' });
}, 120_000);

afterAll(async () => {
  await stopProcesses(a, b, aloneC, aloneD);
  await database.drop();
});

describe('sign-in limits with REDIS_URL: one limit across processes', () => {
  it('wrong passwords for one account, alternately through A and B: the next is refused on either', async () => {
    const email = await newAccount(a, 'pat');
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expect((await post(i % 2 ? b : a, '/api/auth/login', { email, password: `wrong ${i}` }, { ip: newIp() })).status).toBe(401);
    }
    for (const proc of [a, b]) expectLimited(await post(proc, '/api/auth/login', { email, password: 'wrong again' }, { ip: newIp() }), /for this account/);
    // Refused before the password is looked at: even the right one waits for the window.
    expectLimited(await post(b, '/api/auth/login', { email, password: PASSWORD }, { ip: newIp() }), /for this account/);
  });

  it('sign-in attempts from one address, alternately through A and B, count once', async () => {
    const ip = newIp();
    for (let i = 0; i < PER_IP; i++) {
      const email = `nobody.${randomUUID().slice(0, 8)}@example.org`;
      expect((await post(i % 2 ? b : a, '/api/auth/login', { email, password: PASSWORD }, { ip })).status).toBe(401);
    }
    for (const proc of [b, a]) expectLimited(await post(proc, '/api/auth/login', { email: 'someone@example.org', password: PASSWORD }, { ip }), /Too many attempts/);
  });

  it('second-factor codes, alternately through A and B: six in all, then refused on either, the right code too', async () => {
    const email = await newAccount(a, 'fran');
    const ip = newIp();
    const signedIn = await post(a, '/api/auth/login', { email, password: PASSWORD }, { ip });
    const setupCookie = signedIn.cookie!;
    const setup = await post(a, '/api/me/second-factor/setup', { currentPassword: PASSWORD }, { ip, cookie: setupCookie });
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    expect((await post(b, '/api/me/second-factor/confirm', { code: codeAt(secret, new Date()) }, { ip, cookie: setupCookie })).status).toBe(200);

    const pending = await post(b, '/api/auth/login', { email, password: PASSWORD }, { ip });
    expect(pending.body.secondFactorRequired).toBe(true);
    const from = { ip, cookie: pending.cookie! };
    // A code that is none of those accepted around now (the current step and one either side).
    const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((ms) => codeAt(secret, new Date(Date.now() + ms))));
    let wrong = 0;
    while (near.has(String(wrong).padStart(6, '0'))) wrong++;
    const wrongCode = String(wrong).padStart(6, '0');
    for (let i = 0; i < CODES; i++) {
      expect((await post(i % 2 ? a : b, '/api/auth/second-factor', { code: wrongCode }, from)).status).toBe(400);
    }
    for (const proc of [a, b]) expectLimited(await post(proc, '/api/auth/second-factor', { code: wrongCode }, from), /Too many codes/);
    expectLimited(await post(a, '/api/auth/second-factor', { code: codeAt(secret, new Date()) }, from), /Too many codes/);
  });
});

describe('sign-in limits without Redis', () => {
  it('each process limits on its own: the limit once per process', async () => {
    const email = await newAccount(aloneC, 'ana');
    for (const proc of [aloneC, aloneD]) {
      for (let i = 0; i < PER_ACCOUNT; i++) {
        expect((await post(proc, '/api/auth/login', { email, password: `wrong ${i}` }, { ip: newIp() })).status).toBe(401);
      }
      expectLimited(await post(proc, '/api/auth/login', { email, password: 'wrong again' }, { ip: newIp() }), /for this account/);
    }
  });
});

/**
 * createTestApp: the real Hono app over a fresh PostgreSQL database (copied from the run's migrated template in
 * TEST_DATABASE_URL's server, see global-setup.ts), with a clock the test can move.
 * TestClient keeps one person's cookie, like a browser.
 */
import { createApp, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createDb, type DbHandle } from '../../server/db/client';
import { EventBus } from '../../server/events';
import { createLogger } from '../../server/log';
import { createDrizzleStore } from '../../server/storage/drizzle-store';
import type { Store } from '../../server/storage/store';
import { useFixture } from './fixture';
import { freshPostgresUrl } from './postgres';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  /** What createApp was given (per-app parts such as the channel registry hang off it). */
  deps: AppDeps;
  /** The database itself, for tests that must go around the app (e.g. tamper with the audit log). */
  db: DbHandle;
  store: Store;
  config: Config;
  events: EventBus;
  clock: { now: Date; advance(ms: number): void };
  logLines: string[];
  client(ip?: string): TestClient;
  close(): Promise<void>;
}

/** A fresh database of the run's PostgreSQL, migrated (copied from the template); `drop` closes and removes it. */
export async function openTestDb(): Promise<DbHandle & { drop(): Promise<void> }> {
  const fresh = await freshPostgresUrl();
  const handle = await createDb({ url: fresh.url, maxConnections: 4 });
  return { ...handle, drop: async () => { await handle.close(); await fresh.drop(); } };
}

/** The usual set-up of a test file: a fresh app for its tests (`const t = useTestApp(); … t.client()`). */
export function useTestApp(options: Parameters<typeof createTestApp>[0] = {}): TestApp {
  return useFixture(() => createTestApp(options), (t) => t.close());
}

export async function createTestApp(
  options: { env?: Record<string, string> } = {}
): Promise<TestApp> {
  // process.env first, as the relay, room and media options were once read from it directly (tests that set
  // process.env.ROOM_LEAVE_GRACE_MS before createTestApp keep working); `env` is the way to set them.
  const config = loadConfig({
    ...process.env,
    LOGIN_RATE_PER_IP: '1000',
    LOGIN_RATE_PER_ACCOUNT: '1000',
    SIGNUP_RATE_PER_IP: '1000',
    // Tests about other things make groups whose facilitators have no second factor; tests/security/second-factor.test.ts turns it on.
    NEW_GROUPS_REQUIRE_SECOND_FACTOR: 'false',
    ...options.env
  });
  const handle = await openTestDb();
  const store = createDrizzleStore(handle);
  const logLines: string[] = [];
  const logger = createLogger('debug', {}, (line) => logLines.push(line));
  const clock = {
    now: new Date(),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    }
  };
  const events = new EventBus();
  const deps: AppDeps = { store, config, logger, events, now: () => clock.now };
  const app = createApp(deps);
  return {
    app,
    deps,
    db: handle,
    store,
    config,
    events,
    clock,
    logLines,
    client: (ip?: string) => new TestClient(app, ip),
    close: () => handle.drop()
  };
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class TestClient {
  cookie: string | undefined;

  constructor(
    private readonly app: ReturnType<typeof createApp>,
    private readonly ip?: string
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<TestResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.ip ? { 'x-forwarded-for': this.ip } : {}),
        ...headers
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {})
    };
    const res = await this.app.request(path, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = /=$/.test(pair) || /Max-Age=0/i.test(setCookie) ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body ?? {}, headers);
  patch = <T = any>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Signs up a new person with a unique email and keeps their cookie. */
  async signup(displayName: string, password = 'correct horse battery'): Promise<{ id: string; email: string; displayName: string }> {
    const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}.${crypto.randomUUID().slice(0, 8)}@example.org`;
    const res = await this.post('/api/auth/signup', { email, password, displayName });
    if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    // Sign-up signs nobody in (it answers the same for taken emails): sign in as the page does next.
    const login = await this.post('/api/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login after signup failed: ${login.status} ${JSON.stringify(login.body)}`);
    return login.body.user;
  }
}

/** A facilitator with a group and a participant who joined through an invite. */
export async function groupWithParticipant(t: TestApp, groupInput: Record<string, unknown> = { name: 'Tuesday CBT group', kind: 'cbt' }) {
  const facilitator = t.client();
  const facilitatorUser = await facilitator.signup('Fran');
  const { body } = await facilitator.post('/api/groups', groupInput);
  const group = body.group;
  const invite = (await facilitator.post(`/api/groups/${group.id}/invites`, {})).body.invite;
  const participant = t.client();
  const participantUser = await participant.signup('Pat');
  const accepted = await participant.post(`/api/invites/${invite.token}/accept`, { agreementVersion: group.agreementVersion });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { facilitator, facilitatorUser, participant, participantUser, group, invite };
}

/**
 * A fresh database per test file (or benchmark run) inside a PostgreSQL server, dropped afterwards, so suites never
 * see each other's rows. The server is CI's when TEST_DATABASE_URL is set, otherwise the embedded one
 * tests/helpers/global-setup.ts starts once per run (it sets TEST_DATABASE_URL for the workers). Databases are
 * copied from the run's migrated template (TEST_DATABASE_TEMPLATE) when there is one: milliseconds, not a migration.
 */
import { openPostgres } from '../../server/db/postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A new database beside `adminUrl`'s (default TEST_DATABASE_URL), named `<prefix>_…`, and how to drop it. */
export async function freshPostgresUrl(
  adminUrl: string | undefined = TEST_DATABASE_URL,
  prefix = 'gst_test',
  template: string | undefined = process.env.TEST_DATABASE_TEMPLATE
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set (vitest sets it: run tests through `npx vitest`)');
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openPostgres(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = openPostgres(adminUrl, { max: 1 });
      // Let connections the app was still opening (a timer's last query) finish before they are cut, so a test's
      // last query fails only when it should (the driver survives a cut since patches/postgres+3.4.9.patch).
      for (let i = 0; i < 40; i++) {
        const [{ open }] = await again<{ open: number }[]>`select count(*)::int as open from pg_stat_activity where datname = ${name}`;
        if (open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    }
  };
}

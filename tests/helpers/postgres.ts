/**
 * A fresh, empty database per test file (or benchmark run) inside a PostgreSQL server, dropped afterwards,
 * so suites never see each other's rows and migrations run from zero.
 */
import postgres from 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A new database beside `adminUrl`'s (default TEST_DATABASE_URL), named `<prefix>_…`, and how to drop it. */
export async function freshPostgresUrl(
  adminUrl: string | undefined = TEST_DATABASE_URL,
  prefix = 'gst_test'
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    }
  };
}

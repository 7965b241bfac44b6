/**
 * Vitest global setup: one PostgreSQL for the whole run and one migrated template database in it.
 * With TEST_DATABASE_URL (CI, see .ci/run) that server is used; without it (a newcomer's `npm test`) an embedded
 * PostgreSQL starts in a temporary folder, exactly as the app starts its default, and stops at the end.
 * Test files then get a fresh database copied from the template (tests/helpers/postgres.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../../server/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded/server';
import { openPostgres } from '../../server/db/postgres';
import { createLogger } from '../../server/log';

export default async function setup(): Promise<() => Promise<void>> {
  // Several projects (unit, integration, e2e) each run this file: the first one sets up, the others reuse it.
  if (process.env.TEST_DATABASE_TEMPLATE) return async () => {};
  let server: EmbeddedPostgres | undefined;
  let folder: string | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    folder = mkdtempSync(path.join(tmpdir(), 'gst-test-pg-'));
    // fsync off: this cluster is thrown away at the end of the run; everything else is the app's own configuration.
    server = await startEmbeddedPostgres({ dataDir: folder, logger: createLogger('error'), durable: false, maxConnections: 300, lock: false });
    process.env.TEST_DATABASE_URL = server.adminUrl;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = `gst_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = openPostgres(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const migrated = await createDb({ url: templateUrl.toString(), maxConnections: 1 });
  await migrated.close();
  process.env.TEST_DATABASE_TEMPLATE = template;

  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.end();
    if (server) await server.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  };
}

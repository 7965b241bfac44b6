/**
 * openDatabase: the database the configuration names, migrated. Without DATABASE_URL it first starts the embedded
 * PostgreSQL in DATA_DIR; closing the handle then also stops that server (after the last statement has finished).
 */
import type { DatabaseConfig } from '../config';
import type { Logger } from '../log';
import { createDb, type DbHandle } from './client';
import { startEmbeddedPostgres } from './embedded/server';

export async function openDatabase(
  database: DatabaseConfig,
  logger: Logger,
  maxConnections?: number,
  openConnections?: number
): Promise<DbHandle> {
  if (database.kind === 'url') return createDb({ url: database.url, maxConnections, openConnections });
  const server = await startEmbeddedPostgres({ dataDir: database.dataDir, logger });
  try {
    const handle = await createDb({ url: server.url, maxConnections, openConnections });
    return {
      ...handle,
      async close() {
        await handle.close();
        await server.stop();
      }
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * openPostgres: the one place a postgres.js client is made. Besides postgres:// URLs it takes libpq's Unix-socket form,
 * `postgres://user:pass@localhost:5432/db?host=/path/to/socket-dir`, which postgres.js does not parse itself
 * (the embedded PostgreSQL listens on a socket in DATA_DIR).
 */
import postgres from 'postgres';

export type Sql = postgres.Sql;

export function openPostgres(url: string, options: postgres.Options<{}> = {}): Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  const common = {
    // fetch_types off: postgres.js fetches array types on every new connection from a promise nobody awaits, so a
    // connection lost during that query (a restart, pg_terminate_backend) became an unhandled rejection. The schema
    // has no array columns, so nothing needs those parsers.
    fetch_types: false,
    onnotice: () => {},
    ...options
  };
  if (!socketDir?.startsWith('/')) return postgres(url, common);
  parsed.searchParams.delete('host');
  return postgres(parsed.toString(), { ...common, path: `${socketDir}/.s.PGSQL.${parsed.port || 5432}` });
}

/**
 * Whether the installed postgres.js carries the project's patch (patches/postgres+3.4.9.patch, applied by `npm ci`
 * through the project's own postinstall). Without it, a connection that loses its socket while a small write waits
 * throws where nobody can catch it and ends the process (docs/relay.md, "PostgreSQL driver on connection loss").
 * An install with `--ignore-scripts` skips the patch, so the server says so at start instead of failing later.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The comment the patch adds to `nextWrite`; present once the patch is applied. */
export const DRIVER_PATCH_MARK = 'porsager/postgres#1208';

/** The ES module build of the driver's connection code, the one `import postgres from 'postgres'` loads. */
export function driverConnectionFile(): string {
  // require.resolve gives the CommonJS entry (…/postgres/cjs/src/index.js); the package root is three levels up.
  const entry = createRequire(import.meta.url).resolve('postgres');
  return path.join(path.dirname(entry), '..', '..', 'src', 'connection.js');
}

export function driverPatched(file: string = driverConnectionFile()): boolean {
  try {
    return readFileSync(file, 'utf8').includes(DRIVER_PATCH_MARK);
  } catch {
    return false;
  }
}

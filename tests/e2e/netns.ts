/**
 * Runs a TypeScript script (through tsx) in a new network namespace with only loopback up, so that WebRTC gathers
 * 127.0.0.1 candidates only (`unshare -n`, RECIPES.md), and collects the `{name, value}` JSON lines it prints.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The namespace has its own loopback, so a PostgreSQL at 127.0.0.1 on the host (TEST_DATABASE_URL in CI) is out of
 * reach there; a Unix socket is a file and crosses namespaces. Forwards a socket in a temporary folder to the TCP
 * server and gives the URL that reaches it (postgres.js: `?host=<folder>` means `<folder>/.s.PGSQL.<port>`).
 * A socket URL (the embedded server's) is passed through as it is.
 */
async function databaseReachableInNamespace(url: string | undefined): Promise<{ url?: string; close(): void }> {
  if (!url) return { url, close() {} };
  const parsed = new URL(url);
  if (parsed.searchParams.has('host')) return { url, close() {} };
  const port = Number(parsed.port || 5432);
  const folder = mkdtempSync(path.join(tmpdir(), 'gst-netns-pg-'));
  const sockets = new Set<net.Socket>();
  const forwarder = net.createServer((inner) => {
    const outer = net.connect(port, parsed.hostname);
    for (const socket of [inner, outer]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => (socket === inner ? outer : inner).destroy());
    }
    inner.pipe(outer).pipe(inner);
  });
  await new Promise<void>((resolve) => forwarder.listen(path.join(folder, `.s.PGSQL.${port}`), resolve));
  parsed.searchParams.set('host', folder);
  return {
    url: parsed.toString(),
    close() {
      for (const socket of sockets) socket.destroy();
      forwarder.close();
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

export async function runInLoopbackNamespace(script: string, env: Record<string, string> = {}): Promise<Map<string, any>> {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const database = await databaseReachableInNamespace(process.env.TEST_DATABASE_URL);
  const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${tsx}" "${path.resolve(script)}"`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so whatever the script leaves behind (a browser, a server) ends with it below.
    detached: true,
    env: { ...process.env, ...(database.url ? { TEST_DATABASE_URL: database.url } : {}), ...env }
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve)).finally(() => {
    database.close();
    // A browser or server process that outlived the script would slow every later test on this machine.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* the group has ended already */
    }
  });
  const results = new Map<string, any>();
  for (const line of output.split('\n')) {
    try {
      const { name, value } = JSON.parse(line) as { name: string; value: unknown };
      results.set(name, value);
    } catch {
      /* a log line */
    }
  }
  if (code !== 0) throw new Error(`${script} failed (${code}):\n${output.slice(-4000)}`);
  return results;
}

/** For the script's side: one measurement as a JSON line. */
export const report = (name: string, value: unknown) => process.stdout.write(`${JSON.stringify({ name, value })}\n`);

/** For the script's side: runs `main`, reports a failure as `fatal` and exits with its outcome. */
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      report('fatal', String(error?.stack ?? error));
      process.exit(1);
    }
  );
}

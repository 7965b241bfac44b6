/**
 * Runs a TypeScript script (through tsx) in a new network namespace with only loopback up, so that WebRTC gathers
 * 127.0.0.1 candidates only (`unshare -n`, RECIPES.md), and collects the `{name, value}` JSON lines it prints.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export async function runInLoopbackNamespace(script: string, env: Record<string, string> = {}): Promise<Map<string, any>> {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${tsx}" "${path.resolve(script)}"`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
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

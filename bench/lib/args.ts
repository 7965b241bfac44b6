/** A tiny --flag / --name value parser for the benchmark entry points. */
export function parseArgs(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (argv[index + 1] !== undefined && !argv[index + 1].startsWith('--')) flags.set(name, argv[++index]);
    else flags.set(name, true);
  }
  return flags;
}

export function numberFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const value = flags.get(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} needs a positive number`);
  return parsed;
}

export function listFlag(flags: Map<string, string | true>, name: string, fallback: string[]): string[] {
  const value = flags.get(name);
  return typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : fallback;
}

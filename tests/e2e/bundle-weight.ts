/**
 * The JavaScript weight of a page from the build output alone (no browser): the scripts the page's route needs (the
 * client entry, the root layout and error page SvelteKit loads with every page, the route's page and their static
 * imports), then what named dynamic imports add, each file gzipped (zlib level 6) and summed once. Reads Vite's manifest
 * in .svelte-kit/output/client (written by `npm run build`) and the files adapter-node serves from build/client.
 * bench/room/weight.ts measures the same page in Chromium; this is the check that runs with the tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, Chunk>;

const CLIENT_OUTPUT = '.svelte-kit/output/client';
const GENERATED_NODES = '.svelte-kit/generated/client-optimized/nodes';

export interface PageWeight {
  /** Files (paths under build/client) and their gzip bytes. */
  files: Map<string, number>;
  gzipBytes: number;
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(CLIENT_OUTPUT, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** The manifest key of the generated route node whose component is the first of `components` found. */
export function nodeKey(...components: string[]): string {
  const names = readdirSync(GENERATED_NODES);
  for (const component of components) {
    for (const name of names) {
      if (readFileSync(path.join(GENERATED_NODES, name), 'utf8').includes(`/${component}"`)) return `${GENERATED_NODES}/${name}`;
    }
  }
  throw new Error(`no route node for ${components.join(' or ')}: run \`npm run build\` first`);
}

/** Every file the chunks under `keys` import statically, with themselves. */
export function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  keys.forEach(visit);
  return seen;
}

export function gzipWeight(manifest: Manifest, keys: Iterable<string>): PageWeight {
  const files = new Map<string, number>();
  for (const key of keys) {
    const file = manifest[key]!.file;
    files.set(file, gzipSync(readFileSync(path.join('build/client', file)), { level: 6 }).length);
  }
  return { files, gzipBytes: [...files.values()].reduce((sum, bytes) => sum + bytes, 0) };
}

/** The keys of the client entry (start + app), the root layout and the root error page. */
export function appShellKeys(manifest: Manifest): string[] {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry && !key.startsWith(GENERATED_NODES));
  return [...entries, nodeKey('src/routes/+layout.svelte'), nodeKey('src/routes/+error.svelte', '@sveltejs/kit/src/runtime/components/svelte-5/error.svelte')];
}

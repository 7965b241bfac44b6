/**
 * The audit log is a hash chain per group (entries without a group form one chain of their own): each entry stores
 * the previous entry's hash and its own, SHA-256 over the previous hash and the entry's canonical content. Deleting
 * an entry breaks the next one's link; changing one breaks its own hash. Verification names every break and the
 * first one. (The database triggers already refuse UPDATE and DELETE; the chain shows it when someone got past them.)
 */
import { createHash } from 'node:crypto';

/** The chain's first link points at this. */
export const GENESIS = '0'.repeat(64);

export interface ChainContent {
  id: number;
  at: Date;
  actorUserId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  groupId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface ChainedEntry extends ChainContent {
  prevHash: string | null;
  hash: string | null;
}

/** JSON with object keys sorted at every depth, so the same content always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, entry: ChainContent): string {
  const content = canonicalJson({
    id: entry.id,
    at: entry.at.toISOString(),
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    groupId: entry.groupId,
    ip: entry.ip,
    details: entry.details
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export type ChainProblem =
  /** The entry's content no longer gives its stored hash: it was changed. */
  | 'changed'
  /** The entry's link does not point at the entry before it: entries between them were deleted (or reordered). */
  | 'missing_before'
  /** An entry without a hash after the chain began. */
  | 'unchained';

export interface ChainBreak {
  id: number;
  problem: ChainProblem;
  /** For missing_before: the last intact entry before the gap (null: the gap is at the chain's start). */
  after?: number | null;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** Entries written before the chain existed (no hash), at the start of the log: not verifiable, not a break. */
  beforeChain: number;
  firstBroken: ChainBreak | null;
  broken: ChainBreak[];
}

/** Walks one chain in id order. */
export function verifyChain(entries: ChainedEntry[]): ChainReport {
  const broken: ChainBreak[] = [];
  let beforeChain = 0;
  let started = false;
  let previous: { id: number | null; hash: string } = { id: null, hash: GENESIS };
  for (const entry of entries) {
    if (entry.hash === null || entry.prevHash === null) {
      if (!started) beforeChain++;
      else broken.push({ id: entry.id, problem: 'unchained' });
      continue;
    }
    started = true;
    if (entry.prevHash !== previous.hash) broken.push({ id: entry.id, problem: 'missing_before', after: previous.id });
    if (entryHash(entry.prevHash, entry) !== entry.hash) broken.push({ id: entry.id, problem: 'changed' });
    previous = { id: entry.id, hash: entry.hash };
  }
  return { ok: broken.length === 0, checked: entries.length - beforeChain, beforeChain, firstBroken: broken[0] ?? null, broken };
}

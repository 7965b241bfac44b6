/**
 * Untrusted Yjs updates are decoded and bounded before they touch a live document. Decoding parses every struct
 * and its content (so truncated or garbled bytes throw here, not halfway through an apply); the bounds stop
 * shapes that cost memory or time out of proportion to their size (huge clocks, millions of tiny structs,
 * sub-documents, which this relay does not serve).
 */
import * as Y from 'yjs';

export interface UpdateLimits {
  maxStructsPerUpdate: number;
  maxDeleteRangesPerUpdate: number;
}

/** No honest client gets near 2^32 operations; far larger clocks are how a single update claims absurd ranges. */
const MAX_CLOCK = 2 ** 32;

/**
 * `empty`: no structs and no deletions (what a client that holds nothing new answers to sync step 1).
 * `ranges`: per client, the clocks the update's structs cover ([from, to)); `contiguous` when each client's structs
 * follow one another with no gap (no Skip), so applying them to a document that ends at `from` adds exactly them.
 */
export type UpdateCheck =
  | { ok: true; empty: boolean; ranges: Map<number, { from: number; to: number }>; contiguous: boolean; deletes: number }
  | { ok: false; reason: string };

export function checkUpdate(update: Uint8Array, limits: UpdateLimits): UpdateCheck {
  if (update.byteLength < 2) return { ok: false, reason: 'update too short' };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return { ok: false, reason: `undecodable update: ${(error as Error).message}` };
  }
  if (decoded.structs.length > limits.maxStructsPerUpdate) return { ok: false, reason: 'too many structs' };
  const ranges = new Map<number, { from: number; to: number }>();
  let contiguous = true;
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (!isSafeClient(client) || !isSafeRange(clock, struct.length)) return { ok: false, reason: 'struct out of range' };
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentDoc) return { ok: false, reason: 'sub-documents are not served' };
    const range = ranges.get(client);
    if (!range) ranges.set(client, { from: clock, to: clock + struct.length });
    else {
      if (clock !== range.to) contiguous = false;
      range.to = Math.max(range.to, clock + struct.length);
    }
    if (struct instanceof Y.Skip) contiguous = false;
  }
  let deletes = 0;
  for (const [client, items] of decoded.ds.clients) {
    if (!isSafeClient(client)) return { ok: false, reason: 'delete set out of range' };
    deletes += items.length;
    if (deletes > limits.maxDeleteRangesPerUpdate) return { ok: false, reason: 'too many delete ranges' };
    for (const item of items) if (!isSafeRange(item.clock, item.len)) return { ok: false, reason: 'delete set out of range' };
  }
  return { ok: true, empty: decoded.structs.length === 0 && deletes === 0, ranges, contiguous, deletes };
}

const isSafeClient = (client: number) => Number.isInteger(client) && client >= 0 && client < 2 ** 53;
const isSafeRange = (clock: number, length: number) =>
  Number.isInteger(clock) && Number.isInteger(length) && clock >= 0 && length >= 0 && clock + length <= MAX_CLOCK;

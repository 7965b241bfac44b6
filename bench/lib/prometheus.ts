/** Reading a histogram out of Prometheus text (our server's /metrics), to get a quantile over a span of time. */

export interface Histogram {
  name: string;
  /** Cumulative counts by upper bound, ascending; the last bound is +Inf. */
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

/** The first histogram whose name contains `fragment` (labels summed), or undefined. */
export function findHistogram(text: string, fragment: string): Histogram | undefined {
  const bucketLine = /^([a-zA-Z_:][\w:]*)_bucket\{(.*)\}\s+(\S+)/;
  let name: string | undefined;
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    const bucket = bucketLine.exec(line);
    if (bucket && bucket[1].includes(fragment) && (name === undefined || bucket[1] === name)) {
      name = bucket[1];
      const le = /le="([^"]+)"/.exec(bucket[2])?.[1];
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + Number(bucket[3]));
    } else if (name && line.startsWith(`${name}_sum`)) sum += Number(line.split(/\s+/).at(-1));
    else if (name && line.startsWith(`${name}_count`)) count += Number(line.split(/\s+/).at(-1));
  }
  if (!name) return undefined;
  const buckets = [...byBound].map(([le, total]) => ({ le, count: total })).sort((a, b) => a.le - b.le);
  return { name, buckets, sum, count };
}

/** later - earlier, bucket by bucket: the observations made between two scrapes. */
export function histogramDelta(later: Histogram, earlier: Histogram | undefined): Histogram {
  if (!earlier) return later;
  const before = new Map(earlier.buckets.map((bucket) => [bucket.le, bucket.count]));
  return {
    name: later.name,
    buckets: later.buckets.map((bucket) => ({ le: bucket.le, count: bucket.count - (before.get(bucket.le) ?? 0) })),
    sum: later.sum - earlier.sum,
    count: later.count - earlier.count
  };
}

/** Quantile by linear interpolation inside the bucket that holds it (as PromQL's histogram_quantile). */
export function histogramQuantile(histogram: Histogram, q: number): number {
  const total = histogram.buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of histogram.buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound;
      return lowerBound + ((le - lowerBound) * (rank - lowerCount)) / Math.max(1, count - lowerCount);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

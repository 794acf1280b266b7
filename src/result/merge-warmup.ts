/**
 * The warm-up section of merged runs. Warm-up rows carry no histogram (only their summary), so
 * counts, min, max, mean and stdev merge exactly (pooled), while a percentile of several parts
 * is the largest of theirs: an upper bound, exact when one part measured that name.
 */
import type { LatencySummary, WarmupInfo } from '../schema/summary.js';

type WarmupRow = WarmupInfo['stats'][number];

export function mergeWarmup(parts: WarmupInfo[]): WarmupInfo | undefined {
  if (parts.length === 0) return undefined;
  const rows = new Map<string, WarmupRow[]>();
  for (const part of parts) {
    for (const row of part.stats) {
      const key = `${row.type}\u0000${row.name}`;
      (rows.get(key) ?? rows.set(key, []).get(key)!).push(row);
    }
  }
  return {
    // Parts of one plan warm up for the same time; the longest stands for all.
    durationS: Math.max(...parts.map((p) => p.durationS)),
    stats: [...rows.values()].map((group) => ({ type: group[0].type, name: group[0].name, ...mergeCounted(group) })),
    aggregate: mergeCounted(parts.map((p) => p.aggregate)),
  };
}

function mergeCounted(group: { count: number; failures: number; latency: LatencySummary }[]): { count: number; failures: number; latency: LatencySummary } {
  return {
    count: group.reduce((n, r) => n + r.count, 0),
    failures: group.reduce((n, r) => n + r.failures, 0),
    latency: mergeLatencySummaries(group.map((r) => r.latency)),
  };
}

/** Summaries without their histograms: exact count, min, max, pooled mean and stdev; percentiles an upper bound. */
export function mergeLatencySummaries(parts: LatencySummary[]): LatencySummary {
  const measured = parts.filter((p) => p.count > 0 && p.mean !== null);
  if (measured.length === 0) return parts[0];
  if (measured.length === 1) return measured[0];
  const count = measured.reduce((n, p) => n + p.count, 0);
  const mean = measured.reduce((sum, p) => sum + p.mean! * p.count, 0) / count;
  // Pooled variance: each part's own spread plus how far its mean lies from the merged one.
  const variance = measured.reduce((sum, p) => sum + p.count * ((p.stdev ?? 0) ** 2 + (p.mean! - mean) ** 2), 0) / count;
  const percentiles: Record<string, number | null> = {};
  for (const key of Object.keys(measured[0].percentiles)) {
    const values = measured.map((p) => p.percentiles[key]).filter((v): v is number => typeof v === 'number');
    percentiles[key] = values.length ? Math.max(...values) : null;
  }
  const mins = measured.map((p) => p.min).filter((v): v is number => v !== null);
  const maxes = measured.map((p) => p.max).filter((v): v is number => v !== null);
  return {
    count,
    min: mins.length ? Math.min(...mins) : null,
    max: maxes.length ? Math.max(...maxes) : null,
    mean,
    stdev: Math.sqrt(variance),
    percentiles,
  };
}

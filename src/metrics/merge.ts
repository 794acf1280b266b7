/**
 * mergeSnapshots: how figures of several recorders (worker threads, machines, shards) meet.
 * Lossless wherever a histogram is kept: stats rows, the aggregate and each aggregate series point
 * are re-summarised from the summed histograms, so a merge reports exactly what one recorder that
 * saw every sample would have. Per-name series points add their interval histograms too; only a
 * point without one (files written before they existed) falls back to the largest of the parts'
 * percentiles, an upper bound. Whole summary.json files merge in src/result/merge.ts.
 */
import { mergeConnectionPhases } from './connections.js';
import type { ExceptionEntry, FailureEntry, SeriesNamePoint, SeriesPoint, StatEntry } from '../schema/summary.js';
import { Histogram, decodeHistogram, encodeHistogram, summarize } from '../hdr/histogram.js';
import { mergeProfiles } from './profile.js';
import { compareEntries, compareFailures, statKey } from './stat-row.js';
import type { MetricsSnapshot } from './types.js';

export function mergeSnapshots(snapshots: MetricsSnapshot[]): MetricsSnapshot {
  if (snapshots.length === 0) throw new Error('mergeSnapshots needs at least one snapshot');
  const intervalMs = snapshots[0].intervalMs;
  const odd = snapshots.find((s) => s.intervalMs !== intervalMs);
  if (odd) throw new Error(`cannot merge time series of ${intervalMs} ms and ${odd.intervalMs} ms intervals`);

  const rows = new Map<string, StatEntry[]>();
  for (const s of snapshots) {
    for (const e of s.stats) {
      const key = statKey(e.type, e.name);
      const group = rows.get(key);
      if (group) group.push(e);
      else rows.set(key, [e]);
    }
  }
  return {
    startedAt: Math.min(...snapshots.map((s) => s.startedAt)),
    endedAt: Math.max(...snapshots.map((s) => s.endedAt)),
    stats: [...rows.values()].map(mergeEntries).sort(compareEntries),
    aggregate: mergeEntries(snapshots.map((s) => s.aggregate)),
    series: mergeSeries(snapshots.map((s) => s.series)),
    intervalMs,
    failures: mergeFailures(snapshots.flatMap((s) => s.failures)),
    exceptions: mergeExceptions(snapshots.flatMap((s) => s.exceptions)),
    statusCodes: sumCounts(snapshots.map((s) => s.statusCodes)),
    warnings: [...new Set(snapshots.flatMap((s) => s.warnings))],
  };
}

/** The sum of encoded histograms (an empty string, no sample, decodes as an empty histogram). */
export function sumHistograms(encoded: string[]): Histogram {
  const h = new Histogram();
  for (const e of encoded) h.add(decodeHistogram(e));
  return h;
}

function minOrNull(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? Math.min(...v) : null;
}

function maxOrNull(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
}

/** Entries of the same (type, name) from several snapshots, as one. */
export function mergeEntries(parts: StatEntry[]): StatEntry {
  const first = parts[0];
  const latency = sumHistograms(parts.map((p) => p.histogram));
  const entry: StatEntry = {
    type: first.type,
    method: first.method,
    name: first.name,
    count: parts.reduce((n, p) => n + p.count, 0),
    failures: parts.reduce((n, p) => n + p.failures, 0),
    latency: summarize(latency),
    histogram: encodeHistogram(latency),
    wireBytes: parts.reduce((n, p) => n + p.wireBytes, 0),
    decodedBytes: parts.reduce((n, p) => n + p.decodedBytes, 0),
    firstAt: minOrNull(parts.map((p) => p.firstAt)),
    lastAt: maxOrNull(parts.map((p) => p.lastAt)),
  };
  // Summaries written before cuts were counted have no cutAtStop: a merge of only those has none.
  if (parts.some((p) => p.cutAtStop !== undefined)) entry.cutAtStop = parts.reduce((n, p) => n + (p.cutAtStop ?? 0), 0);
  const uncorrected = parts.filter((p) => p.uncorrectedHistogram);
  if (uncorrected.length > 0) {
    const h = sumHistograms(uncorrected.map((p) => p.uncorrectedHistogram!));
    entry.uncorrectedLatency = summarize(h);
    entry.uncorrectedHistogram = encodeHistogram(h);
  }
  const responses = mergeProfiles(parts.flatMap((p) => (p.responses ? [p.responses] : [])));
  if (responses) entry.responses = responses;
  const connections = mergeConnectionPhases(parts.map((p) => p.connections));
  if (connections) entry.connections = connections;
  return entry;
}

function mergeSeries(all: SeriesPoint[][]): SeriesPoint[] {
  const byT = new Map<number, SeriesPoint[]>();
  for (const points of all) {
    for (const p of points) {
      const group = byT.get(p.t);
      if (group) group.push(p);
      else byT.set(p.t, [p]);
    }
  }
  return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([, parts]) => mergePoints(parts));
}

function mergePoints(parts: SeriesPoint[]): SeriesPoint {
  // Stryker disable next-line ConditionalExpression: one point summed with nothing is itself; the copy saves decoding its histograms
  if (parts.length === 1) return { ...parts[0], byName: { ...parts[0].byName } };
  const h = sumHistograms(parts.map((p) => p.histogram));
  const ms = (p: number): number | null => {
    const v = h.valueAtPercentile(p);
    return v === null ? null : v / 1000;
  };
  const byName: Record<string, SeriesNamePoint> = {};
  for (const p of parts) {
    for (const [key, n] of Object.entries(p.byName)) {
      const into = byName[key];
      if (into === undefined) {
        byName[key] = { ...n };
        continue;
      }
      into.requests += n.requests;
      into.failures += n.failures;
      into.decodedBytes = (into.decodedBytes ?? 0) + (n.decodedBytes ?? 0);
      if (into.histogram !== undefined && n.histogram !== undefined) {
        // Both parts carry their interval histogram: the merged percentiles are exact.
        const merged = sumHistograms([into.histogram, n.histogram]);
        into.histogram = encodeHistogram(merged);
        const at = (p: number): number | null => {
          const v = merged.valueAtPercentile(p);
          return v === null ? null : v / 1000;
        };
        into.p50 = at(50);
        into.p95 = at(95);
        into.p99 = at(99);
      } else {
        // Older parts without histograms: the larger value is an upper bound.
        into.histogram = undefined;
        into.p50 = maxOrNull([into.p50, n.p50]);
        into.p95 = maxOrNull([into.p95, n.p95]);
        into.p99 = maxOrNull([into.p99, n.p99]);
      }
    }
  }
  return {
    t: parts[0].t,
    // Each part ran its own users: the run had all of them at once.
    users: parts.reduce((n, p) => n + p.users, 0),
    browserUsers: parts.reduce((n, p) => n + p.browserUsers, 0),
    requests: parts.reduce((n, p) => n + p.requests, 0),
    failures: parts.reduce((n, p) => n + p.failures, 0),
    wireBytes: parts.reduce((n, p) => n + p.wireBytes, 0),
    decodedBytes: parts.reduce((n, p) => n + (p.decodedBytes ?? 0), 0),
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    max: h.max === null ? null : h.max / 1000,
    histogram: encodeHistogram(h),
    byName,
  };
}

function mergeFailures(all: FailureEntry[]): FailureEntry[] {
  const groups = new Map<string, FailureEntry>();
  for (const f of all) {
    const key = `${f.method}\u0000${f.name}\u0000${f.error}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { ...f });
      continue;
    }
    g.occurrences += f.occurrences;
    g.firstSeen = Math.min(g.firstSeen, f.firstSeen);
    g.lastSeen = Math.max(g.lastSeen, f.lastSeen);
  }
  return [...groups.values()].sort(compareFailures);
}

function mergeExceptions(all: ExceptionEntry[]): ExceptionEntry[] {
  const groups = new Map<string, ExceptionEntry>();
  for (const e of all) {
    const g = groups.get(e.message);
    if (g === undefined) groups.set(e.message, { ...e });
    else g.count += e.count;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function sumCounts(all: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}


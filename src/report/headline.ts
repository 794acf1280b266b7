/**
 * The headline figures of a run, computed once so the terminal, Markdown, HTML, CSV and compare
 * all print the same RPS, p95 and error rate.
 */
import { decodeHistogram, mergeHistograms, summarize } from '../hdr/histogram.js';
import { rateWindowSeconds } from '../schema/rates.js';
import type { StatEntry, Summary } from '../schema/summary.js';

/**
 * Seconds the rates are taken over: from the start of measurement to the last request, as
 * Locust's `total_rps` does (`num_requests / (last_request_timestamp - start_time)`).
 */
export function rateSeconds(summary: Summary): number {
  return rateWindowSeconds(summary.aggregate.lastAt, summary.run.measuredFrom, summary.run.endedAt);
}

/** Requests per second of one row over the run's rate window (0 when the window is empty). */
export function requestsPerSecond(entry: StatEntry, seconds: number): number {
  return seconds > 0 ? entry.count / seconds : 0;
}

export function failuresPerSecond(entry: StatEntry, seconds: number): number {
  return seconds > 0 ? entry.failures / seconds : 0;
}

/** Failed share of requests in percent (0 when there were none). */
export function errorPercent(entry: StatEntry): number {
  return entry.count > 0 ? (entry.failures / entry.count) * 100 : 0;
}

export interface Headline {
  requests: number;
  failures: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  errorPct: number;
  /** Measured seconds (warm-up excluded), from measurement start to the end of the run. */
  measuredSeconds: number;
  /** null when the run had no thresholds. */
  thresholdsPassed: boolean | null;
  thresholdsFailed: number;
  /** Peak users: protocol and browser. */
  peakUsers: number;
  peakBrowserUsers: number;
}

export function headline(summary: Summary): Headline {
  const agg = summary.aggregate;
  const seconds = rateSeconds(summary);
  const failed = summary.thresholds.filter((t) => !t.passed).length;
  const points = summary.timeSeries.points;
  return {
    requests: agg.count,
    failures: agg.failures,
    rps: requestsPerSecond(agg, seconds),
    p50: agg.latency.percentiles['50'] ?? null,
    p95: agg.latency.percentiles['95'] ?? null,
    p99: agg.latency.percentiles['99'] ?? null,
    max: agg.latency.max,
    errorPct: errorPercent(agg),
    measuredSeconds: Math.max(0, (summary.run.endedAt - summary.run.measuredFrom) / 1000),
    thresholdsPassed: summary.thresholds.length === 0 ? null : failed === 0,
    thresholdsFailed: failed,
    peakUsers: points.reduce((m, p) => Math.max(m, p.users), 0),
    peakBrowserUsers: points.reduce((m, p) => Math.max(m, p.browserUsers), 0),
  };
}

/** The protocol requests (API) or the page loads (pages) of a run, as one population. */
export interface Population {
  requests: number;
  failures: number;
  errorPct: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * A run's two populations, each from the merge of its rows' histograms (exact, as one recorder of
 * those samples: a p95 of every page load, not a mean of per-page p95s); null for one with no row.
 * API is what `API:` thresholds and `--seed-goals` judge, pages what `PAGES:` thresholds judge.
 */
export function populations(summary: Summary): { api: Population | null; pages: Population | null } {
  const of = (rows: StatEntry[]): Population | null => {
    if (rows.length === 0) return null;
    const latency = summarize(mergeHistograms(rows.filter((r) => r.histogram).map((r) => decodeHistogram(r.histogram))));
    const requests = rows.reduce((n, r) => n + r.count, 0);
    const failures = rows.reduce((n, r) => n + r.failures, 0);
    const at = (p: string) => (latency.count > 0 ? (latency.percentiles[p] ?? null) : null);
    return { requests, failures, errorPct: requests > 0 ? (failures / requests) * 100 : 0, p50: at('50'), p95: at('95'), p99: at('99') };
  };
  return { api: of(summary.stats.filter((s) => s.type !== 'PAGE')), pages: of(summary.stats.filter((s) => s.type === 'PAGE')) };
}

/**
 * Said wherever the headline's error rate (every request and page load) stands beside the API's
 * or the pages' own: which one a threshold judges.
 */
export const TWO_ERROR_RATES =
  'The headline errors count page loads too; API: thresholds (and --seed-goals) judge protocol requests only, PAGES: thresholds page loads only.';

/** Stat rows in Locust's order: by name, then type (plain code-point order, as Python sorts). */
export function sortedStats<T extends { type: string; name: string }>(stats: T[]): T[] {
  return [...stats].sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

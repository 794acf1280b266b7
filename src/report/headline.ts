/**
 * The headline figures of a run, computed once so the terminal, Markdown, HTML, CSV and compare
 * all print the same RPS, p95 and error rate.
 */
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

/** Stat rows in Locust's order: by name, then type (plain code-point order, as Python sorts). */
export function sortedStats<T extends { type: string; name: string }>(stats: T[]): T[] {
  return [...stats].sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Locust's `--csv PREFIX` files from a summary: `_stats.csv`, `_failures.csv`, `_exceptions.csv`.
 * Header lines, column meanings, row order and number forms follow `locust/stats.py`
 * (StatsCSV, 2.44+), so tooling written for Locust reads them unchanged.
 */
import { REPORTED_PERCENTILES, type ExceptionEntry, type FailureEntry, type LatencySummary, type StatEntry, type Summary } from '../../schema/summary.js';
import { cmp, failuresPerSecond, rateSeconds, requestsPerSecond, sortedStats } from '../headline.js';
import { csvRow, float, int, type Cell } from './python.js';

/** Locust's `get_readable_percentiles(PERCENTILES_TO_REPORT)`. */
export const PERCENTILE_COLUMNS = REPORTED_PERCENTILES.map((p) => `${p}%`);

export const STATS_COLUMNS = [
  'Type', 'Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time',
  'Min Response Time', 'Max Response Time', 'Average Content Size', 'Requests/s', 'Failures/s',
  ...PERCENTILE_COLUMNS,
];

export const HISTORY_COLUMNS = [
  'Timestamp', 'User Count', 'Type', 'Name', 'Requests/s', 'Failures/s', ...PERCENTILE_COLUMNS,
  'Total Request Count', 'Total Failure Count', 'Total Median Response Time', 'Total Average Response Time',
  'Total Min Response Time', 'Total Max Response Time', 'Total Average Content Size',
];

export const FAILURES_COLUMNS = ['Method', 'Name', 'Error', 'Occurrences', 'First Seen', 'Last Seen'];

export const EXCEPTIONS_COLUMNS = ['Count', 'Message', 'Traceback', 'Nodes'];

/** The node name Locust's LocalRunner gives its exceptions. */
const LOCAL_NODE = 'local';

/** `_stats.csv`: one row per (name, type) in Locust's order, then the Aggregated row. */
export function statsCsv(summary: Summary): string {
  const seconds = rateSeconds(summary);
  const rows = [...sortedStats(summary.stats), summary.aggregate].map((entry, i, all) =>
    statsRow(entry, seconds, i === all.length - 1),
  );
  return csvRow(STATS_COLUMNS) + rows.map(csvRow).join('');
}

function statsRow(entry: StatEntry, seconds: number, aggregated: boolean): Cell[] {
  const totals = totalsCells({
    count: entry.count,
    latency: entry.latency,
    decodedBytes: entry.decodedBytes,
  });
  return [
    aggregated ? '' : entry.type,
    aggregated ? 'Aggregated' : entry.name,
    int(entry.count),
    int(entry.failures),
    totals.median,
    totals.average,
    totals.min,
    totals.max,
    totals.contentSize,
    float(requestsPerSecond(entry, seconds)),
    float(failuresPerSecond(entry, seconds)),
    ...percentileCells(entry.count, (p) => entry.latency.percentiles[String(p)] ?? null, entry.latency),
  ];
}

/** The cumulative figures Locust prints for an entry (also the `Total …` history columns). */
export function totalsCells(input: { count: number; latency: Pick<LatencySummary, 'min' | 'max' | 'mean' | 'percentiles'>; decodedBytes: number }): {
  median: Cell; average: Cell; min: Cell; max: Cell; contentSize: Cell;
} {
  const { count, latency } = input;
  if (count === 0 || latency.max === null) {
    // StatsEntry with no requests: median 0, avg 0.0, min `None or 0`, max 0, content 0 (int).
    return { median: int(0), average: float(0), min: int(0), max: int(0), contentSize: count === 0 ? int(0) : float(input.decodedBytes / count) };
  }
  return {
    median: medianCell(latency.percentiles['50'] ?? null, latency.min, latency.max),
    average: float(latency.mean ?? 0),
    min: latency.min === null ? int(0) : float(latency.min),
    max: float(latency.max),
    contentSize: float(input.decodedBytes / count),
  };
}

/** Locust's median: a whole-ms bucket, clamped into [min, max] (then the exact min or max). */
function medianCell(p50: number | null, min: number | null, max: number | null): Cell {
  if (p50 === null) return int(0);
  return wholeMsWithin(p50, { min, max });
}

/** The row's own Min and Max, which no percentile column may pass once rounded. */
export interface Bounds {
  min: number | null;
  max: number | null;
}

/**
 * A percentile in whole ms, as Locust writes it, unless rounding would put it outside the row's
 * [Min, Max] (a p50 of 0.4 ms rounds to 0 below a Min of 0.306): then the exact Min or Max, in
 * the same form as those columns, so Min <= every percentile <= Max holds in the text.
 */
function wholeMsWithin(value: number, bounds: Bounds): Cell {
  const rounded = Math.round(value);
  if (bounds.max !== null && rounded > bounds.max) return float(bounds.max);
  if (bounds.min !== null && rounded < bounds.min) return float(bounds.min);
  return int(rounded);
}

/**
 * Percentile columns: whole ms within the row's bounds, or `N/A` for every column when the entry
 * had no requests. `at` gives null for "no requests in the window" (Locust writes 0) and undefined
 * for a figure the summary cannot give (written `N/A`).
 */
export function percentileCells(count: number, at: (p: number) => number | null | undefined, bounds: Bounds): Cell[] {
  if (count === 0) return PERCENTILE_COLUMNS.map(() => 'N/A');
  return REPORTED_PERCENTILES.map((p) => {
    const value = at(p);
    if (value === undefined) return 'N/A';
    // No requests in the window: Locust's 0, not bounded by the cumulative Min of other windows.
    if (value === null) return int(0);
    return wholeMsWithin(value, bounds);
  });
}

/** `_failures.csv`: one row per (method, name, error), with UTC first and last seen. */
export function failuresCsv(summary: Summary): string {
  const rows = [...summary.failures].sort(failureOrder).map((f): Cell[] => [
    f.method,
    f.name,
    f.error,
    int(f.occurrences),
    utcSeconds(f.firstSeen),
    utcSeconds(f.lastSeen),
  ]);
  return csvRow(FAILURES_COLUMNS) + rows.map(csvRow).join('');
}

function failureOrder(a: FailureEntry, b: FailureEntry): number {
  return cmp(a.name, b.name) || cmp(a.method, b.method) || cmp(a.error, b.error);
}

/** Locust's `format_utc_timestamp`: whole seconds, `%Y-%m-%dT%H:%M:%SZ`. */
export function utcSeconds(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return '';
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** `_exceptions.csv`: count, message, traceback, and the node ("local": one process). */
export function exceptionsCsv(summary: Summary): string {
  const rows = [...summary.exceptions]
    .sort((a: ExceptionEntry, b: ExceptionEntry) => b.count - a.count || cmp(a.message, b.message))
    .map((e): Cell[] => [int(e.count), e.message, e.traceback, LOCAL_NODE]);
  return csvRow(EXCEPTIONS_COLUMNS) + rows.map(csvRow).join('');
}

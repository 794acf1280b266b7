/** Threshold outcomes, evaluated on the finished stats of summary.json (never on live data). */
import type { ThresholdSpec } from '../config/thresholds.js';
import { percentileOfEncoded } from '../hdr/histogram.js';
import { mergeEntries } from '../metrics/merge.js';
import type { PageStats, StatEntry, ThresholdOutcome } from '../schema/summary.js';
import { worstPage } from './vital-thresholds.js';

export function evaluateThresholds(
  specs: readonly ThresholdSpec[],
  stats: readonly StatEntry[],
  aggregate: StatEntry,
  measuredSeconds: number,
  /** The browser section's page rows, for web-vital thresholds. */
  pages: readonly PageStats[] = [],
): ThresholdOutcome[] {
  return specs.map((spec) => {
    const vital = spec.vital ? worstPage(spec, pages) : null;
    const row = vital ? undefined : rowFor(spec.target, stats, aggregate);
    const actual = vital ? vital.actual : row ? measure(spec, row, measuredSeconds) : null;
    const outcome: ThresholdOutcome = {
      ...(vital?.page ? { page: vital.page } : {}),
      expression: spec.expression,
      target: spec.target,
      metric: spec.metric,
      comparator: spec.comparator,
      limit: spec.limit,
      actual,
      passed: actual !== null && compare(actual, spec.comparator, spec.limit),
    };
    if (!row && !spec.vital) outcome.missingRow = { nearest: nearestKeys(spec.target, stats) };
    return outcome;
  });
}

/** How many existing names a threshold without a row suggests. */
const NEAREST = 3;

/**
 * The row keys a mistyped target most likely meant: every key the run has (and the populations
 * that exist), by edit distance, ties in Locust's name order. Names that share nothing with the
 * target (more edits than its length) are no hint and are left out.
 */
function nearestKeys(target: string, stats: readonly StatEntry[]): string[] {
  const keys = stats.map((s) => `${s.type} ${s.name}`);
  if (stats.some((s) => s.type !== 'PAGE')) keys.push('API');
  if (stats.some((s) => s.type === 'PAGE')) keys.push('PAGES');
  return keys
    .map((key) => ({ key, distance: editDistance(target.toLowerCase(), key.toLowerCase()) }))
    .filter((k) => k.distance < Math.max(target.length, 1))
    .sort(byDistanceThenKey)
    .slice(0, NEAREST)
    .map((k) => k.key);
}

/** Nearest first; ties in Locust's name order. */
function byDistanceThenKey(a: { key: string; distance: number }, b: { key: string; distance: number }): number {
  // A disable comment inside the method chain is not read by Stryker: the comparator is a function of its own so that this one is.
  // Stryker disable next-line EqualityOperator,ConditionalExpression: keys are unique, so a tie is never a.key = b.key; and V8's sort of up to 32 keys reads only a sign below 0, so 1 read as 0 sorts the same
  return a.distance - b.distance || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Levenshtein distance, one row of the table at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The row a threshold reads: "Aggregated" (everything, as Locust's row), "API" (every protocol
 * request, no page loads), "PAGES" (every page load), or one "TYPE NAME" row.
 */
function rowFor(target: string, stats: readonly StatEntry[], aggregate: StatEntry): StatEntry | undefined {
  if (target === 'Aggregated') return aggregate;
  if (target === 'API' || target === 'PAGES') {
    const rows = stats.filter((s) => (s.type === 'PAGE') === (target === 'PAGES'));
    return rows.length === 0 ? undefined : mergeEntries(rows);
  }
  return stats.find((s) => `${s.type} ${s.name}` === target);
}

function measure(spec: ThresholdSpec, row: StatEntry, seconds: number): number | null {
  const latency = row.latency;
  switch (spec.kind) {
    case 'percentile':
      return latency.count === 0 ? null : percentileOf(row, spec.percentile!);
    case 'avg':
      return latency.mean;
    case 'min':
      return latency.min;
    case 'max':
      return latency.max;
    case 'errors':
      return row.count === 0 ? null : (row.failures / row.count) * 100;
    case 'rps':
      return seconds > 0 ? row.count / seconds : null;
    case 'count':
      return row.count;
    case 'failures':
      return row.failures;
  }
}

/** A reported percentile, or one decoded from the row's histogram when it is not in the set. */
function percentileOf(row: StatEntry, percentile: number): number | null {
  const reported = row.latency.percentiles[String(percentile)];
  if (reported !== undefined) return reported;
  return percentileOfEncoded(row.histogram, percentile);
}

function compare(actual: number, comparator: ThresholdOutcome['comparator'], limit: number): boolean {
  switch (comparator) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
  }
}

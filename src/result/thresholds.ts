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
    return {
      ...(vital?.page ? { page: vital.page } : {}),
      expression: spec.expression,
      target: spec.target,
      metric: spec.metric,
      comparator: spec.comparator,
      limit: spec.limit,
      actual,
      passed: actual !== null && compare(actual, spec.comparator, spec.limit),
    };
  });
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

/**
 * Threshold expressions: `[TARGET:]METRIC OP VALUE[unit]`, e.g. `p95<500`, `errors<0.1%`,
 * `GET /api/search/:p99<300`, `PAGE /dashboard/ [cold]:p95<2000`, `rps>=900`.
 * TARGET is a stats row "TYPE NAME", or API (all protocol requests) or PAGES (all page loads);
 * without it the threshold applies to the Aggregated row, page loads included, as Locust's.
 * Web vitals (`lcp`, `fcp`, `cls`, `ttfb`, `tbt`, `inp`, at p75 unless `lcp.p90` says otherwise)
 * apply to page rows: `PAGE /dashboard/ [cold]:lcp<2500`, or `PAGES:` / no target for every page.
 */
import { isVital, RATING_PERCENTILE, type VitalName } from '../schema/vitals.js';

export type ThresholdMetric = 'percentile' | 'avg' | 'min' | 'max' | 'errors' | 'rps' | 'count' | 'failures';

export interface ThresholdSpec {
  expression: string;
  target: string;
  metric: string;
  kind: ThresholdMetric;
  /** For percentiles: 95, 99.9 … */
  percentile?: number;
  comparator: '<' | '<=' | '>' | '>=';
  /** ms for times, % for errors, req/s for rps, a count otherwise; unitless for CLS. */
  limit: number;
  /** A web-vital threshold: read from the page rows' vitals, not the stats rows. */
  vital?: VitalName;
}

const PATTERN = /^(?:(.+):)?\s*(p\d+(?:\.\d+)?|med|median|avg|mean|min|max|errors|error_rate|rps|count|failures)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(ms|s|%)?$/i;

const VITAL_PATTERN = /^(?:(.+):)?\s*(lcp|fcp|cls|ttfb|tbt|inp)(?:\.(p\d+(?:\.\d+)?|med|median|avg|mean|min|max))?\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(ms|s)?$/i;

/** `lcp<2500`, `PAGES:fcp.p90<1800`, `PAGE /dashboard/ [cold]:cls<0.1`; null when not a vital. */
function parseVitalThreshold(expression: string): ThresholdSpec | string | null {
  const m = VITAL_PATTERN.exec(expression.trim());
  if (!m) return null;
  const [, rawTarget, rawVital, rawStat, comparator, value, unit] = m;
  const vital = rawVital.toLowerCase();
  if (!isVital(vital)) return null;
  const target = rawTarget?.trim() || 'PAGES';
  if (target !== 'PAGES' && target !== 'Aggregated' && !target.startsWith('PAGE ')) {
    return `--threshold '${expression}': ${vital} is a page metric; use PAGES: or PAGE NAME: (e.g. 'PAGE / [cold]:${vital}<…')`;
  }
  if (vital === 'cls' && unit) return `--threshold '${expression}': CLS has no unit`;
  const stat = (rawStat ?? `p${RATING_PERCENTILE}`).toLowerCase();
  const kind: ThresholdMetric = stat === 'avg' || stat === 'mean' ? 'avg' : stat === 'min' || stat === 'max' ? stat : 'percentile';
  const percentile = kind !== 'percentile' ? undefined : stat === 'med' || stat === 'median' ? 50 : Number(stat.slice(1));
  if (percentile !== undefined && !(percentile > 0 && percentile <= 100)) return `--threshold '${expression}': percentile must be in (0, 100]`;
  return {
    expression,
    target: target === 'Aggregated' ? 'PAGES' : target,
    metric: `${vital}.${stat}`,
    kind,
    percentile,
    comparator: comparator as ThresholdSpec['comparator'],
    limit: Number(value) * (unit === 's' ? 1000 : 1),
    vital,
  };
}

/** Parses one expression; returns an error message instead when it is not valid. */
export function parseThreshold(expression: string): ThresholdSpec | string {
  const vital = parseVitalThreshold(expression);
  if (vital !== null) return vital;
  const m = PATTERN.exec(expression.trim());
  if (!m) return `--threshold '${expression}': expected [TYPE NAME:]METRIC<VALUE, e.g. 'p95<500' or 'errors<0.1%'`;
  const [, target, rawMetric, comparator, value, unit] = m;
  if (target !== undefined && !isTarget(target.trim())) {
    return `--threshold '${expression}': '${target.trim()}' is not a row; use API, PAGES, Aggregated or a stats row 'TYPE NAME', e.g. 'GET /api/search/'`;
  }
  const metric = rawMetric.toLowerCase();
  let limit = Number(value);
  let kind: ThresholdMetric;
  let percentile: number | undefined;
  // Stryker disable next-line ConditionalExpression,StringLiteral: PATTERN never yields a bare 'p' (p needs a digit)
  if (metric.startsWith('p') && metric !== 'p') {
    kind = 'percentile';
    percentile = Number(metric.slice(1));
    if (!(percentile > 0 && percentile <= 100)) return `--threshold '${expression}': percentile must be in (0, 100]`;
  } else if (metric === 'med' || metric === 'median') {
    kind = 'percentile';
    percentile = 50;
  } else if (
    // Stryker disable next-line ConditionalExpression,StringLiteral: 'avg' left to the last branch is kind 'avg' all the same
    metric === 'avg' || metric === 'mean'
  ) kind = 'avg';
  else if (
    // Stryker disable next-line ConditionalExpression,StringLiteral: 'errors' left to the last branch is kind 'errors' all the same
    metric === 'error_rate' || metric === 'errors'
  ) kind = 'errors';
  else kind = metric as ThresholdMetric;
  const timeMetric = kind === 'percentile' || kind === 'avg' || kind === 'min' || kind === 'max';
  if (unit === 's' && timeMetric) limit *= 1000;
  if (unit === '%' && kind !== 'errors') return `--threshold '${expression}': % only applies to errors`;
  if ((unit === 'ms' || unit === 's') && !timeMetric) return `--threshold '${expression}': ${unit} only applies to times`;
  return {
    expression,
    target: target?.trim() || 'Aggregated',
    metric,
    kind,
    percentile,
    comparator: comparator as ThresholdSpec['comparator'],
    limit,
  };
}

/** The targets a threshold may name: a stats row is its type (GET, PAGE …) and its name. */
function isTarget(target: string): boolean {
  // Stryker disable next-line Regex: the target is trimmed, so \S+ matches from its start with or without ^
  return target === 'API' || target === 'PAGES' || target === 'Aggregated' || /^\S+ \S/.test(target);
}

/**
 * The team's goals from the Locust harness, p95 < 500 ms and errors < 0.1 %, were set for its
 * API requests: page loads (browser users) are judged by their own thresholds.
 */
export const SEED_GOALS = ['API:p95<500', 'API:errors<0.1%'] as const;

/**
 * Which page threshold one view went over: a threshold bounds a percentile (or the mean, or the
 * maximum) of a page row; a single view whose own figure is past that bound is one of the views
 * that make the row fail, so it keeps evidence as a failed view does. Only upper bounds on times
 * and vitals of page rows count (`PAGES:lcp<2500`, `PAGE / [cold]:p95<2000`); rates, error shares
 * and the Aggregated row say nothing about one view.
 */
import type { ThresholdSpec } from '../config/thresholds.js';
import type { PageMetricName } from '../schema/summary.js';

/** What a view offers for judging: its row, its load time and its metrics. */
export interface JudgedView {
  row: string;
  durationMs: number;
  metrics: Partial<Record<PageMetricName, number>>;
}

const BOUNDING = new Set<ThresholdSpec['kind']>(['percentile', 'avg', 'max']);

/** The page thresholds that bound one view's figures from above. */
export function viewLimits(thresholds: readonly ThresholdSpec[]): ThresholdSpec[] {
  return thresholds.filter((t) => (t.target === 'PAGES' || t.target.startsWith('PAGE ')) && BOUNDING.has(t.kind) && (t.comparator === '<' || t.comparator === '<='));
}

/** "over PAGES:lcp<100 (lcp 1412 ms)" for the first limit the view is past; null within all. */
export function overLimit(view: JudgedView, limits: readonly ThresholdSpec[]): string | null {
  for (const t of limits) {
    if (t.target !== 'PAGES' && t.target !== `PAGE ${view.row}`) continue;
    const value = t.vital ? view.metrics[t.vital] : view.durationMs;
    if (value === undefined || !Number.isFinite(value)) continue;
    const past = t.comparator === '<' ? value >= t.limit : value > t.limit;
    if (past) {
      const figure = t.vital === 'cls' ? value.toFixed(3) : `${Math.round(value)} ms`;
      return `over ${t.expression} (${t.vital ?? 'load'} ${figure})`;
    }
  }
  return null;
}

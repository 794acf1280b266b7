/**
 * Web-vital thresholds (`PAGES:lcp<2500`, `PAGE / [cold]:cls<0.1`): judged on each page row's
 * vital, the worst row deciding and named in the outcome, so a failed run says which page failed.
 * A row where the vital was never measured is skipped; when no row has it, the threshold fails
 * with no actual value, as a threshold on a row that does not exist does.
 */
import type { ThresholdSpec } from '../config/thresholds.js';
import { percentileOfEncoded } from '../hdr/histogram.js';
import type { PageMetric, PageStats } from '../schema/summary.js';

function valueOf(spec: ThresholdSpec, metric: PageMetric): number | null {
  if (metric.count === 0) return null;
  const s = metric.summary;
  // Outside the reported set, a percentile is decoded from the histogram (µs and CLS × 1000, back to ms and unitless).
  if (spec.kind === 'percentile') return s.percentiles[String(spec.percentile)] ?? percentileOfEncoded(metric.histogram, spec.percentile!);
  const stat: Partial<Record<ThresholdSpec['kind'], number | null>> = { avg: s.mean, min: s.min, max: s.max };
  return stat[spec.kind] ?? null;
}

/** The page row that decides a vital threshold (the worst) and its value; no page when none measured it. */
export function worstPage(spec: ThresholdSpec, pages: readonly PageStats[]): { page: string | null; actual: number | null } {
  const rows = spec.target === 'PAGES' ? pages : pages.filter((p) => `PAGE ${p.name}` === spec.target);
  let worst: { page: string; actual: number } | null = null;
  for (const row of rows) {
    const metric = row.metrics[spec.vital!];
    const actual = metric ? valueOf(spec, metric) : null;
    if (actual === null) continue;
    // The worst row is the one furthest on the failing side: the highest for '<', the lowest for '>'.
    const worse = worst === null || (spec.comparator.startsWith('<') ? actual > worst.actual : actual < worst.actual);
    if (worse) worst = { page: row.name, actual };
  }
  return worst ?? { page: null, actual: null };
}

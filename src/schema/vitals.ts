/**
 * Web-vital ratings: good / needs-improvement / poor at p75, by the bounds web.dev publishes
 * (web.dev/articles/vitals, /lcp, /fcp, /cls, /inp, /ttfb) and, for TBT, the bounds at which
 * Lighthouse's desktop-and-mobile scoring turns from green to orange to red (200 / 600 ms).
 * A value equal to the good bound is good; one over the poor bound is poor.
 */
import type { PageMetricName, PageStats } from './summary.js';

export type VitalName = 'lcp' | 'fcp' | 'cls' | 'inp' | 'ttfb' | 'tbt';
export type Rating = 'good' | 'needs-improvement' | 'poor';

export interface VitalBounds {
  /** At or below: good. */
  good: number;
  /** Above: poor. */
  poor: number;
}

export const VITAL_BOUNDS: Readonly<Record<VitalName, VitalBounds>> = {
  lcp: { good: 2500, poor: 4000 },
  fcp: { good: 1800, poor: 3000 },
  cls: { good: 0.1, poor: 0.25 },
  inp: { good: 200, poor: 500 },
  ttfb: { good: 800, poor: 1800 },
  tbt: { good: 200, poor: 600 },
};

export const VITALS: readonly VitalName[] = ['lcp', 'fcp', 'cls', 'inp', 'ttfb', 'tbt'];

/** The percentile a vital is rated at: Google's Core Web Vitals assessment uses the 75th. */
export const RATING_PERCENTILE = 75;

export const isVital = (metric: string): metric is VitalName => (VITALS as readonly string[]).includes(metric);

export function rate(vital: VitalName, value: number): Rating {
  const b = VITAL_BOUNDS[vital];
  if (value <= b.good) return 'good';
  return value <= b.poor ? 'needs-improvement' : 'poor';
}

export interface VitalRating {
  vital: VitalName;
  /** The p75 it is rated at (ms; CLS unitless). */
  p75: number;
  rating: Rating;
}

/** The page row's rated vitals; a vital that was never measured (all views missing) is left out. */
export function pageRatings(page: PageStats): VitalRating[] {
  const out: VitalRating[] = [];
  for (const vital of VITALS) {
    const metric = page.metrics[vital as PageMetricName];
    const p75 = metric && metric.count > 0 ? metric.summary.percentiles[String(RATING_PERCENTILE)] : undefined;
    if (p75 === undefined || p75 === null) continue;
    out.push({ vital, p75, rating: rate(vital, p75) });
  }
  return out;
}

/**
 * The web-vital ratings every report shows: each page row's vitals at p75, rated good /
 * needs-improvement / poor by web.dev's bounds (src/schema/vitals.ts). Wording and figures
 * here; each renderer only lays them out.
 */
import type { PageStats } from '../schema/summary.js';
import { pageRatings, VITAL_BOUNDS, type Rating, type VitalName } from '../schema/vitals.js';
import { ms } from './format.js';

export const VITAL_LABELS: Readonly<Record<VitalName, string>> = { lcp: 'LCP', fcp: 'FCP', cls: 'CLS', inp: 'INP', ttfb: 'TTFB', tbt: 'TBT' };

export interface RatedVital {
  label: string;
  /** "2,512 ms", "0.043". */
  value: string;
  rating: Rating;
  /** "good ≤ 2,500 ms, poor > 4,000 ms". */
  bounds: string;
}

export interface PageRatingsRow {
  page: string;
  vitals: RatedVital[];
}

const figure = (vital: VitalName, value: number): string => (vital === 'cls' ? value.toFixed(3) : `${ms(value)} ms`);

/** One row per page row with at least one measured vital, in the summary's order. */
export function ratingRows(pages: readonly PageStats[]): PageRatingsRow[] {
  return pages.flatMap((page) => {
    const vitals = pageRatings(page).map(({ vital, p75, rating }) => {
      const b = VITAL_BOUNDS[vital];
      return { label: VITAL_LABELS[vital], value: figure(vital, p75), rating, bounds: `good ≤ ${figure(vital, b.good)}, poor > ${figure(vital, b.poor)}` };
    });
    return vitals.length === 0 ? [] : [{ page: page.name, vitals }];
  });
}

/** "LCP 164 ms good · CLS 0.000 good": the plain-text line of one page row. */
export function ratingLine(row: PageRatingsRow): string {
  return row.vitals.map((v) => `${v.label} ${v.value} ${v.rating}`).join(' · ');
}

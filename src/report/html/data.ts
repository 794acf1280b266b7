/**
 * The numbers behind the report's charts, prepared from the summary and embedded as JSON; the
 * page's script only hands them to uPlot.
 */
import type { SeriesNamePoint, SeriesPoint, Summary } from '../../schema/summary.js';
import { decodeHistogram, Histogram, mergeHistograms } from '../../hdr/histogram.js';

export interface ChartData {
  /** Interval starts, Unix seconds (uPlot's x axis). */
  t: number[];
  rps: number[];
  fps: number[];
  users: number[];
  browserUsers: number[];
  p50: Array<number | null>;
  p95: Array<number | null>;
  p99: Array<number | null>;
  /** p95 of every page load of the interval, from the pages' merged interval histograms (null when none loaded). */
  pagesP95: Array<number | null>;
  hasPages: boolean;
  /** Latency by percentile: x in "nines" (1 = 90%, 2 = 99%), y in ms, per population. */
  distribution: { x: number[]; series: Array<{ label: string; values: Array<number | null> }> };
  cpu: { t: number[]; machine: number[]; node: number[]; browser: Array<number | null> };
}

export function chartData(summary: Summary): ChartData {
  const { points, intervalMs } = summary.timeSeries;
  const pageKeys = summary.stats.filter((s) => s.type === 'PAGE').map((s) => `${s.type} ${s.name}`);
  return {
    ...seriesColumns(points, intervalMs),
    pagesP95: points.map((p) => pagesP95(pageKeys.map((key) => p.byName[key]))),
    hasPages: pageKeys.length > 0,
    distribution: distribution(summary),
    cpu: {
      t: summary.generator.samples.map((s) => s.t / 1000),
      machine: summary.generator.samples.map((s) => round(s.machinePct)),
      node: summary.generator.samples.map((s) => round(s.nodePct)),
      browser: summary.generator.samples.map((s) => (s.browserPct === null ? null : round(s.browserPct))),
    },
  };
}

export type SeriesColumns = Pick<ChartData, 't' | 'rps' | 'fps' | 'users' | 'browserUsers' | 'p50' | 'p95' | 'p99'>;

/** The series' columns every chart of the run over time draws from (the live view sends them a second at a time). */
export function seriesColumns(points: readonly SeriesPoint[], intervalMs: number): SeriesColumns {
  const perSecond = 1000 / intervalMs;
  return {
    t: points.map((p) => p.t / 1000),
    rps: points.map((p) => round(p.requests * perSecond)),
    fps: points.map((p) => round(p.failures * perSecond)),
    users: points.map((p) => p.users),
    browserUsers: points.map((p) => p.browserUsers),
    p50: points.map((p) => p.p50),
    p95: points.map((p) => p.p95),
    p99: points.map((p) => p.p99),
  };
}

/**
 * The p95 of an interval's page loads: their interval histograms merged, exact as the table's
 * p95s are (a mean of per-page p95s is no percentile, and sat below the all-requests line). A
 * summary whose series carries no per-name histograms (written before they were recorded) has no
 * such figure: null, a gap in the line rather than a made-up one.
 */
function pagesP95(points: Array<SeriesNamePoint | undefined>): number | null {
  const loaded = points.filter((n): n is SeriesNamePoint => n !== undefined && n.requests > 0);
  if (loaded.length === 0 || loaded.some((n) => n.histogram === undefined)) return null;
  const p95 = mergeHistograms(loaded.flatMap((n) => (n.histogram ? [decodeHistogram(n.histogram)] : []))).valueAtPercentile(95);
  return p95 === null ? null : round(p95 / 1000);
}

/** Percentile curves of all requests, protocol requests only and browser pages only. */
function distribution(summary: Summary): ChartData['distribution'] {
  const pages = summary.stats.filter((s) => s.type === 'PAGE');
  const protocol = summary.stats.filter((s) => s.type !== 'PAGE');
  const populations: Array<[string, Histogram]> = [['all requests', decodeHistogram(summary.aggregate.histogram)]];
  if (pages.length > 0 && protocol.length > 0) {
    populations.push(['protocol', mergeHistograms(protocol.map((s) => decodeHistogram(s.histogram)))]);
    populations.push(['browser pages', mergeHistograms(pages.map((s) => decodeHistogram(s.histogram)))]);
  }
  const count = populations[0][1].count;
  // Up to the nines the data can support (1 in 10^n requests), at most 99.999%.
  const maxNines = Math.min(5, Math.max(1, Math.log10(Math.max(count, 10))));
  const x: number[] = [];
  for (let n = 0; n <= maxNines + 1e-9; n += 0.05) x.push(round(n, 3));
  return {
    x,
    series: populations.map(([label, h]) => {
      const values: number[] = x.map(() => 0);
      h.percentiles(x.map((n) => 100 * (1 - 10 ** -n)), values);
      return { label, values: values.map((us) => (h.count > 0 ? round(us / 1000) : null)) };
    }),
  };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

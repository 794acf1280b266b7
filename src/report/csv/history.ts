/**
 * Locust's `_stats_history.csv` rebuilt from the summary's time series: one row per interval
 * (stamped at the interval's end, in Unix seconds), Aggregated only by default. As in Locust,
 * the percentile columns are cumulative by default and switch to the current ~10 s window with
 * full history, where every name also gets a row.
 */
import type { LatencySummary, SeriesNamePoint, SeriesPoint, Summary } from '../../schema/summary.js';
import { decodeHistogram, Histogram, mergeHistograms, summarize } from '../../hdr/histogram.js';
import { sortedStats } from '../headline.js';
import { HISTORY_COLUMNS, percentileCells, totalsCells } from './locust.js';
import { csvRow, int, pyFixed6, type Cell } from './python.js';

/** Locust's CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW: the "current" rate and percentiles. */
export const CURRENT_WINDOW_MS = 10_000;

/**
 * A per-name series point may carry its interval histogram; with it, per-name rows are exact.
 * Schema v1 does not require it, so without it only p50/p95/p99 of each interval are known.
 */
type NamePoint = SeriesNamePoint & { histogram?: string };

/** One row's source: an interval's counts and latency of the aggregate or of one name. */
interface Interval {
  requests: number;
  failures: number;
  /** Decoded bytes of the interval's requests, when the series carries them. */
  decodedBytes?: number;
  /** Encoded interval histogram ('' when none); decoded only while it is in the window. */
  encoded: string;
  histogram: Histogram | null;
  /** Interval figures when there is no histogram (per-name points of schema v1). */
  known?: { p50: number | null; p95: number | null; p99: number | null };
}

export function historyCsv(summary: Summary, fullHistory: boolean): string {
  const points = summary.timeSeries.points;
  const intervalMs = summary.timeSeries.intervalMs;
  const window = Math.max(1, Math.round(CURRENT_WINDOW_MS / intervalMs));
  // Content size per request so far; runs written before series carried decoded bytes fall
  // back to the run's average.
  const tracks: Track[] = [];
  if (fullHistory) {
    for (const entry of sortedStats(summary.stats)) {
      const key = `${entry.type} ${entry.name}`;
      tracks.push({
        type: entry.type,
        name: entry.name,
        ...withBytes(points.map((p) => nameInterval(p.byName[key]))),
        bytesPerRequest: perRequest(entry.decodedBytes, entry.count),
      });
    }
  }
  const agg = summary.aggregate;
  tracks.push({
    type: '',
    name: 'Aggregated',
    ...withBytes(points.map(aggregateInterval)),
    bytesPerRequest: perRequest(agg.decodedBytes, agg.count),
  });

  const states = tracks.map(() => ({ requests: 0, failures: 0, decodedBytes: 0, cumulative: new Histogram() }));
  let text = csvRow(HISTORY_COLUMNS);
  points.forEach((point, i) => {
    const timestamp = Math.floor((point.t + intervalMs) / 1000);
    // Locust writes the user count of the moment the row is written: the interval's end.
    const atEnd = points[i + 1] ?? point;
    const users = atEnd.users + atEnd.browserUsers;
    const windowStart = Math.max(0, i - window + 1);
    tracks.forEach((track, k) => {
      const state = states[k];
      const now = track.intervals[i];
      now.histogram = now.encoded ? decodeHistogram(now.encoded) : null;
      // Stryker disable next-line ConditionalExpression: freeing the histogram that left the window bounds memory only; the rows are the same
      if (windowStart > 0) track.intervals[windowStart - 1].histogram = null;
      state.requests += now.requests;
      state.failures += now.failures;
      if (now.decodedBytes !== undefined) state.decodedBytes += now.decodedBytes;
      if (now.histogram) state.cumulative.add(now.histogram);
      const recent = track.intervals.slice(windowStart, i + 1);
      const seconds = (recent.length * intervalMs) / 1000;
      const cumulative = summarize(state.cumulative);
      const cells: Cell[] = [
        int(timestamp),
        int(users),
        track.type,
        track.name,
        pyFixed6(sum(recent, (r) => r.requests) / seconds),
        pyFixed6(sum(recent, (r) => r.failures) / seconds),
        // Bounded by the row's own Total Min and Total Max (cumulative, as Locust's columns are).
        ...percentileCells(state.requests, fullHistory ? windowPercentile(recent) : cumulativePercentile(cumulative, recent), cumulative),
        int(state.requests),
        int(state.failures),
        ...totalColumns(state.requests, cumulative, contentPerRequest(track, state)),
      ];
      text += csvRow(cells);
    });
  });
  return text;
}

/** One row kind of the file: the aggregate, or one name with full history. */
interface Track {
  type: string;
  name: string;
  intervals: Interval[];
  /** The series carries this track's decoded bytes (runs written before it did do not). */
  bytesKnown: boolean;
  /** The run's average content size: the fallback where the series has no bytes. */
  bytesPerRequest: number;
}

/** An interval without a point adds no bytes; whether the series has them is told by the ones with requests. */
function withBytes(intervals: Interval[]): Pick<Track, 'intervals' | 'bytesKnown'> {
  return { intervals, bytesKnown: intervals.some((r) => r.requests > 0 && r.decodedBytes !== undefined) };
}

function contentPerRequest(track: Track, state: { requests: number; decodedBytes: number }): number {
  return track.bytesKnown ? perRequest(state.decodedBytes, state.requests) : track.bytesPerRequest;
}

/** Bytes per request; 0 without requests (then there are no bytes either). */
const perRequest = (bytes: number, requests: number): number => bytes / Math.max(1, requests);

function aggregateInterval(point: SeriesPoint): Interval {
  return { requests: point.requests, failures: point.failures, decodedBytes: point.decodedBytes, encoded: point.histogram, histogram: null };
}

function nameInterval(point: NamePoint | undefined): Interval {
  if (!point) return { requests: 0, failures: 0, decodedBytes: 0, encoded: '', histogram: null };
  return {
    requests: point.requests,
    failures: point.failures,
    decodedBytes: point.decodedBytes,
    encoded: point.histogram ?? '',
    histogram: null,
    known: point.histogram ? undefined : { p50: point.p50, p95: point.p95, p99: point.p99 },
  };
}

/** Percentiles over the window: exact from histograms, else request-weighted interval figures. */
function windowPercentile(recent: Interval[]): (p: number) => number | null | undefined {
  if (recent.every((r) => r.requests === 0 || r.encoded)) {
    const latency = summarize(mergeHistograms(recent.flatMap((r) => (r.histogram ? [r.histogram] : []))));
    return (p) => latency.percentiles[String(p)];
  }
  return (p) => weightedKnown(recent, p);
}

function cumulativePercentile(cumulative: LatencySummary, recent: Interval[]): (p: number) => number | null | undefined {
  if (cumulative.count > 0) return (p) => cumulative.percentiles[String(p)];
  return (p) => weightedKnown(recent, p);
}

/**
 * Without histograms only p50/p95/p99 of each interval are known: their request-weighted mean over
 * the window stands in for those columns (null when the window had no requests); the other
 * percentiles are unknown (undefined, written N/A).
 */
function weightedKnown(recent: Interval[], p: number): number | null | undefined {
  const key = p === 50 ? 'p50' : p === 95 ? 'p95' : p === 99 ? 'p99' : null;
  if (!key) return undefined;
  let total = 0;
  let weight = 0;
  for (const r of recent) {
    const value = r.known?.[key];
    // An interval without requests weighs 0: whatever figure it carries adds nothing.
    if (value === null || value === undefined) continue;
    total += value * r.requests;
    weight += r.requests;
  }
  return weight > 0 ? total / weight : null;
}

/** The `Total …` columns: latency from the histograms, N/A where requests had none recorded. */
function totalColumns(requests: number, cumulative: LatencySummary, bytesPerRequest: number): Cell[] {
  const t = totalsCells({ count: requests, latency: cumulative, decodedBytes: bytesPerRequest * requests });
  if (requests > 0 && cumulative.count === 0) return ['N/A', 'N/A', 'N/A', 'N/A', t.contentSize];
  return [t.median, t.average, t.min, t.max, t.contentSize];
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((acc, item) => acc + pick(item), 0);
}

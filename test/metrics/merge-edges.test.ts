/**
 * mergeSnapshots at its edges, on hand-made snapshots: parts written before a field existed
 * (no cut counts, no decoded bytes, no per-name histograms), failures and exceptions meeting by
 * key, warnings said once, and the errors it refuses with.
 */
import { describe, expect, it } from 'vitest';
import { Histogram, encodeHistogram } from '../../src/hdr/histogram.js';
import { mergeEntries, mergeSnapshots } from '../../src/metrics/merge.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import type { MetricsSnapshot } from '../../src/metrics/types.js';
import type { FailureEntry, SeriesNamePoint, SeriesPoint } from '../../src/schema/summary.js';
import { sample } from './samples.js';

const T0 = 1_700_000_000_000;

function encoded(...ms: number[]): string {
  const h = new Histogram();
  for (const v of ms) h.record(v * 1000);
  return encodeHistogram(h);
}

function recorded(latenciesMs: number[], at = T0): MetricsSnapshot {
  const r = new MetricsRecorder({ now: () => at });
  const h = r.handle('GET', 'GET', '/a');
  for (const ms of latenciesMs) r.record(sample(h, { latencyUs: ms * 1000 }));
  return r.snapshot(at + 500);
}

function point(t: number, fields: Partial<SeriesPoint> = {}): SeriesPoint {
  return { t, users: 1, browserUsers: 0, requests: 0, failures: 0, wireBytes: 0, decodedBytes: 0, p50: null, p95: null, p99: null, max: null, histogram: '', byName: {}, ...fields };
}

function named(fields: Partial<SeriesNamePoint>): SeriesNamePoint {
  return { requests: 1, failures: 0, p50: 1, p95: 1, p99: 1, ...fields };
}

function withSeries(base: MetricsSnapshot, series: SeriesPoint[], extra: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return { ...base, series, ...extra };
}

describe('mergeSnapshots refuses', () => {
  it('nothing to merge, and time series of different intervals, naming both', () => {
    expect(() => mergeSnapshots([])).toThrow('mergeSnapshots needs at least one snapshot');
    const a = recorded([1]);
    expect(() => mergeSnapshots([a, a, { ...a, intervalMs: 500 }])).toThrow('cannot merge time series of 1000 ms and 500 ms intervals');
  });
});

describe('rows of parts written before a field existed', () => {
  it('has no cut count when no part had one, and sums those that have', () => {
    const [a] = recorded([1]).stats;
    const { cutAtStop: _cut, ...old } = a;
    expect(mergeEntries([old, old])).not.toHaveProperty('cutAtStop');
    expect(mergeEntries([old, { ...a, cutAtStop: 3 }]).cutAtStop).toBe(3);
  });

  it('keeps the earliest first and the latest last request, ignoring parts that had none', () => {
    const [a] = recorded([1]).stats;
    const merged = mergeEntries([{ ...a, firstAt: 20, lastAt: 30 }, { ...a, firstAt: null, lastAt: null }, { ...a, firstAt: 10, lastAt: 25 }]);
    expect([merged.firstAt, merged.lastAt]).toEqual([10, 30]);
    expect([mergeEntries([{ ...a, firstAt: null, lastAt: null }]).firstAt, mergeEntries([{ ...a, firstAt: null, lastAt: null }]).lastAt]).toEqual([null, null]);
  });

  it('has no response profile or connections when no part had them', () => {
    const [a] = recorded([1]).stats;
    const merged = mergeEntries([a, a]);
    expect(merged).not.toHaveProperty('responses');
    expect(merged).not.toHaveProperty('connections');
  });

  it('sums uncorrected latencies only over parts that have them', () => {
    const [a] = recorded([1, 2]).stats;
    expect(mergeEntries([a, a])).not.toHaveProperty('uncorrectedLatency');
    const merged = mergeEntries([a, { ...a, uncorrectedHistogram: encoded(5, 6, 7) }]);
    expect(merged.uncorrectedLatency?.count).toBe(3);
    expect(merged.latency.count).toBe(4);
  });
});

describe('series points', () => {
  it('copies a point only one part has, so the merge never shares it', () => {
    const only = point(T0, { requests: 2, byName: { 'GET /a': named({ requests: 2 }) } });
    const merged = mergeSnapshots([withSeries(recorded([]), [only])]).series[0];
    expect(merged).toEqual(only);
    expect(merged).not.toBe(only);
    expect(merged.byName).not.toBe(only.byName);
  });

  it('sums users, counts and bytes of one interval, treating a missing decoded count as 0, and takes the percentiles of the summed histogram', () => {
    const a = point(T0, { users: 2, browserUsers: 1, requests: 2, failures: 1, wireBytes: 10, decodedBytes: 30, histogram: encoded(1, 2) });
    const b = point(T0, { users: 3, browserUsers: 2, requests: 1, failures: 0, wireBytes: 5, decodedBytes: undefined as unknown as number, histogram: encoded(1.5) });
    const m = mergeSnapshots([withSeries(recorded([]), [a]), withSeries(recorded([]), [b])]).series[0];
    expect(m).toMatchObject({ t: T0, users: 5, browserUsers: 3, requests: 3, failures: 1, wireBytes: 15, decodedBytes: 30, p50: 1.5, p95: 2, p99: 2, max: 2 });
    const empty = mergeSnapshots([withSeries(recorded([]), [point(T0)]), withSeries(recorded([]), [point(T0)])]).series[0];
    expect(empty).toMatchObject({ p50: null, p95: null, p99: null, max: null });
  });

  it('orders points by time whatever order the parts give them in', () => {
    const m = mergeSnapshots([withSeries(recorded([]), [point(T0 + 2000), point(T0)]), withSeries(recorded([]), [point(T0 + 1000)])]);
    expect(m.series.map((p) => p.t)).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('merges per-name points exactly from their histograms, and as the larger percentiles without them', () => {
    const with1 = point(T0, { byName: { k: named({ requests: 1, failures: 1, decodedBytes: 4, histogram: encoded(1), p50: 1, p95: 1, p99: 1 }) } });
    const with2 = point(T0, { byName: { k: named({ requests: 2, decodedBytes: undefined, histogram: encoded(1.5, 2), p50: 2, p95: 3, p99: 3 }) } });
    const old = point(T0, { byName: { k: named({ requests: 1, p50: 9, p95: 1, p99: null }) } });
    const exact = mergeSnapshots([withSeries(recorded([]), [with1]), withSeries(recorded([]), [with2])]).series[0].byName.k;
    expect(exact).toMatchObject({ requests: 3, failures: 1, decodedBytes: 4, p50: 1.5, p95: 2, p99: 2 });
    expect(exact.histogram).toBe(encoded(1, 1.5, 2));
    const bound = mergeSnapshots([withSeries(recorded([]), [with2]), withSeries(recorded([]), [old])]).series[0].byName.k;
    expect(bound).toMatchObject({ requests: 3, decodedBytes: 0, p50: 9, p95: 3, p99: 3, histogram: undefined });
  });
});

describe('failures, exceptions, statuses and warnings', () => {
  const failure = (error: string, occurrences: number, firstSeen: number, lastSeen: number, method = 'GET'): FailureEntry => ({ method, name: '/a', error, occurrences, firstSeen, lastSeen });

  it('meet failures by method, name and error: occurrences add, the first and last seen span them all, most frequent first', () => {
    const a = { ...recorded([]), failures: [failure('E', 2, 20, 30), failure('F', 1, 5, 5)] };
    const b = { ...recorded([]), failures: [failure('E', 2, 10, 25), failure('E', 4, 1, 2, 'POST')] };
    expect(mergeSnapshots([a, b]).failures).toEqual([failure('E', 4, 10, 30), failure('E', 4, 1, 2, 'POST'), failure('F', 1, 5, 5)]);
  });

  it('meet exceptions by message, most frequent first; sum statuses; say each warning once', () => {
    const a = { ...recorded([]), exceptions: [{ count: 1, message: 'x', traceback: 't' }, { count: 1, message: 'y', traceback: '' }], statusCodes: { '200': 2 }, warnings: ['w1', 'w2'] };
    const b = { ...recorded([]), exceptions: [{ count: 2, message: 'y', traceback: '' }], statusCodes: { '200': 1, '500': 4 }, warnings: ['w2'] };
    const m = mergeSnapshots([a, b]);
    expect(m.exceptions).toEqual([{ count: 3, message: 'y', traceback: '' }, { count: 1, message: 'x', traceback: 't' }]);
    expect(m.statusCodes).toEqual({ '200': 3, '500': 4 });
    expect(m.warnings).toEqual(['w1', 'w2']);
    // The parts are not changed.
    expect(a.exceptions[1].count).toBe(1);
  });

  it('spans the parts’ times', () => {
    const m = mergeSnapshots([recorded([1], T0 + 1000), recorded([1], T0)]);
    expect([m.startedAt, m.endedAt]).toEqual([T0, T0 + 1500]);
  });
});

/** The time series' live window and open point, and the stats rows' keys, order and status counts. */
import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { compareEntries, compareFailures, statKey } from '../../src/metrics/stat-row.js';
import type { FailureEntry, StatEntry } from '../../src/schema/summary.js';
import { sample } from './samples.js';

const T0 = 1_700_000_000_000;

/** `perSecond[i]` requests of `latencyMs[i]` in second i, one failure in each second listed in `failing`. */
function seconds(perSecond: number[], latencyMs: number[], failing: number[] = []) {
  const clock = { t: T0 };
  const r = new MetricsRecorder({ now: () => clock.t });
  const h = r.handle('GET', 'GET', '/a');
  perSecond.forEach((n, i) => {
    clock.t = T0 + i * 1000;
    for (let k = 0; k < n; k++) r.record(sample(h, { latencyUs: latencyMs[i] * 1000, ...(k === 0 && failing.includes(i) ? { error: 'E', status: 500 } : {}) }));
  });
  clock.t = T0 + perSecond.length * 1000;
  r.tick(clock.t);
  return { r, clock, h };
}

describe('the live window', () => {
  it('covers the last n closed intervals, at least one, whole numbers, at most 10', () => {
    const { r } = seconds([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], [11]);
    expect(r.liveWindow()).toEqual({ rps: 2, p95Ms: 2, errorPct: 50 });
    expect(r.liveWindow(0)).toEqual(r.liveWindow(1));
    expect(r.liveWindow(2.9)).toEqual({ rps: 1.5, p95Ms: 2, errorPct: (1 / 3) * 100 });
    // 10 intervals of 11 closed ones: 11 requests over 10 s.
    expect(r.liveWindow(10).rps).toBe(1.1);
    expect(r.liveWindow(50).rps).toBe(1.1);
  });

  it('counts only intervals closed since a reset', () => {
    const { r, clock, h } = seconds([3, 3], [1, 1]);
    r.reset(clock.t);
    expect(r.liveWindow(5)).toEqual({ rps: 0, p95Ms: null, errorPct: 0 });
    expect(r.lastPoint()).toBeUndefined();
    r.record(sample(h, { latencyUs: 1500 }));
    r.tick(clock.t + 1000);
    expect(r.liveWindow(5)).toEqual({ rps: 1, p95Ms: 1.5, errorPct: 0 });
    expect(r.lastPoint()).toMatchObject({ t: clock.t, requests: 1 });
  });

  it('is empty of latency in an idle interval', () => {
    const { r } = seconds([0], [1]);
    expect(r.liveWindow()).toEqual({ rps: 0, p95Ms: null, errorPct: 0 });
  });
});

describe('the open interval in a snapshot', () => {
  it('is a partial point once begun, and absent when the snapshot ends where it starts', () => {
    const { r } = seconds([2], [1]);
    expect(r.snapshot(T0 + 1000).series.map((p) => p.t)).toEqual([T0]);
    expect(r.snapshot(T0 + 1001).series.map((p) => p.t)).toEqual([T0, T0 + 1000]);
  });

  it('carries per-name figures and the aggregate’s percentiles', () => {
    const { r } = seconds([4], [1.5], [0]);
    const [p] = r.snapshot(T0 + 1000).series;
    expect(p).toMatchObject({ requests: 4, failures: 1, p50: 1.5, p95: 1.5, p99: 1.5, max: 1.5 });
    expect(p.byName['GET /a']).toMatchObject({ requests: 4, failures: 1, decodedBytes: 0, p50: 1.5, p95: 1.5, p99: 1.5 });
  });
});

describe('stats rows', () => {
  it('are keyed by type and name, the aggregate by its name alone', () => {
    expect(statKey('GET', '/a')).toBe('GET /a');
    expect(statKey('', 'Aggregated')).toBe('Aggregated');
    expect(statKey('GET', 'Aggregated')).toBe('GET Aggregated');
    expect(statKey('', '/a')).toBe(' /a');
  });

  it('sort by name, then type', () => {
    const e = (type: string, name: string) => ({ type, name }) as StatEntry;
    const rows = [e('POST', '/b'), e('GET', '/b'), e('GET', '/a'), e('GET', '/b')].sort(compareEntries);
    expect(rows.map((r) => `${r.type} ${r.name}`)).toEqual(['GET /a', 'GET /b', 'GET /b', 'POST /b']);
    expect(compareEntries(e('GET', '/a'), e('GET', '/a'))).toBe(0);
    expect(compareEntries(e('POST', '/a'), e('GET', '/a'))).toBe(1);
  });

  it('sort failures most frequent first, then by name, method and error', () => {
    const f = (occurrences: number, name: string, method: string, error: string) => ({ occurrences, name, method, error }) as FailureEntry;
    const sorted = [f(1, '/b', 'GET', 'E'), f(3, '/z', 'GET', 'E'), f(1, '/a', 'POST', 'E'), f(1, '/a', 'GET', 'F'), f(1, '/a', 'GET', 'E')].sort(compareFailures);
    expect(sorted.map((x) => `${x.occurrences} ${x.name} ${x.method} ${x.error}`)).toEqual(['3 /z GET E', '1 /a GET E', '1 /a GET F', '1 /a POST E', '1 /b GET E']);
    expect(compareFailures(f(1, '/a', 'GET', 'E'), f(1, '/a', 'GET', 'E'))).toBe(0);
    expect(compareFailures(f(1, '/b', 'GET', 'E'), f(1, '/a', 'GET', 'E'))).toBe(1);
  });

  it('count statuses in runs and changes alike, and forget them at a reset', () => {
    const clock = { t: T0 };
    const r = new MetricsRecorder({ now: () => clock.t });
    const h = r.handle('GET', 'GET', '/s');
    for (const status of [200, 200, 500, 200, 404, 404, 200]) r.record(sample(h, { latencyUs: 1000, status }));
    expect(r.snapshot().statusCodes).toEqual({ '200': 4, '500': 1, '404': 2 });
    // A snapshot folds the current run in without counting it twice.
    r.record(sample(h, { latencyUs: 1000, status: 200 }));
    expect(r.snapshot().statusCodes).toEqual({ '200': 5, '500': 1, '404': 2 });
    r.reset();
    r.record(sample(h, { latencyUs: 1000, status: 200 }));
    expect(r.snapshot().statusCodes).toEqual({ '200': 1 });
  });

  it('start with no first or last request, and drop their profile and connections at a reset', () => {
    const r = new MetricsRecorder({ now: () => T0 });
    const h = r.handle('GET', 'GET', '/r');
    r.observeResponse({ handle: h, headers: {}, status: 200, wireBytes: 1, decodedBytes: 1, latencyUs: 1 });
    r.record(sample(h, { latencyUs: 1000, uncorrectedUs: 900, connectUs: 100 }));
    r.reset(T0);
    r.recordCut(h);
    const [e] = r.snapshot(T0).stats;
    expect(e).toMatchObject({ count: 0, firstAt: null, lastAt: null, cutAtStop: 1, wireBytes: 0 });
    expect(e).not.toHaveProperty('responses');
    expect(e).not.toHaveProperty('connections');
    expect(e).not.toHaveProperty('uncorrectedLatency');
  });
});

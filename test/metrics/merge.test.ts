import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../src/metrics/merge.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { observation, sample } from './samples.js';
import type { MetricsSnapshot } from '../../src/metrics/types.js';

/** One request of a deterministic workload: which name, when, how long, and whether it failed. */
interface Sample { name: string; t: number; us: number; uncorrected: number; failed: boolean; error: string; status: number; bytes: number }

function workload(n: number): Sample[] {
  const names = ['/api/journal-entries/', '/api/journal-entries/[id]/', '/api/search/', '/api/reports/monthly.csv'];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = 1_700_000_000_000;
  return Array.from({ length: n }, (_, i) => {
    const failed = rnd() < 0.05;
    return {
      name: names[i % names.length],
      t: start + Math.floor((i * 4500) / n) + 1, // spread over ~4.5 s
      us: Math.round(Math.exp(6 + rnd() * 9)),
      uncorrected: Math.round(Math.exp(6 + rnd() * 5)),
      failed,
      error: rnd() < 0.5 ? 'HTTP 500' : 'ECONNRESET',
      status: failed ? 500 : 200,
      bytes: 100 + (i % 50),
    };
  });
}

/** Feeds samples into a fresh recorder on a clock that follows the samples. */
function record(samples: Sample[]): MetricsSnapshot {
  const clock = { t: 1_700_000_000_000 };
  const r = new MetricsRecorder({ now: () => clock.t });
  r.setUsers(10, 0);
  for (const s of samples) {
    clock.t = s.t;
    const h = r.handle('GET', 'GET', s.name);
    r.observeResponse(observation(h, { contentEncoding: s.bytes % 2 ? 'gzip' : undefined, etag: 'x' }, { status: s.status, wireBytes: s.bytes, decodedBytes: s.bytes * 3 }));
    if (s.failed) r.record(sample(h, { latencyUs: s.us, uncorrectedUs: s.uncorrected, status: s.status, wireBytes: s.bytes, decodedBytes: s.bytes * 3, error: s.error }));
    else r.record(sample(h, { latencyUs: s.us, uncorrectedUs: s.uncorrected, status: s.status, wireBytes: s.bytes, decodedBytes: s.bytes * 3 }));
  }
  r.exception('flow bug', 'trace');
  return r.snapshot(1_700_000_005_000);
}

describe('mergeSnapshots', () => {
  it('gives exactly what one recorder that saw everything reports', () => {
    const all = workload(20_000);
    const whole = record(all);
    // Split by alternating samples, as two workers sharing the same period would.
    const merged = mergeSnapshots([record(all.filter((_, i) => i % 2 === 0)), record(all.filter((_, i) => i % 2 === 1))]);

    expect(merged.aggregate).toEqual(whole.aggregate);
    expect(merged.stats).toEqual(whole.stats);
    expect(merged.failures).toEqual(whole.failures);
    expect(merged.statusCodes).toEqual(whole.statusCodes);
    expect(merged.series.length).toBe(whole.series.length);
    merged.series.forEach((p, i) => {
      const w = whole.series[i];
      expect(p.t).toBe(w.t);
      expect([p.requests, p.failures, p.wireBytes, p.p50, p.p95, p.p99, p.max]).toEqual([w.requests, w.failures, w.wireBytes, w.p50, w.p95, w.p99, w.max]);
      expect(p.histogram).toBe(w.histogram);
      for (const [key, n] of Object.entries(w.byName)) expect(p.byName[key].requests).toBe(n.requests);
      expect(p.users).toBe(20); // each part ran 10 users
    });
    expect(merged.exceptions).toEqual([{ count: 2, message: 'flow bug', traceback: 'trace' }]);
  });

  it('merges by time as well: a run split in its first and second half', () => {
    const all = workload(8000);
    const whole = record(all);
    const half = all.length / 2;
    const merged = mergeSnapshots([record(all.slice(0, half)), record(all.slice(half))]);
    expect(merged.stats).toEqual(whole.stats);
    expect(merged.aggregate.latency).toEqual(whole.aggregate.latency);
    expect(merged.failures).toEqual(whole.failures);
    expect(merged.series.reduce((n, p) => n + p.requests, 0)).toBe(whole.aggregate.count);
  });

  it('round-trips through JSON without loss', () => {
    const all = workload(4000);
    const parts = [record(all.slice(0, 1000)), record(all.slice(1000))];
    const viaJson = mergeSnapshots(parts.map((p) => JSON.parse(JSON.stringify(p)) as MetricsSnapshot));
    expect(viaJson).toEqual(mergeSnapshots(parts));
    expect(mergeSnapshots([JSON.parse(JSON.stringify(viaJson)) as MetricsSnapshot])).toEqual(viaJson);
  });

  it('refuses time series of different interval lengths', () => {
    const a = new MetricsRecorder({ intervalMs: 1000 }).snapshot();
    const b = new MetricsRecorder({ intervalMs: 5000 }).snapshot();
    expect(() => mergeSnapshots([a, b])).toThrow(/1000 ms and 5000 ms/);
  });
});

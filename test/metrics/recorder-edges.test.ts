/**
 * The recorder's per-request path at its edges: a clock at zero, the byte totals, values of 0 µs
 * in every histogram, latencies at and just past the histogram's top, and the longest jump in time
 * that is still filled with empty points.
 */
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_MAX_VALUE } from '../../src/hdr/histogram.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { sample } from './samples.js';

const T0 = 1_700_000_000_000;

function recorder(t = T0) {
  const clock = { t };
  const r = new MetricsRecorder({ now: () => clock.t });
  return { r, clock, h: r.handle('GET', 'GET', '/a') };
}

describe('the time of a sample', () => {
  it('keeps the first request at time zero as the first, on a clock that starts at the epoch', () => {
    const { r, clock, h } = recorder(0);
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = 5;
    r.record(sample(h, { latencyUs: 1000 }));
    const s = r.snapshot(10);
    expect([s.stats[0].firstAt, s.stats[0].lastAt]).toEqual([0, 5]);
    expect([s.aggregate.firstAt, s.aggregate.lastAt]).toEqual([0, 5]);
  });
});

describe('the totals of a sample', () => {
  it("add each row's wire and decoded bytes, and the aggregate's over every row", () => {
    const { r, h } = recorder();
    const b = r.handle('POST', 'POST', '/b');
    r.record(sample(h, { latencyUs: 1000, wireBytes: 10, decodedBytes: 40 }));
    r.record(sample(b, { latencyUs: 1000, wireBytes: 5, decodedBytes: 7, error: 'HTTP 500', status: 500 }));
    const s = r.snapshot(T0 + 500);
    expect(s.stats.map((e) => [e.name, e.count, e.failures, e.wireBytes, e.decodedBytes])).toEqual([['/a', 1, 0, 10, 40], ['/b', 1, 1, 5, 7]]);
    expect([s.aggregate.count, s.aggregate.failures, s.aggregate.wireBytes, s.aggregate.decodedBytes]).toEqual([2, 1, 15, 47]);
    expect(s.series[0]).toMatchObject({ requests: 2, failures: 1, wireBytes: 15, decodedBytes: 47 });
  });
});

describe('values of 0 µs', () => {
  it('are recorded as latencies, uncorrected latencies and connection times', () => {
    const { r, h } = recorder();
    r.record(sample(h, { latencyUs: 0, uncorrectedUs: 0, connectUs: 0 }));
    const [e] = r.snapshot(T0 + 500).stats;
    expect([e.latency.count, e.latency.min]).toEqual([1, 0]);
    expect(e.uncorrectedLatency).toMatchObject({ count: 1, min: 0 });
    expect(e.connections).toMatchObject({ opened: 1, connect: { latency: { count: 1, min: 0 } } });
    expect(e.connections).not.toHaveProperty('tls');
  });

  it('leave no histogram behind for a value that was not measured (negative)', () => {
    const { r, h } = recorder();
    r.record(sample(h, { latencyUs: -1, uncorrectedUs: -1, connectUs: -1 }));
    const [e] = r.snapshot(T0 + 500).stats;
    expect([e.count, e.latency.count]).toEqual([1, 0]);
    expect(e).not.toHaveProperty('uncorrectedLatency');
    expect(e).not.toHaveProperty('connections');
  });
});

describe("the histogram's top", () => {
  it('is recorded as it is, and a latency past it is counted in a warning', () => {
    const { r, h } = recorder();
    r.record(sample(h, { latencyUs: HISTOGRAM_MAX_VALUE }));
    expect(r.snapshot(T0 + 500).warnings).toEqual([]);
    r.record(sample(h, { latencyUs: HISTOGRAM_MAX_VALUE + 1 }));
    r.record(sample(h, { latencyUs: HISTOGRAM_MAX_VALUE * 2 }));
    expect(r.snapshot(T0 + 500).warnings).toEqual(['2 latencies above 1 h were recorded as 1 h.']);
  });
});

describe('a jump in time', () => {
  it('is filled with empty points up to 100,000 intervals, and left as a gap past that', () => {
    const jump = (intervals: number) => {
      const { r, clock, h } = recorder();
      r.record(sample(h, { latencyUs: 1000 }));
      // The first interval closes at T0 + 1 s; the jump is counted from there.
      clock.t = T0 + 1000 + intervals * 1000;
      r.record(sample(h, { latencyUs: 1000 }));
      return r.snapshot(clock.t + 500);
    };
    const filled = jump(100_000);
    expect(filled.warnings).toEqual([]);
    expect(filled.series).toHaveLength(100_002);
    expect(filled.series.reduce((n, p) => n + p.requests, 0)).toBe(2);
    const gap = jump(100_001);
    expect(gap.warnings).toEqual(['The clock jumped too far to fill the time series with empty points; it has a gap.']);
    expect(gap.series.map((p) => p.requests)).toEqual([1, 1]);
  });
});

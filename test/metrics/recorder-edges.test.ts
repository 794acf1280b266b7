/**
 * The recorder's per-request path at its edges: a clock at zero, the byte totals, values of 0 µs
 * in every histogram, latencies at and just past the histogram's top, and the longest jump in time
 * that is still filled with empty points.
 */
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_MAX_VALUE } from '../../src/hdr/histogram.js';
import { T0, clocked, sample } from './samples.js';

/** A clocked recorder and a handle of GET /a. */
function recorder(t = T0) {
  const { clock, recorder: r } = clocked(t);
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
    const once = recorder(0);
    once.r.record(sample(once.h, { latencyUs: 1000 }));
    expect([once.r.snapshot(10).stats[0].firstAt, once.r.snapshot(10).stats[0].lastAt]).toEqual([0, 0]);
  });

  it('is none for a row that only had requests cut at stop', () => {
    const { r, h } = recorder();
    r.recordCut(h);
    const [e] = r.snapshot(T0 + 500).stats;
    expect([e.count, e.cutAtStop, e.firstAt, e.lastAt]).toEqual([0, 1, null, null]);
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
    expect([s.aggregate.type, s.aggregate.method, s.aggregate.name]).toEqual(['', '', 'Aggregated']);
    expect(s.series[0]).toMatchObject({ requests: 2, failures: 1, wireBytes: 15, decodedBytes: 47 });
    expect([s.series[0].byName['GET /a'].decodedBytes, s.series[0].byName['POST /b'].decodedBytes]).toEqual([40, 7]);
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
    const [p] = r.snapshot(T0 + 500).series;
    expect([p.p50, p.byName['GET /a'].p50]).toEqual([0, 0]);
  });

  it('leave no histogram behind for a value that was not measured (negative)', () => {
    const { r, h } = recorder();
    r.record(sample(h, { latencyUs: -1, uncorrectedUs: -1, connectUs: -1 }));
    const [e] = r.snapshot(T0 + 500).stats;
    expect([e.count, e.latency.count]).toEqual([1, 0]);
    expect(e).not.toHaveProperty('uncorrectedLatency');
    expect(e).not.toHaveProperty('connections');
    // Counted in its interval, with no latency there either.
    const [p] = r.snapshot(T0 + 500).series;
    expect([p.requests, p.p50, p.max]).toEqual([1, null, null]);
    expect(p.byName['GET /a']).toMatchObject({ requests: 1, p50: null, p95: null, p99: null });
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

describe('the open interval and the closed ones', () => {
  it('closes every interval up to one that starts where a sample lands', () => {
    const { r, clock, h } = recorder();
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = T0 + 3000;
    r.record(sample(h, { latencyUs: 1000 }));
    expect(r.snapshot(T0 + 3500).series.map((p) => [p.t, p.requests])).toEqual([[T0, 1], [T0 + 1000, 0], [T0 + 2000, 0], [T0 + 3000, 1]]);
  });

  it('is shown in a snapshot as a partial point, neither kept nor emptied by it', () => {
    const { r, clock, h } = recorder();
    r.record(sample(h, { latencyUs: 1000 }));
    expect(r.snapshot(T0 + 500).series.map((p) => p.requests)).toEqual([1]);
    clock.t = T0 + 600;
    r.record(sample(h, { latencyUs: 1000 }));
    expect(r.snapshot(T0 + 700).series.map((p) => p.requests)).toEqual([2]);
  });

  it('has no last closed point right after a gap in time', () => {
    const { r, clock, h } = recorder();
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = T0 + 2000;
    r.tick(clock.t);
    expect(r.lastPoint()).toMatchObject({ t: T0 + 1000, requests: 0 });
    clock.t = T0 + 2000 + 200_000_000;
    r.tick(clock.t);
    expect(r.lastPoint()).toBeUndefined();
  });
});

/**
 * The recorder's limits and edges: the interval it accepts, the caps on names, failures and
 * exceptions (exactly at the cap and past it), cut requests, clamped latencies, zero values, the
 * clock of a sample against a reset, and each warning the user reads.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_GROUPS, MetricsRecorder, OTHER_ERRORS } from '../../src/metrics/recorder.js';
import { T0, clocked, sample } from './samples.js';

describe('the recorder’s interval', () => {
  it('refuses an interval that is not positive, and keeps the one given', () => {
    expect(() => new MetricsRecorder({ intervalMs: 0 })).toThrow(new RangeError('intervalMs must be positive, got 0'));
    expect(() => new MetricsRecorder({ intervalMs: Number.NaN })).toThrow(RangeError);
    expect(new MetricsRecorder({ intervalMs: 250 }).intervalMs).toBe(250);
    expect(new MetricsRecorder().intervalMs).toBe(1000);
  });
});

describe('the caps', () => {
  it('keeps exactly maxNames rows of their own; each type overflows into its own row', () => {
    const { recorder: r } = clocked(T0, { maxNames: 2 });
    const a = r.handle('GET', 'GET', '/a');
    const b = r.handle('POST', 'POST', '/b');
    expect(r.snapshot().warnings).toEqual([]);
    const getOver = r.handle('GET', 'GET', '/c');
    const postOver = r.handle('POST', 'POST', '/d');
    expect(r.handle('GET', 'GET', '/e')).toBe(getOver);
    expect(postOver).not.toBe(getOver);
    for (const h of [a, b, getOver, postOver]) r.record(sample(h, { latencyUs: 1000 }));
    const s = r.snapshot();
    expect(s.stats.map((e) => [e.type, e.method, e.name])).toEqual([
      ['GET', 'GET', '(other names)'], ['POST', 'POST', '(other names)'], ['GET', 'GET', '/a'], ['POST', 'POST', '/b'],
    ]);
    expect(s.warnings).toEqual(['More than 2 distinct request names: the rest are counted under "(other names)". Group dynamic URLs with a name.']);
  });

  it('keeps 1000 failure groups over all rows, then counts the rest as other errors, with a warning', () => {
    const { recorder: r } = clocked();
    const a = r.handle('GET', 'GET', '/a');
    const b = r.handle('GET', 'GET', '/b');
    for (let i = 0; i < MAX_ERROR_GROUPS - 1; i++) r.record(sample(a, { latencyUs: 1000, error: `E${i}` }));
    r.record(sample(b, { latencyUs: 1000, error: 'last' }));
    expect(r.snapshot().warnings).toEqual([]);
    r.record(sample(b, { latencyUs: 1000, error: 'one more' }));
    r.record(sample(b, { latencyUs: 1000, error: 'and another' }));
    // A group already kept is still counted under its own error.
    r.record(sample(a, { latencyUs: 1000, error: 'E0' }));
    const s = r.snapshot();
    expect(s.failures).toHaveLength(MAX_ERROR_GROUPS + 1);
    expect(s.failures.slice(0, 2).map((f) => [f.name, f.error, f.occurrences])).toEqual([['/a', 'E0', 2], ['/b', OTHER_ERRORS, 2]]);
    expect(s.warnings).toEqual([`More than ${MAX_ERROR_GROUPS} distinct failures: the rest are counted as "${OTHER_ERRORS}".`]);
    r.reset();
    expect(r.snapshot().warnings).toEqual([]);
  });

  it('keeps 1000 exception messages with their tracebacks, then counts the rest as other errors without one', () => {
    const { recorder: r } = clocked();
    for (let i = 0; i < MAX_ERROR_GROUPS; i++) r.exception(`m${i}`, `at ${i}`);
    expect(r.snapshot().warnings).toEqual([]);
    r.exception('late', 'at late');
    r.exception('later', 'at later');
    r.exception('m5', 'at 5');
    const s = r.snapshot();
    expect(s.exceptions).toHaveLength(MAX_ERROR_GROUPS + 1);
    // Most frequent first.
    expect(s.exceptions.slice(0, 2)).toEqual([{ count: 2, message: 'm5', traceback: 'at 5' }, { count: 2, message: OTHER_ERRORS, traceback: '' }]);
    expect(s.warnings).toEqual([`More than ${MAX_ERROR_GROUPS} distinct exceptions: the rest are counted as "${OTHER_ERRORS}".`]);
    r.reset();
    expect(r.snapshot().warnings).toEqual([]);
  });
});

describe('requests cut at stop', () => {
  it('counts them on their row and in the aggregate, and keeps a row that has nothing else', () => {
    const { recorder: r } = clocked();
    const a = r.handle('GET', 'GET', '/a');
    r.handle('GET', 'GET', '/never');
    r.recordCut(a);
    r.recordCut(a);
    const s = r.snapshot();
    expect(s.stats.map((e) => [e.name, e.count, e.cutAtStop])).toEqual([['/a', 0, 2]]);
    expect(s.aggregate.cutAtStop).toBe(2);
    expect(() => r.recordCut(new MetricsRecorder().handle('GET', 'GET', '/a'))).toThrow(/not made by this recorder/);
  });
});

describe('values at the edges', () => {
  it('records latencies above an hour as an hour, and says how many', () => {
    const { recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/slow');
    r.record(sample(h, { latencyUs: 3_600_000_000 }));
    expect(r.snapshot().warnings).toEqual([]);
    r.record(sample(h, { latencyUs: 3_600_000_001 }));
    r.record(sample(h, { latencyUs: 7_200_000_000 }));
    const s = r.snapshot();
    expect(s.stats[0].latency.count).toBe(3);
    expect(s.warnings).toEqual(['2 latencies above 1 h were recorded as 1 h.']);
  });

  it('records a latency, an uncorrected latency and a connect time of 0, and none below', () => {
    const { recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/zero');
    r.record(sample(h, { latencyUs: 0, uncorrectedUs: 0, connectUs: 0 }));
    r.record(sample(h, { latencyUs: -1, uncorrectedUs: -1, connectUs: -1 }));
    const e = r.snapshot().stats[0];
    expect(e.count).toBe(2);
    expect(e.latency.count).toBe(1);
    expect(e.uncorrectedLatency?.count).toBe(1);
    expect(e.connections).toBeDefined();
    const none = clocked().recorder;
    none.record(sample(none.handle('GET', 'GET', '/x'), { latencyUs: 5, connectUs: -1 }));
    expect(none.snapshot().stats[0].connections).toBeUndefined();
  });

  it('keeps a connection’s TLS time, and none when it gave none', () => {
    const { recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/tls');
    r.record(sample(h, { latencyUs: 5000, connectUs: 1000, tlsUs: 2000 }));
    const withTls = r.snapshot().stats[0].connections!;
    const { recorder: plain } = clocked();
    plain.record(sample(plain.handle('GET', 'GET', '/tls'), { latencyUs: 5000, connectUs: 1000 }));
    const without = plain.snapshot().stats[0].connections!;
    expect(JSON.stringify(withTls)).not.toBe(JSON.stringify(without));
  });

  it('stamps no sample before the start: a clock behind a reset reads as the reset', () => {
    const { clock, recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/a');
    r.reset(T0 + 5000);
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = T0 + 6500;
    r.record(sample(h, { latencyUs: 1000 }));
    const s = r.snapshot(T0 + 7000);
    expect([s.stats[0].firstAt, s.stats[0].lastAt]).toEqual([T0 + 5000, T0 + 6500]);
    expect([s.aggregate.firstAt, s.aggregate.lastAt]).toEqual([T0 + 5000, T0 + 6500]);
    expect(s.series.map((p) => [p.t, p.requests])).toEqual([[T0 + 5000, 1], [T0 + 6000, 1]]);
  });

  it('closes the interval a sample comes after, without a tick', () => {
    const { clock, recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/a');
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = T0 + 1000;
    r.record(sample(h, { latencyUs: 2000 }));
    expect(r.lastPoint()).toMatchObject({ t: T0, requests: 1, max: 1 });
    expect(r.liveWindow()).toMatchObject({ rps: 1, p95Ms: 1 });
  });

  it('has no last point before an interval closed', () => {
    const { recorder: r } = clocked();
    r.record(sample(r.handle('GET', 'GET', '/a'), { latencyUs: 1000 }));
    expect(r.lastPoint()).toBeUndefined();
  });
});

describe('the time series’ gap', () => {
  it('warns when the clock jumped too far to fill with empty points', () => {
    const { clock, recorder: r } = clocked();
    const h = r.handle('GET', 'GET', '/a');
    r.record(sample(h, { latencyUs: 1000 }));
    clock.t = T0 + 200_000_000; // 200,000 intervals later
    r.record(sample(h, { latencyUs: 1000 }));
    const s = r.snapshot();
    expect(s.warnings).toEqual(['The clock jumped too far to fill the time series with empty points; it has a gap.']);
    expect(s.series.map((p) => p.requests)).toEqual([1, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { observation, sample } from './samples.js';
import { decodeHistogram } from '../../src/hdr/histogram.js';
import type { MetricsSnapshot } from '../../src/metrics/types.js';

/** A recorder on a clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

function sumPoints(s: MetricsSnapshot) {
  return s.series.reduce(
    (acc, p) => ({ requests: acc.requests + p.requests, failures: acc.failures + p.failures, wireBytes: acc.wireBytes + p.wireBytes }),
    { requests: 0, failures: 0, wireBytes: 0 },
  );
}

describe('MetricsRecorder', () => {
  it('counts requests, failures, bytes and statuses per name and in the aggregate', () => {
    const clock = fakeClock();
    const r = new MetricsRecorder({ now: clock.now });
    const list = r.handle('GET', 'GET', '/api/journal-entries/');
    const create = r.handle('POST', 'POST', '/api/journal-entries/');
    expect(r.handle('GET', 'GET', '/api/journal-entries/')).toBe(list);
    for (let i = 0; i < 10; i++) r.record(sample(list, { latencyUs: 1000 + i * 100, wireBytes: 100, decodedBytes: 400 }));
    r.record(sample(create, { latencyUs: 50_000, status: 500, wireBytes: 20, decodedBytes: 20, error: 'HTTP 500' }));
    r.record(sample(create, { latencyUs: -1, status: 0, error: 'ECONNREFUSED' }));
    expect(r.totalRequests).toBe(12);
    expect(r.totalFailures).toBe(2);
    const s = r.snapshot();
    const get = s.stats.find((e) => e.type === 'GET')!;
    expect(get).toMatchObject({ method: 'GET', name: '/api/journal-entries/', count: 10, failures: 0, wireBytes: 1000, decodedBytes: 4000 });
    expect(get.latency.percentiles['50']).toBe(1.4);
    expect(get.latency.max).toBe(1.9);
    expect(get.uncorrectedLatency).toBeUndefined();
    const post = s.stats.find((e) => e.type === 'POST')!;
    // A failure without a latency counts but is not in the histogram.
    expect(post).toMatchObject({ count: 2, failures: 2 });
    expect(post.latency.count).toBe(1);
    expect(s.aggregate).toMatchObject({ type: '', name: 'Aggregated', count: 12, failures: 2, wireBytes: 1020 });
    expect(s.aggregate.latency.count).toBe(11);
    expect(s.statusCodes).toEqual({ '200': 10, '500': 1, '0': 1 });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('takes one record that its user refills: what it keeps does not change with the record', () => {
    const r = new MetricsRecorder({ now: fakeClock().now });
    const list = r.handle('GET', 'GET', '/list');
    const item = r.handle('GET', 'GET', '/item');
    const reused = sample(list, { latencyUs: 2000, wireBytes: 10, decodedBytes: 30 });
    r.record(reused);
    Object.assign(reused, { handle: item, latencyUs: 1900, status: 503, wireBytes: 1, decodedBytes: 1, error: 'HTTP 503' });
    r.record(reused);
    Object.assign(reused, { error: 'timeout', status: 0 });
    r.record(reused);
    const s = r.snapshot();
    expect(s.stats.map((e) => [e.name, e.count, e.failures, e.wireBytes, e.latency.max])).toEqual([
      ['/item', 2, 2, 2, 1.9],
      ['/list', 1, 0, 10, 2],
    ]);
    expect(s.failures.map((f) => [f.name, f.error, f.occurrences])).toEqual([
      ['/item', 'HTTP 503', 1],
      ['/item', 'timeout', 1],
    ]);
    expect(s.statusCodes).toEqual({ '200': 1, '503': 1, '0': 1 });
  });

  it('keeps the uncorrected latency only when one is recorded', () => {
    const r = new MetricsRecorder({ now: fakeClock().now });
    const h = r.handle('GET', 'GET', '/slow');
    r.record(sample(h, { latencyUs: 1_000_000, uncorrectedUs: 2000 }));
    r.record(sample(h, { latencyUs: 1500, uncorrectedUs: 1500 }));
    const s = r.snapshot();
    expect(Math.abs(s.stats[0].latency.max! - 1000)).toBeLessThan(1); // 0.1 % buckets above 2 ms
    expect(s.stats[0].uncorrectedLatency?.max).toBe(2);
    expect(s.aggregate.uncorrectedLatency?.count).toBe(2);
    expect(decodeHistogram(s.stats[0].uncorrectedHistogram!).count).toBe(2);
  });

  it('writes time-series points that add up to the totals, idle intervals included', () => {
    const clock = fakeClock(1_700_000_000_000);
    const r = new MetricsRecorder({ now: clock.now });
    const a = r.handle('GET', 'GET', '/a');
    const b = r.handle('GET', 'GET', '/b');
    r.setUsers(5, 1);
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 100; i++) {
        clock.t += 9; // 900 ms of traffic per second
        if (i % 10 === 0) r.record(sample(b, { latencyUs: 1800, status: 503, wireBytes: 10, decodedBytes: 10, error: 'HTTP 503' }));
        else r.record(sample(a, { latencyUs: 1000 + second * 100, wireBytes: 100, decodedBytes: 100 }));
      }
      clock.t += 100;
      r.tick(clock.t);
    }
    clock.t += 3000; // three idle seconds
    r.tick(clock.t);
    r.record(sample(a, { latencyUs: 1000, wireBytes: 100, decodedBytes: 100 }));
    clock.t += 200;
    const s = r.snapshot(clock.t);
    const sums = sumPoints(s);
    expect(sums.requests).toBe(s.aggregate.count);
    expect(sums.failures).toBe(s.aggregate.failures);
    expect(sums.wireBytes).toBe(s.aggregate.wireBytes);
    expect(s.series.length).toBe(9);
    for (let i = 1; i < s.series.length; i++) expect(s.series[i].t - s.series[i - 1].t).toBe(1000);
    expect(s.series[0].t % 1000).toBe(0);
    expect(s.series.slice(5, 8).map((p) => p.requests)).toEqual([0, 0, 0]);
    expect(s.series[6]).toMatchObject({ p50: null, histogram: '', byName: {} });
    const p = s.series[2];
    expect(p).toMatchObject({ requests: 100, failures: 10, users: 5, browserUsers: 1 });
    expect(p.byName['GET /a']).toMatchObject({ requests: 90, failures: 0, p50: 1.2, p99: 1.2 });
    expect(p.byName['GET /b']).toMatchObject({ requests: 10, failures: 10, p95: 1.8 });
    expect(decodeHistogram(p.histogram).count).toBe(100);
    // Per-name rows add up too.
    const perName = s.series.reduce((n, pt) => n + (pt.byName['GET /a']?.requests ?? 0), 0);
    expect(perName).toBe(s.stats.find((e) => e.name === '/a')!.count);
  });

  it('groups failures by method, name and error with first and last seen', () => {
    const clock = fakeClock();
    const r = new MetricsRecorder({ now: clock.now });
    const h = r.handle('GET', 'GET', '/x');
    const p = r.handle('POST', 'POST', '/x');
    const t0 = clock.t;
    r.record(sample(h, { latencyUs: 1000, status: 500, error: 'HTTP 500' }));
    clock.t += 5000;
    r.record(sample(h, { latencyUs: 1000, status: 0, error: 'ECONNRESET' }));
    clock.t += 5000;
    r.record(sample(h, { latencyUs: 1000, status: 500, error: 'HTTP 500' }));
    r.record(sample(p, { latencyUs: 1000, status: 500, error: 'HTTP 500' }));
    const s = r.snapshot();
    expect(s.failures).toEqual([
      { method: 'GET', name: '/x', error: 'HTTP 500', occurrences: 2, firstSeen: t0, lastSeen: t0 + 10_000 },
      { method: 'GET', name: '/x', error: 'ECONNRESET', occurrences: 1, firstSeen: t0 + 5000, lastSeen: t0 + 5000 },
      { method: 'POST', name: '/x', error: 'HTTP 500', occurrences: 1, firstSeen: t0 + 10_000, lastSeen: t0 + 10_000 },
    ]);
  });

  it('groups exceptions by message', () => {
    const r = new MetricsRecorder({ now: fakeClock().now });
    r.exception('TypeError: x is undefined', 'at flow.ts:3');
    r.exception('TypeError: x is undefined', 'at flow.ts:3');
    r.exception('boom', 'at flow.ts:9');
    expect(r.snapshot().exceptions).toEqual([
      { count: 2, message: 'TypeError: x is undefined', traceback: 'at flow.ts:3' },
      { count: 1, message: 'boom', traceback: 'at flow.ts:9' },
    ]);
  });

  it('caps distinct names with an overflow row and one warning', () => {
    const r = new MetricsRecorder({ now: fakeClock().now, maxNames: 3 });
    for (let i = 0; i < 10; i++) r.record(sample(r.handle('GET', 'GET', `/item/${i}`), { latencyUs: 1000, wireBytes: 1, decodedBytes: 1 }));
    const s = r.snapshot();
    expect(s.stats.map((e) => e.name)).toEqual(['(other names)', '/item/0', '/item/1', '/item/2']);
    expect(s.stats.find((e) => e.name === '(other names)')!.count).toBe(7);
    expect(s.aggregate.count).toBe(10);
    expect(s.warnings.filter((w) => w.includes('distinct request names'))).toHaveLength(1);
    expect(new MetricsRecorder({ maxNames: 3 }).snapshot().warnings).toEqual([]);
  });

  it('drops warm-up samples on reset, and points still add up', () => {
    const clock = fakeClock(1_700_000_000_000);
    const r = new MetricsRecorder({ now: clock.now });
    const h = r.handle('GET', 'GET', '/warm');
    for (let i = 0; i < 2500; i++) {
      clock.t += 1;
      r.record(sample(h, { latencyUs: 900_000, status: 500, wireBytes: 5, decodedBytes: 5, error: 'HTTP 500 (cold cache)' }));
    }
    r.exception('warm-up only', '');
    clock.t += 250; // reset in the middle of an interval
    r.reset(clock.t);
    const resetAt = clock.t;
    for (let i = 0; i < 1000; i++) {
      clock.t += 2;
      r.record(sample(h, { latencyUs: 1500, wireBytes: 1, decodedBytes: 1 }));
    }
    const s = r.snapshot(clock.t);
    expect(s.startedAt).toBe(resetAt);
    expect(s.stats[0]).toMatchObject({ count: 1000, failures: 0, wireBytes: 1000 });
    expect(s.stats[0].latency.max).toBe(1.5);
    expect(s.stats[0].firstAt).toBe(resetAt + 2);
    expect(s.failures).toEqual([]);
    expect(s.exceptions).toEqual([]);
    expect(s.statusCodes).toEqual({ '200': 1000 });
    expect(sumPoints(s).requests).toBe(1000);
    expect(s.series[0].t).toBe(Math.floor(resetAt / 1000) * 1000);
    expect(s.series.every((p) => p.p99 === null || p.p99 === 1.5)).toBe(true);
    expect(r.totalRequests).toBe(1000);
  });

  it('reports the live window of the last closed interval(s)', () => {
    const clock = fakeClock(1_700_000_000_000);
    const r = new MetricsRecorder({ now: clock.now });
    const h = r.handle('GET', 'GET', '/live');
    expect(r.liveWindow()).toEqual({ rps: 0, p95Ms: null, errorPct: 0 });
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 200; i++) {
        clock.t += 4;
        if (i < 10) r.record(sample(h, { latencyUs: 100_000, status: 500, error: 'HTTP 500' }));
        else r.record(sample(h, { latencyUs: 1000 + second * 300 }));
      }
      clock.t += 200;
      r.tick(clock.t);
    }
    expect(r.liveWindow()).toEqual({ rps: 200, p95Ms: 1.6, errorPct: 5 });
    const three = r.liveWindow(3);
    expect(three.rps).toBe(200);
    expect(three.p95Ms).toBe(1.6);
    expect(three.errorPct).toBe(5);
  });

  it('records response profiles for the audit', () => {
    const r = new MetricsRecorder({ now: fakeClock().now });
    const h = r.handle('GET', 'GET', '/static/app.js');
    const headers = { contentType: 'application/javascript', contentEncoding: 'br', cacheControl: 'max-age=3600', etag: '"abc"', age: '10', xCache: 'HIT' };
    for (let i = 0; i < 3; i++) {
      r.observeResponse(observation(h, headers, { wireBytes: 100, decodedBytes: 400 }));
      r.record(sample(h, { latencyUs: 1000, wireBytes: 100, decodedBytes: 400 }));
    }
    r.observeResponse(observation(h, { contentType: 'text/html', age: '42', xCache: 'MISS' }, { status: 500, wireBytes: 50, decodedBytes: 50 }));
    r.record(sample(h, { latencyUs: 1000, status: 500, wireBytes: 50, decodedBytes: 50, error: 'HTTP 500' }));
    expect(r.snapshot().stats[0].responses).toEqual({
      contentType: 'application/javascript',
      encodings: { br: { count: 3, wireBytes: 300, decodedBytes: 1200 }, identity: { count: 1, wireBytes: 50, decodedBytes: 50 } },
      cacheControl: 'max-age=3600', expires: null, etag: true, lastModified: false, vary: null, maxAge: 42,
      xCache: { HIT: 3, MISS: 1 },
      statuses: { '200': 3, '500': 1 },
    });
  });

  it('refuses a handle made by another recorder', () => {
    const a = new MetricsRecorder();
    const b = new MetricsRecorder();
    expect(() => b.record(sample(a.handle('GET', 'GET', '/'), { latencyUs: 1 }))).toThrow(/not made by this recorder/);
  });
});

/**
 * The server's own cache as a client sees it, as pure functions: the warm-up phase against the
 * measured one per name, first call against repeat by X-Cache, and the names a cache answered.
 */
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/audit/rows.js';
import { repeatsFromXCache, serverCache, warmupEffect } from '../../src/audit/server-cache.js';
import type { LatencySummary, StatEntry } from '../../src/schema/summary.js';

const latency = (p50: number, p95: number): LatencySummary => ({ count: 10, min: 1, max: p95, mean: p50, stdev: 1, percentiles: { '50': p50, '95': p95 } });

function stat(type: string, name: string, extra: Partial<StatEntry> = {}): StatEntry {
  return { type, method: type, name, count: 10, failures: 0, latency: latency(5, 9), histogram: '', wireBytes: 0, decodedBytes: 0, firstAt: 0, lastAt: 0, ...extra } as StatEntry;
}

const xCacheLatency = (entries: Record<string, number>) =>
  Object.fromEntries(Object.entries(entries).map(([value, p50]) => [value, { latency: latency(p50, p50 * 2), histogram: '' }]));

function withXCache(type: string, name: string, entries: Record<string, number>): StatEntry {
  return stat(type, name, { responses: { xCacheLatency: xCacheLatency(entries) } as StatEntry['responses'] });
}

describe('warmupEffect', () => {
  it('sets each name measured in both phases beside its warm-up figures, and the aggregate', () => {
    const effect = warmupEffect(
      { durationS: 5, stats: [{ type: 'GET', name: '/a', latency: latency(40, 90) }, { type: 'GET', name: '/gone', latency: latency(1, 2) }, { type: 'POST', name: '/a', latency: latency(7, 8) }], aggregate: { latency: latency(30, 80) } },
      [stat('GET', '/a', { latency: latency(4, 9) }), stat('GET', '/b')],
      latency(3, 7),
    );
    expect(effect).toEqual({
      durationS: 5,
      names: [{ type: 'GET', name: '/a', warmupP50Ms: 40, measuredP50Ms: 4, warmupP95Ms: 90, measuredP95Ms: 9 }],
      aggregate: { warmupP50Ms: 30, measuredP50Ms: 3, warmupP95Ms: 80, measuredP95Ms: 7 },
    });
  });

  it('gives null where a phase has no such percentile or no aggregate was measured', () => {
    const none: LatencySummary = { count: 0, min: null, max: null, mean: null, stdev: null, percentiles: {} };
    const effect = warmupEffect({ durationS: 1, stats: [], aggregate: { latency: none } }, []);
    expect(effect.aggregate).toEqual({ warmupP50Ms: null, measuredP50Ms: null, warmupP95Ms: null, measuredP95Ms: null });
  });
});

describe('repeatsFromXCache', () => {
  it("times a route's MISS answers against its HIT answers by their medians, in any case", () => {
    expect(repeatsFromXCache([withXCache('GET', '/a', { 'TCP_MISS': 40, 'Hit from cloudfront': 2 })])).toEqual([
      { name: '/a', firstMs: 40, repeatMs: 2, firstXCache: 'TCP_MISS', repeatXCache: 'Hit from cloudfront' },
    ]);
  });

  it('skips pages, routes without both kinds of answer, and routes without X-Cache timings', () => {
    expect(repeatsFromXCache([
      withXCache('PAGE', '/p', { MISS: 40, HIT: 2 }),
      withXCache('GET', '/miss-only', { MISS: 40 }),
      withXCache('GET', '/hit-only', { HIT: 2 }),
      stat('GET', '/none'),
      stat('GET', '/empty', { responses: {} as StatEntry['responses'] }),
    ])).toEqual([]);
  });

  it('takes a median of 0 ms as a timing', () => {
    expect(repeatsFromXCache([withXCache('GET', '/a', { MISS: 0, HIT: 0 })])).toEqual([{ name: '/a', firstMs: 0, repeatMs: 0, firstXCache: 'MISS', repeatXCache: 'HIT' }]);
  });
});

function draft(source: 'browser' | 'protocol', url: string, xCache: Record<string, number>, age: number | null): Draft {
  return { source, url, headers: { xCache, age } } as unknown as Draft;
}

describe('serverCache', () => {
  it('lists the names a cache answered (X-Cache or Age), each with its timing rounded to 0.1 ms', () => {
    const drafts = [draft('protocol', '/a', { HIT: 3 }, null), draft('browser', 'http://t/x.js', {}, 60), draft('protocol', '/plain', {}, null)];
    const repeats = [{ name: '/a', firstMs: 12.34, repeatMs: 1.26 }, { name: '/timed', firstMs: 5, repeatMs: 4.05 }];
    const warmup = { durationS: 1, names: [], aggregate: { warmupP50Ms: null, measuredP50Ms: null, warmupP95Ms: null, measuredP95Ms: null } };
    expect(serverCache(drafts, repeats, warmup)).toEqual({
      names: [
        { name: '/a', source: 'protocol', xCache: { HIT: 3 }, maxAgeSeconds: null, firstMs: 12.3, repeatMs: 1.3 },
        { name: 'http://t/x.js', source: 'browser', xCache: {}, maxAgeSeconds: 60, firstMs: null, repeatMs: null },
        { name: '/timed', source: 'protocol', xCache: {}, maxAgeSeconds: null, firstMs: 5, repeatMs: 4.1 },
      ],
      warmup,
    });
  });

  it('keeps a browser row and a protocol route of the same name apart, and copies X-Cache counts', () => {
    const xCache = { MISS: 1 };
    const result = serverCache([draft('browser', '/a', xCache, null)], [{ name: '/a', firstMs: 1, repeatMs: 1 }], null);
    expect(result.names.map((n) => `${n.source} ${n.name} ${n.firstMs}`)).toEqual(['browser /a null', 'protocol /a 1']);
    result.names[0].xCache.MISS = 9;
    expect(xCache.MISS).toBe(1);
    expect(result.warmup).toBeNull();
  });
});

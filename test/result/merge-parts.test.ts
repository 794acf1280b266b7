/**
 * The parts of a merge, one rule at a time, on hand-made records: the shards' plan identity
 * (merge-shards.ts), the warm-up rows (merge-warmup.ts) and the web-vital thresholds' worst page
 * (vital-thresholds.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';
import { Histogram, encodeHistogram } from '../../src/hdr/histogram.js';
import { checkShards, mergedPlanFields, shardsOfMerge } from '../../src/result/merge-shards.js';
import { mergeLatencySummaries, mergeWarmup } from '../../src/result/merge-warmup.js';
import { worstPage } from '../../src/result/vital-thresholds.js';
import { usageMessage } from './usage-message.js';
import type { CpuSample, LatencySummary, PageMetric, PageStats, RunInfo, Summary, ThresholdOutcome, WarmupInfo } from '../../src/schema/summary.js';

const HASH = 'a'.repeat(64);

interface PartOptions {
  id?: string;
  planHash?: string;
  shard?: number;
  count?: number;
  run?: Partial<RunInfo>;
  thresholds?: boolean[];
  nodePcts?: number[];
}

/** A summary with only what the shard rules read: its run, its thresholds' verdicts and its generator. */
function part(o: PartOptions = {}): Summary {
  const run = {
    id: o.id ?? `run-${o.shard ?? 0}`,
    ...(o.planHash === undefined ? {} : { planHash: o.planHash }),
    ...(o.shard === undefined ? {} : { shard: { index: o.shard, count: o.count ?? 3, weights: [1, 1, 1] } }),
    ...o.run,
  } as RunInfo;
  const samples = (o.nodePcts ?? []).map((nodePct, t): CpuSample => ({ t, nodePct, browserPct: null, machinePct: 50, nodeRssMb: 80, browserRssMb: null }));
  const thresholds = (o.thresholds ?? []).map((passed) => ({ passed }) as ThresholdOutcome);
  return { run, thresholds, generator: { cores: 2, samples, peakMachinePct: 61, peakNodeRssMb: 80, saturated: false, saturatedSeconds: 1.5 } } as unknown as Summary;
}

const shards = (count: number, indexes: number[], id = 'study') => indexes.map((shard) => part({ id, planHash: HASH, shard, count }));

describe('the shards of a merge', () => {
  it('lets parts without a plan identity merge as before', () => {
    expect(() => checkShards([part({ id: 'a' }), part({ id: 'b' })])).not.toThrow();
    expect(shardsOfMerge([part(), part()])).toBeUndefined();
  });

  it('refuses parts of two plans, naming both runs and short hashes, or a part without a hash among them', () => {
    const other = 'b'.repeat(64);
    expect(usageMessage(() => checkShards([part({ id: 'x', planHash: HASH }), part({ id: 'y', planHash: other })]))).toBe(
      `runs x and y are not runs of one plan: plan hash ${'a'.repeat(12)} vs ${'b'.repeat(12)}`,
    );
    expect(usageMessage(() => checkShards([part({ id: 'x' }), part({ id: 'y', planHash: HASH })]))).toBe(
      `runs y and x are not runs of one plan: plan hash ${'a'.repeat(12)} vs none`,
    );
  });

  it('lets parts of one plan without shards merge (repeats of one plan)', () => {
    expect(() => checkShards([part({ id: 'a', planHash: HASH }), part({ id: 'b', planHash: HASH })])).not.toThrow();
  });

  it('refuses a shard given twice, naming both runs', () => {
    const [a, b] = [part({ id: 'r1', planHash: HASH, shard: 2, count: 2 }), part({ id: 'r2', planHash: HASH, shard: 2, count: 2 })];
    expect(usageMessage(() => checkShards([part({ id: 'r0', planHash: HASH, shard: 1, count: 2 }), a, b]))).toBe(
      'shard 2/2 is given twice (runs in r1 and r2): each shard can be merged once',
    );
    expect(() => checkShards([a, b], { allowPartial: true })).toThrow(/given twice/);
  });

  it('refuses missing shards unless a partial merge is allowed, naming one or several', () => {
    expect(usageMessage(() => checkShards(shards(3, [1, 3])))).toBe('shard 2/3 missing: the merge would hold 2 of 3 shards (--allow-partial merges them anyway)');
    expect(usageMessage(() => checkShards(shards(4, [2])))).toBe('shards 1/4, 3/4, 4/4 missing: the merge would hold 1 of 4 shards (--allow-partial merges them anyway)');
    expect(() => checkShards(shards(3, [1, 3]), { allowPartial: true })).not.toThrow();
    expect(() => checkShards(shards(3, [3, 1, 2]))).not.toThrow();
  });

  it('lists each shard in index order with its own verdict, start skew, saturation and mean CPU', () => {
    const parts = [
      part({ id: 's3', planHash: HASH, shard: 3, thresholds: [true, false], nodePcts: [10, 20, 25], run: { plannedStart: 1000, actualStart: 1042 } }),
      part({ id: 's1', planHash: HASH, shard: 1, thresholds: [true, true], nodePcts: [], run: { plannedStart: 1000 } }),
      part({ id: 's2', planHash: HASH, shard: 2, run: { actualStart: 990 } }),
    ];
    expect(shardsOfMerge(parts)).toEqual([
      { runId: 's1', shard: { index: 1, count: 3, weights: [1, 1, 1] }, ownVerdict: 'passed', plannedStart: 1000, saturated: false, saturatedSeconds: 1.5, peakMachinePct: 61 },
      { runId: 's2', shard: { index: 2, count: 3, weights: [1, 1, 1] }, ownVerdict: null, actualStart: 990, saturated: false, saturatedSeconds: 1.5, peakMachinePct: 61 },
      {
        runId: 's3', shard: { index: 3, count: 3, weights: [1, 1, 1] }, ownVerdict: 'failed', plannedStart: 1000, actualStart: 1042, startSkewMs: 42,
        saturated: false, saturatedSeconds: 1.5, peakMachinePct: 61, meanNodePct: 18.3,
      },
    ]);
  });

  it('lists plan parts without a shard index first, each once', () => {
    const listed = shardsOfMerge([part({ id: 'b', planHash: HASH, shard: 1 }), part({ id: 'a', planHash: HASH })]);
    expect(listed?.map((s) => s.runId)).toEqual(['a', 'b']);
    expect(listed?.[0].shard).toBeUndefined();
  });

  it('names the merged run after the shards’ shared id, drops one shard’s fields and adds up skipped arrivals', () => {
    const parts = [part({ id: 'study', planHash: HASH, shard: 1, run: { skippedArrivals: 2 } }), part({ id: 'study', planHash: HASH, shard: 2, run: { skippedArrivals: 3 } })];
    const run = { id: 'fresh', planHash: HASH, shard: { index: 1, count: 2, weights: [1, 1] }, actualStart: 5, skippedArrivals: 2, plannedStart: 4 } as RunInfo;
    const merged = mergedPlanFields(parts, run);
    expect(merged).toMatchObject({ id: 'study-merged', planHash: HASH, plannedStart: 4, skippedArrivals: 5 });
    expect(merged).not.toHaveProperty('shard');
    expect(merged).not.toHaveProperty('actualStart');
    expect(merged.shards?.map((s) => s.runId)).toEqual(['study', 'study']);
    // An id asked for, shards of several ids, or a merge of merges keep the merge's own id.
    expect(mergedPlanFields(parts, run, true).id).toBe('fresh');
    expect(mergedPlanFields([parts[0], part({ id: 'other', planHash: HASH, shard: 2 })], run).id).toBe('fresh');
    expect(mergedPlanFields([part({ id: 'study', planHash: HASH, shard: 1, run: { mergedFrom: ['x'] } }), parts[1]], run).id).toBe('fresh');
  });

  it('keeps no skipped arrivals when none were skipped, and no shard fields without a plan', () => {
    const run = { id: 'm', shard: { index: 1, count: 2, weights: [1, 1] }, actualStart: 5, skippedArrivals: 4 } as RunInfo;
    expect(mergedPlanFields(shards(2, [1, 2]), run)).not.toHaveProperty('skippedArrivals');
    expect(mergedPlanFields([part({ id: 'a' }), part({ id: 'b' })], run)).toEqual({ id: 'm' });
  });
});

function latency(count: number, mean: number | null, fields: Partial<LatencySummary> = {}): LatencySummary {
  return { count, min: mean === null ? null : mean - 1, max: mean === null ? null : mean + 1, mean, stdev: mean === null ? null : 0, percentiles: { '50': mean, '95': mean === null ? null : mean + 1 }, ...fields };
}

describe('warm-up rows of merged runs', () => {
  it('merges nothing into nothing', () => {
    expect(mergeWarmup([])).toBeUndefined();
  });

  it('pools count, mean and spread exactly; min, max and percentiles as the extremes', () => {
    const merged = mergeLatencySummaries([
      latency(1, 2, { min: 2, max: 2, stdev: 0, percentiles: { '50': 2, '95': null } }),
      latency(3, 6, { min: 4, max: 9, stdev: 2, percentiles: { '50': 5, '95': 8 } }),
    ]);
    expect(merged.count).toBe(4);
    expect(merged.mean).toBe(5);
    // (1 × (0 + 9) + 3 × (4 + 1)) / 4 = 6
    expect(merged.stdev).toBeCloseTo(Math.sqrt(6), 12);
    expect(merged).toMatchObject({ min: 2, max: 9, percentiles: { '50': 5, '95': 8 } });
  });

  it('leaves out parts that measured nothing, and gives one measured part as it is', () => {
    const only = latency(5, 3);
    expect(mergeLatencySummaries([latency(0, null), only])).toBe(only);
    const empty = latency(0, null);
    expect(mergeLatencySummaries([empty, latency(0, null)])).toBe(empty);
    // A part with a count but no mean (never measured) is left out too.
    expect(mergeLatencySummaries([latency(2, null), only])).toBe(only);
  });

  it('gives null for a percentile, min or max no part has', () => {
    const merged = mergeLatencySummaries([
      latency(1, 2, { min: null, max: null, percentiles: { '99': null } }),
      latency(1, 4, { min: null, max: null, percentiles: { '99': null } }),
    ]);
    expect(merged).toMatchObject({ min: null, max: null, percentiles: { '99': null }, mean: 3, stdev: 1 });
  });

  it('meets rows by type and name, adds counts and failures, and takes the longest warm-up', () => {
    const part = (durationS: number, rows: [string, string, number, number][]): WarmupInfo => ({
      durationS,
      stats: rows.map(([type, name, count, failures]) => ({ type, name, count, failures, latency: latency(count, 10) })),
      aggregate: { count: rows.reduce((n, r) => n + r[2], 0), failures: rows.reduce((n, r) => n + r[3], 0), latency: latency(1, 10) },
    });
    const merged = mergeWarmup([part(5, [['GET', '/a', 2, 1], ['POST', '/a', 1, 0]]), part(8, [['GET', '/a', 3, 2], ['GET', '/b', 4, 0]])])!;
    expect(merged.durationS).toBe(8);
    expect(merged.stats.map((r) => [r.type, r.name, r.count, r.failures])).toEqual([['GET', '/a', 5, 3], ['POST', '/a', 1, 0], ['GET', '/b', 4, 0]]);
    expect(merged.aggregate).toMatchObject({ count: 10, failures: 3 });
  });
});

function metric(values: number[], summary: Partial<LatencySummary> = {}): PageMetric {
  const h = new Histogram();
  for (const v of values) h.record(v * 1000);
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    count: values.length, missing: 0, histogram: encodeHistogram(h),
    summary: { count: values.length, min: Math.min(...values), max: Math.max(...values), mean, stdev: 0, percentiles: { '75': Math.max(...values) }, ...summary },
  };
}

function page(name: string, lcp: PageMetric | undefined): PageStats {
  return { name, url: name, view: 'cold', views: 1, failures: 0, metrics: lcp ? { lcp } : {}, avgWireBytes: 0, avgDecodedBytes: 0 };
}

const spec = (expression: string): ThresholdSpec => parseThreshold(expression) as ThresholdSpec;

describe('the page that decides a web-vital threshold', () => {
  const pages = [page('/a', metric([1000, 3000])), page('/b', metric([2000, 2500])), page('/c', undefined), page('/d', { ...metric([9000]), count: 0 })];

  it('is the highest for <, the lowest for >, skipping pages that never measured it', () => {
    expect(worstPage(spec('PAGES:lcp<2500'), pages)).toEqual({ page: '/a', actual: 3000 });
    expect(worstPage(spec('PAGES:lcp>2500'), pages)).toEqual({ page: '/b', actual: 2500 });
    expect(worstPage(spec('PAGES:lcp.avg<=1'), pages)).toEqual({ page: '/b', actual: 2250 });
    expect(worstPage(spec('PAGES:lcp.min>=1'), pages)).toEqual({ page: '/a', actual: 1000 });
    expect(worstPage(spec('PAGES:lcp.max<1'), pages)).toEqual({ page: '/a', actual: 3000 });
  });

  it('keeps the first of two equal pages', () => {
    expect(worstPage(spec('PAGES:lcp<1'), [page('/x', metric([5])), page('/y', metric([5]))])).toEqual({ page: '/x', actual: 5 });
  });

  it('judges one page when the threshold names it, and none when no page has the vital', () => {
    expect(worstPage(spec('PAGE /b:lcp<2500'), pages)).toEqual({ page: '/b', actual: 2500 });
    expect(worstPage(spec('PAGE /c:lcp<2500'), pages)).toEqual({ page: null, actual: null });
    expect(worstPage(spec('PAGE /zz:lcp<2500'), pages)).toEqual({ page: null, actual: null });
  });

  it('decodes a percentile outside the reported set from the histogram', () => {
    const actual = worstPage(spec('PAGES:lcp.p42<1'), [page('/h', metric([2000, 2000, 2000, 8000]))]).actual!;
    expect(actual).toBeGreaterThan(1990);
    expect(actual).toBeLessThan(2010);
  });

  it('gives no value for a summary figure the page lacks', () => {
    expect(worstPage(spec('PAGES:lcp.avg<1'), [page('/n', metric([5], { mean: null }))])).toEqual({ page: null, actual: null });
  });
});

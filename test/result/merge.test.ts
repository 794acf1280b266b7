import { describe, expect, it } from 'vitest';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { UsageError } from '../../src/errors.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram } from '../../src/hdr/histogram.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { locustCsvFiles } from '../../src/report/csv/index.js';
import { buildSummary } from '../../src/result/build.js';
import { mergeSummaries } from '../../src/result/merge.js';
import { mergeBrowser } from '../../src/result/merge-browser.js';
import { PageBook } from '../../src/browser/page-book.js';
import type { BrowserSection, NetworkProfile } from '../../src/schema/summary.js';
import { seededRandom, type Random } from '../../src/random.js';
import { makeSummary } from '../report/fixtures.js';
import type { GeneratorHealth, Summary } from '../../src/schema/summary.js';
import { sample } from '../metrics/samples.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const NAMES = [
  { type: 'GET', name: '/api/search/' },
  { type: 'GET', name: '/api/journal-entries/' },
  { type: 'POST', name: '/api/journal-entries/' },
];

interface Sample { at: number; row: number; latencyUs: number; failed: boolean }

/** Samples over 6 s with a long tail, 3 % failures: the same for a given seed. */
function samples(random: Random, count: number): Sample[] {
  return Array.from({ length: count }, (_, i) => ({
    at: T0 + Math.floor((i / count) * 6000),
    row: Math.floor(random() * NAMES.length),
    latencyUs: Math.round(2000 * Math.exp(random() * 4)),
    failed: random() < 0.03,
  }));
}

function generator(saturated = false): GeneratorHealth {
  return { cores: 2, samples: [{ t: T0, nodePct: 10, browserPct: null, machinePct: 20, nodeRssMb: 80, browserRssMb: null }], peakMachinePct: 20, peakNodeRssMb: 80, saturated, saturatedSeconds: saturated ? 2 : 0 };
}

/** Records `parts[i]` into recorder i with one shared fake clock, and gives each recorder's summary. */
function summariesOf(parts: Sample[][], threshold = 'p95<60'): Summary[] {
  const clock = { t: T0 };
  const recorders = parts.map(() => new MetricsRecorder({ now: () => clock.t }));
  const handles = recorders.map((r) => NAMES.map((n) => r.handle(n.type, n.type, n.name)));
  const all = parts.flatMap((part, i) => part.map((s) => ({ ...s, part: i }))).sort((a, b) => a.at - b.at);
  for (const s of all) {
    clock.t = s.at;
    const h = handles[s.part][s.row];
    if (s.failed) recorders[s.part].record(sample(h, { latencyUs: s.latencyUs, status: 500, error: 'HTTP 500', wireBytes: 100, decodedBytes: 100 }));
    else recorders[s.part].record(sample(h, { latencyUs: s.latencyUs, status: 200, wireBytes: 300, decodedBytes: 1200 }));
  }
  const config = buildRunConfig({ host: 'http://127.0.0.1:8000', users: '4', runTime: '6s', threshold: [threshold], browserUsers: '0' }, {});
  return recorders.map((r, i) =>
    buildSummary({
      config, runId: `part-${i}`, flowSource: 'flows/erp.ts', startedAt: T0, measuredFrom: T0, endedAt: T0 + 6000,
      stoppedBy: 'duration', metrics: r.snapshot(T0 + 6000), generator: generator(i === 1), warnings: [],
    }),
  );
}

/** Splits samples at random (seeded) into k parts. */
function split(all: Sample[], k: number, random: Random): Sample[][] {
  const parts: Sample[][] = Array.from({ length: k }, () => []);
  for (const s of all) parts[Math.floor(random() * k)].push(s);
  return parts;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('mergeSummaries', () => {
  const all = samples(seededRandom(11), 6000);
  const [whole] = summariesOf([all]);

  for (const k of [2, 3, 5]) {
    it(`gives the percentiles and Locust CSVs of one recorder when the samples are split at random into ${k} parts`, () => {
      const merged = mergeSummaries(summariesOf(split(all, k, seededRandom(k))), { id: 'merged' });
      expect(merged.aggregate.latency).toEqual(whole.aggregate.latency);
      expect(merged.aggregate.histogram).toBe(whole.aggregate.histogram);
      expect(merged.stats.map((s) => [s.type, s.name, s.count, s.failures, s.latency])).toEqual(whole.stats.map((s) => [s.type, s.name, s.count, s.failures, s.latency]));
      for (const [suffix, text] of locustCsvFiles(whole, true)) {
        expect(locustCsvFiles(merged, true).find(([s]) => s === suffix)?.[1], suffix).toBe(text);
      }
      expect(merged.failures).toEqual(whole.failures);
      expect(merged.statusCodes).toEqual(whole.statusCodes);
      expect(merged.thresholds).toEqual(whole.thresholds);
    });
  }

  it('gives the same JSON for every order of three parts', () => {
    const parts = summariesOf(split(all, 3, seededRandom(5)));
    const texts = new Set(permutations(parts).map((order) => JSON.stringify(mergeSummaries(order, { id: 'merged' }))));
    expect(texts.size).toBe(1);
  });

  it('merges a merged summary again, listing every original part', () => {
    const [a, b, c] = summariesOf(split(all, 3, seededRandom(8)));
    const again = mergeSummaries([mergeSummaries([a, b], { id: 'ab' }), c], { id: 'abc' });
    const once = mergeSummaries([a, b, c], { id: 'abc' });
    expect(again.run.mergedFrom).toEqual(['part-0', 'part-1', 'part-2']);
    expect(again.aggregate).toEqual(once.aggregate);
    expect(again.stats).toEqual(once.stats);
    expect(again.timeSeries).toEqual(once.timeSeries);
    expect(again.generator.parts?.map((p) => p.runId)).toEqual(['part-0', 'part-1', 'part-2']);
  });

  it('keeps the run span, each generator, and saturation if any part saturated', () => {
    const parts = summariesOf(split(all, 3, seededRandom(9)));
    parts[2] = { ...parts[2], run: { ...parts[2].run, startedAt: T0 - 500, endedAt: T0 + 7000 } };
    const merged = mergeSummaries(parts, { id: 'm' });
    expect(merged.run.id).toBe('m');
    expect(merged.run.startedAt).toBe(T0 - 500);
    expect(merged.run.endedAt).toBe(T0 + 7000);
    expect(merged.generator.saturated).toBe(true);
    expect(merged.generator.samples).toHaveLength(3);
    expect(merged.generator.parts?.filter((p) => p.saturated).map((p) => p.runId)).toEqual(['part-1']);
    expect(merged.histogram).toEqual({ unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 3 });
  });

  it('re-evaluates thresholds on the merged figures', () => {
    // The limit is the whole run's p95: only the summed histogram gives exactly that figure.
    const parts = summariesOf(split(all, 2, seededRandom(3)), `p95<=${whole.aggregate.latency.percentiles['95']}`);
    const merged = mergeSummaries(parts, { id: 'm' });
    expect(merged.thresholds).toHaveLength(1);
    expect(merged.thresholds[0].actual).toBe(whole.aggregate.latency.percentiles['95']);
    expect(merged.thresholds[0].passed).toBe(true);
    expect(parts.some((p) => p.thresholds[0].actual !== merged.thresholds[0].actual)).toBe(true);
  });

  it('refuses other histogram settings and parts of other plans with one line', () => {
    const [a, b] = summariesOf(split(all, 2, seededRandom(4)));
    const coarse = { ...b, histogram: { unit: 'us' as const, lowest: 1, highest: 3_600_000_000, significantDigits: 2 } };
    expect(() => mergeSummaries([a, coarse])).toThrow(UsageError);
    expect(() => mergeSummaries([a, coarse])).toThrow(/run part-1 has histograms of 1\.\.3600000000 us, 2 digits/);
    const otherFlow = { ...b, run: { ...b.run, flow: 'flows/other.ts', model: 'open' as const } };
    expect(() => mergeSummaries([a, otherFlow])).toThrow(/not runs of one plan: flow flows\/erp\.ts vs flows\/other\.ts; model closed vs open/);
    const otherPath = { ...b, run: { ...b.run, host: 'http://127.0.0.1:9000/erp/' } };
    expect(() => mergeSummaries([a, otherPath])).toThrow(/host path \/ vs \/erp\//);
    // Another port of the same path is another shard of the same plan.
    const otherPort = { ...b, run: { ...b.run, host: 'http://127.0.0.1:9000' } };
    expect(mergeSummaries([a, otherPort]).aggregate.count).toBe(whole.aggregate.count);
  });

  it('counts a merged bucket past 2^32 exactly', () => {
    const [a] = summariesOf([all.slice(0, 10)]);
    const h = newLatencyHistogram();
    h.recordAtIndex(5000, 2 ** 32 - 1);
    const big = { ...a, aggregate: { ...a.aggregate, count: 2 ** 32 - 1, histogram: encodeHistogram(h) } };
    const merged = mergeSummaries([big, { ...big, run: { ...big.run, id: 'other' } }], { id: 'm' });
    expect(merged.aggregate.count).toBe(2 * (2 ** 32 - 1));
    expect(merged.aggregate.latency.count).toBe(2 * (2 ** 32 - 1));
    expect(decodeHistogram(merged.aggregate.histogram).count).toBe(2 * (2 ** 32 - 1));
  });
});

describe('mergeSummaries on browser and audit sections', () => {
  const one = makeSummary({ seed: 2, withBrowser: true, withAudit: true });
  // Merged in each test, not as the file loads: Stryker switches a mutant on only for its tests.
  const mergeTwice = () => mergeSummaries([one, { ...one, run: { ...one.run, id: 'again' } }], { id: 'm' });

  it('sums page views and each page metric histogram, keeping its percentiles', () => {
    const twice = mergeTwice();
    expect(twice.browser!.pages).toHaveLength(one.browser!.pages.length);
    for (const [i, page] of one.browser!.pages.entries()) {
      const merged = twice.browser!.pages[i];
      expect(merged.views).toBe(2 * page.views);
      for (const [name, metric] of Object.entries(page.metrics)) {
        const m = merged.metrics[name as keyof typeof page.metrics]!;
        expect(m.count, name).toBe(2 * metric.count);
        expect(m.summary.percentiles, name).toEqual(metric.summary.percentiles);
      }
    }
    expect(twice.browser!.resources.map((r) => r.count)).toEqual(one.browser!.resources.map((r) => 2 * r.count));
  });

  it('adds audit rows by key, keeps their means and counts each finding code once per row', () => {
    const twice = mergeTwice();
    const rows = one.audit!.resources;
    expect(twice.audit!.resources.map((r) => [r.url, r.count, r.wireBytes, r.findings.map((f) => f.code)])).toEqual(
      rows.map((r) => [r.url, 2 * r.count, r.wireBytes, r.findings.map((f) => f.code)]),
    );
    expect(twice.audit!.findingCounts).toEqual(one.audit!.findingCounts);
    expect(Object.keys(one.audit!.findingCounts).length).toBeGreaterThan(0);
  });
});

describe('mergeSummaries on warm-up rows (no histograms)', () => {
  it('sums counts, keeps min and max, weighs the mean by count and bounds percentiles by the larger', () => {
    const latency = (count: number, min: number, mean: number, max: number, p50: number) => ({ count, min, max, mean, stdev: 0, percentiles: { '50': p50, '100': max } });
    const warm = (count: number, min: number, mean: number, max: number, p50: number) => ({
      durationS: 5,
      stats: [{ type: 'GET', name: '/health', count, failures: 1, latency: latency(count, min, mean, max, p50) }],
      aggregate: { count, failures: 1, latency: latency(count, min, mean, max, p50) },
    });
    const [a, b] = summariesOf(split(samples(seededRandom(1), 100), 2, seededRandom(2)));
    const merged = mergeSummaries([{ ...a, warmup: warm(10, 2, 4, 9, 3) }, { ...b, warmup: warm(30, 1, 8, 20, 7) }], { id: 'm' });
    const row = merged.warmup!.stats[0];
    expect([row.count, row.failures]).toEqual([40, 2]);
    expect([row.latency.min, row.latency.max, row.latency.mean]).toEqual([1, 20, 7]);
    // Each part had no spread: the pooled stdev is that of the two means alone.
    expect(row.latency.stdev).toBeCloseTo(Math.sqrt((10 * 9 + 30 * 1) / 40), 10);
    expect(row.latency.percentiles['50']).toBe(7);
    expect(merged.warmup!.aggregate.count).toBe(40);
  });
});

describe('merging browser sections with network profiles', () => {
  const SLOW: NetworkProfile = { name: 'slow-4g', requestLatencyMs: 562.5, downloadKbps: 1474.56, uploadKbps: 675, cpuSlowdown: 1 };
  const part = (profile: NetworkProfile | undefined, lcp: number): BrowserSection => {
    const book = new PageBook();
    book.record('/', { url: 'http://h/', view: 'cold', status: 200, durationMs: 1, metrics: { lcp }, resources: [], error: null, documentFailed: false }, profile);
    return { executable: 'x', version: '1', users: 1, pages: book.pageStats(), resources: [], crashes: { pages: 0, browsers: 0 }, suspect: false };
  };

  it('keeps rows of different profiles apart and each row its profile', () => {
    const merged = mergeBrowser([part(SLOW, 1500), part(undefined, 100), part(SLOW, 1700)])!;
    expect(merged.pages.map((p) => [p.name, p.views, p.profile?.name])).toEqual([['/ [cold, slow-4g]', 2, 'slow-4g'], ['/ [cold]', 1, undefined]]);
    expect(merged.pages[0].profile).toEqual(SLOW);
    expect(merged.pages[1]).not.toHaveProperty('profile');
  });
});

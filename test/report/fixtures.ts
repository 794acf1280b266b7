/**
 * Summary fixtures built from known samples: every histogram is a real HDR histogram of the
 * generated latencies, so tests can check rendered figures against the data itself.
 */
import * as hdr from 'hdr-histogram-js';
import {
  REPORTED_PERCENTILES,
  SUMMARY_SCHEMA_VERSION,
  type LatencySummary,
  type PageMetric,
  type PageMetricName,
  type PageStats,
  type SeriesNamePoint,
  type SeriesPoint,
  type StatEntry,
  type Summary,
} from '../../src/schema/summary.js';
import type { AuditSection } from '../../src/schema/audit.js';
import { seededRandom } from '../../src/random.js';

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

export interface FixtureOptions {
  /** Added to every protocol latency (ms): the "server got slower" knob. */
  extraLatencyMs?: number;
  /** Every n-th request of the search row fails (0: none). */
  failEvery?: number;
  seconds?: number;
  /** Requests per second of each row at full load. */
  perSecond?: number;
  /** Give each per-name series point its interval histogram (exact full-history rows). */
  perNameHistograms?: boolean;
  /** Seed of the latency generator: same seed, same data. */
  seed?: number;
  /** Compressed vendor.js in the audit (the "after tuning" state). */
  vendorCompressed?: boolean;
  withBrowser?: boolean;
  withAudit?: boolean;
}

/** A name with everything that must be escaped or quoted: comma, quotes, a pipe, markup. */
export const NASTY_NAME = '/api/search/?q=a,"b"|c<img src=x onerror=alert(1)>';

interface RowSpec { type: string; method: string; name: string; baseMs: number; spreadMs: number; bytes: number; failing?: boolean }

const ROWS: RowSpec[] = [
  { type: 'GET', method: 'GET', name: '/api/journal-entries/?page=[n]', baseMs: 18, spreadMs: 30, bytes: 5200 },
  { type: 'POST', method: 'POST', name: '/api/journal-entries/', baseMs: 35, spreadMs: 40, bytes: 640 },
  { type: 'GET', method: 'GET', name: NASTY_NAME, baseMs: 9, spreadMs: 120, bytes: 2100, failing: true },
  { type: 'PAGE', method: 'GET', name: '/dashboard/', baseMs: 180, spreadMs: 250, bytes: 31000 },
];

export function newHistogram(): hdr.Histogram {
  return hdr.build({ numberOfSignificantValueDigits: 3 });
}

/**
 * The LatencySummary of a µs histogram, as the metrics module defines it (ms), read from the
 * histogram as summary.json stores it (encoded and decoded again, so figures match its buckets).
 */
export function latencyOf(inMemory: hdr.Histogram): LatencySummary {
  const h = inMemory.totalCount > 0 ? hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(inMemory)) : inMemory;
  if (h.totalCount === 0) {
    return { count: 0, min: null, max: null, mean: null, stdev: null, percentiles: Object.fromEntries(REPORTED_PERCENTILES.map((p) => [String(p), null])) };
  }
  return {
    count: h.totalCount,
    min: h.getValueAtPercentile(0) / 1000,
    max: h.maxValue / 1000,
    mean: h.mean / 1000,
    stdev: h.stdDeviation / 1000,
    percentiles: Object.fromEntries(REPORTED_PERCENTILES.map((p) => [String(p), h.getValueAtPercentile(p) / 1000])),
  };
}

function intervalPercentiles(h: hdr.Histogram): { p50: number; p95: number; p99: number } {
  return { p50: h.getValueAtPercentile(50) / 1000, p95: h.getValueAtPercentile(95) / 1000, p99: h.getValueAtPercentile(99) / 1000 };
}

const encode = (h: hdr.Histogram): string => (h.totalCount > 0 ? hdr.encodeIntoCompressedBase64(h) : '');

/** Made once per set of options: the same options give the same data, so later calls get a copy. */
const made = new Map<string, Summary>();

/** A fixture summary; each call returns its own copy, which the caller may change. */
export function makeSummary(options: FixtureOptions = {}): Summary {
  const key = JSON.stringify(options);
  let summary = made.get(key);
  if (!summary) {
    summary = buildSummary(options);
    made.set(key, summary);
  }
  return structuredClone(summary);
}

function buildSummary(options: FixtureOptions): Summary {
  const seconds = options.seconds ?? 30;
  const perSecond = options.perSecond ?? 12;
  const extraUs = Math.round((options.extraLatencyMs ?? 0) * 1000);
  const failEvery = options.failEvery ?? 9;
  const rnd = seededRandom(options.seed ?? 42);
  const measuredFrom = T0 + 5_000;

  const totals = ROWS.map(() => ({ h: newHistogram(), count: 0, failures: 0, first: null as number | null, last: null as number | null }));
  const aggregate = newHistogram();
  const points: SeriesPoint[] = [];
  let failureFirst = 0;
  let failureLast = 0;
  let failureCount = 0;
  let lastAt = measuredFrom;

  for (let s = 0; s < seconds; s++) {
    const t = measuredFrom + s * 1000;
    const users = Math.min(20, 4 + s * 2);
    const load = users / 20;
    const interval = newHistogram();
    const byName: Record<string, SeriesNamePoint> = {};
    let requests = 0;
    let failures = 0;
    ROWS.forEach((row, k) => {
      const h = newHistogram();
      const n = Math.max(1, Math.round(perSecond * load * (row.type === 'PAGE' ? 0.25 : 1)));
      let rowFailures = 0;
      for (let i = 0; i < n; i++) {
        const skew = rnd() ** 3; // long tail
        const us = Math.round((row.baseMs + skew * row.spreadMs) * 1000) + (row.type === 'PAGE' ? 0 : extraUs);
        h.recordValue(us);
        const at = t + Math.floor(((i + 0.5) / n) * 1000);
        totals[k].count++;
        totals[k].first ??= at;
        totals[k].last = at;
        lastAt = Math.max(lastAt, at);
        if (row.failing && failEvery > 0 && totals[k].count % failEvery === 0) {
          rowFailures++;
          totals[k].failures++;
          failureCount++;
          failureFirst ||= at;
          failureLast = at;
        }
      }
      totals[k].h.add(h);
      interval.add(h);
      requests += n;
      failures += rowFailures;
      const point: SeriesNamePoint & { histogram?: string } = { requests: n, failures: rowFailures, ...intervalPercentiles(h) };
      if (options.perNameHistograms) point.histogram = encode(h);
      byName[`${row.type} ${row.name}`] = point;
    });
    aggregate.add(interval);
    points.push({
      t, users, browserUsers: 2, requests, failures, wireBytes: requests * 1500,
      ...intervalPercentiles(interval), max: interval.maxValue / 1000,
      histogram: encode(interval), byName,
    });
  }

  const stats: StatEntry[] = ROWS.map((row, k) => ({
    type: row.type, method: row.method, name: row.name,
    count: totals[k].count, failures: totals[k].failures,
    latency: latencyOf(totals[k].h), histogram: encode(totals[k].h),
    wireBytes: Math.round(totals[k].count * row.bytes * 0.3), decodedBytes: totals[k].count * row.bytes,
    firstAt: totals[k].first, lastAt: totals[k].last,
  }));
  // An unused row: no requests at all (N/A percentiles).
  stats.push({
    type: 'DELETE', method: 'DELETE', name: '/api/journal-entries/[id]/', count: 0, failures: 0,
    latency: latencyOf(newHistogram()), histogram: '', wireBytes: 0, decodedBytes: 0, firstAt: null, lastAt: null,
  });
  const aggregateEntry: StatEntry = {
    type: '', method: '', name: 'Aggregated',
    count: stats.reduce((a, s) => a + s.count, 0), failures: stats.reduce((a, s) => a + s.failures, 0),
    latency: latencyOf(aggregate), histogram: encode(aggregate),
    wireBytes: stats.reduce((a, s) => a + s.wireBytes, 0), decodedBytes: stats.reduce((a, s) => a + s.decodedBytes, 0),
    firstAt: measuredFrom, lastAt,
  };
  const endedAt = measuredFrom + seconds * 1000;
  const p95 = aggregateEntry.latency.percentiles['95'] ?? 0;

  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    tool: { name: 'browse-load', version: '0.1.0' },
    run: {
      id: `fixture-${options.seed ?? 42}-${options.extraLatencyMs ?? 0}`,
      host: 'http://127.0.0.1:8077',
      startedAt: T0,
      measuredFrom,
      endedAt,
      model: 'closed',
      stoppedBy: 'duration',
      options: { users: 20, spawnRate: 2, runTime: `${seconds}s`, browserUsers: 2, apiKey: '[redacted]', thresholds: ['p95<500'] },
      flow: 'flows/erp.ts',
      environment: { node: 'v20.20.0', platform: 'linux x64', cpus: 2, hostname: 'ci-runner' },
    },
    stats,
    aggregate: aggregateEntry,
    timeSeries: { intervalMs: 1000, points },
    failures: failureCount > 0 ? [
      { method: 'GET', name: NASTY_NAME, error: 'HTTP 500: "Internal, Server Error"', occurrences: failureCount, firstSeen: failureFirst, lastSeen: failureLast },
    ] : [],
    exceptions: [{ count: 2, message: 'TypeError: x is undefined', traceback: 'at flow (flows/erp.ts:10:3)\nat run (src/runner.ts:1:1)' }],
    statusCodes: { '200': aggregateEntry.count - aggregateEntry.failures, '500': aggregateEntry.failures },
    generator: {
      cores: 2,
      samples: points.map((p, i) => ({ t: p.t, nodePct: 40 + (i % 5) * 3, browserPct: 60 + (i % 7), machinePct: 55 + (i % 4) * 5, nodeRssMb: 180, browserRssMb: 420 })),
      peakMachinePct: 70,
      peakNodeRssMb: 180,
      saturated: false,
      saturatedSeconds: 0,
    },
    thresholds: [
      { expression: 'p95<500', target: 'Aggregated', metric: 'p95', comparator: '<', limit: 500, actual: p95, passed: p95 < 500 },
    ],
    browser: options.withBrowser === false ? undefined : browserSection(rnd),
    audit: options.withAudit === false ? undefined : auditSection(options.vendorCompressed ?? false),
    warmup: {
      durationS: 5,
      stats: stats.filter((s) => s.count > 0).map((s) => ({ type: s.type, name: s.name, count: 10, failures: 0, latency: scaled(s.latency, 3) })),
      aggregate: { count: 40, failures: 0, latency: scaled(aggregateEntry.latency, 3) },
    },
    warnings: [],
  };
}

/** A cold-server version of a latency summary: every figure times `factor`. */
function scaled(l: LatencySummary, factor: number): LatencySummary {
  const x = (v: number | null) => (v === null ? null : v * factor);
  return { ...l, min: x(l.min), max: x(l.max), mean: x(l.mean), percentiles: Object.fromEntries(Object.entries(l.percentiles).map(([k, v]) => [k, x(v)])) };
}

const PAGE_METRICS: Array<[PageMetricName, number]> = [
  ['dns', 0.2], ['connect', 0.5], ['ttfb', 42], ['download', 6], ['domInteractive', 160], ['domContentLoaded', 175],
  ['load', 320], ['fcp', 190], ['lcp', 240], ['cls', 0.02], ['tbt', 12],
];

function browserSection(rnd: () => number): NonNullable<Summary['browser']> {
  const pages: PageStats[] = [];
  for (const page of ['/', '/dashboard/']) {
    for (const view of ['cold', 'warm'] as const) {
      const factor = view === 'warm' ? 0.6 : 1;
      const metrics: Partial<Record<PageMetricName, PageMetric>> = {};
      for (const [name, base] of PAGE_METRICS) {
        const h = newHistogram();
        const scale = name === 'cls' ? 1000 : 1000; // CLS is unitless ×1000 in the histogram
        for (let i = 0; i < 10; i++) h.recordValue(Math.max(1, Math.round(base * factor * (0.8 + rnd() * 0.4) * scale)));
        const missing = name === 'lcp' && view === 'warm' ? 1 : 0;
        metrics[name] = { count: 10, missing, summary: latencyOf(h), histogram: encode(h) };
      }
      pages.push({
        name: `${page} [${view}]`, url: `http://127.0.0.1:8077${page}`, view, views: 10, failures: 0, metrics,
        avgWireBytes: view === 'warm' ? 16_000 : 120_000, avgDecodedBytes: view === 'warm' ? 50_000 : 375_000,
      });
    }
  }
  return {
    executable: '/usr/bin/chromium-headless-shell', version: '140.0.0.0', users: 2, pages,
    resources: [
      { url: 'http://127.0.0.1:8077/static/vendor.js', page: '/', view: 'cold', resourceType: 'script', status: 200, wireStatus: 200, wireBytes: 200_000, decodedBytes: 200_000, encoding: null, contentType: 'application/javascript', servedFrom: 'network', headers: {}, count: 10 },
      { url: 'http://127.0.0.1:8077/static/vendor.js', page: '/', view: 'warm', resourceType: 'script', status: 200, wireStatus: 304, wireBytes: 300, decodedBytes: 200_000, encoding: null, contentType: 'application/javascript', servedFrom: 'revalidated', headers: {}, count: 10 },
    ],
    crashes: { pages: 0, browsers: 0 },
    suspect: false,
  };
}

/** The audit as docs/audit-json.md describes it: rows under `resources`, plus totals. */
function auditSection(vendorCompressed: boolean): Summary['audit'] {
  const headers = (cacheControl: string | null) => ({ cacheControl, expires: null, etag: true, lastModified: true, age: null, vary: 'Accept-Encoding', xCache: {} });
  const audit: AuditSection = {
    version: 2,
    resources: [
      {
        url: 'http://127.0.0.1:8077/static/vendor.js', source: 'browser', page: '/', pages: ['/'], resourceType: 'script',
        contentType: 'application/javascript', status: 200,
        compression: vendorCompressed ? 'compressed' : 'should-compress',
        wireBytes: vendorCompressed ? 61_000 : 200_000, decodedBytes: 200_000, encoding: vendorCompressed ? 'gzip' : 'identity',
        ratio: vendorCompressed ? 0.305 : 1, gzipBytes: vendorCompressed ? null : 61_000,
        potentialSavingBytes: vendorCompressed ? 0 : 139_000, savingMethod: vendorCompressed ? null : 're-gzip',
        compressionEvidence: vendorCompressed
          ? { code: 'received-encoded', side: 'browser', encoding: 'gzip', wireBytes: 61_000, decodedBytes: 200_000 }
          : { code: 'received-identity', side: 'browser', gzipBytes: 61_000, method: 're-gzip' },
        cache: 'revalidated', promisedCache: 'revalidated',
        headers: headers('no-cache'), count: 20,
        findings: vendorCompressed ? [] : [{ code: 'should-compress', side: 'browser', savingBytes: 139_000, decodedBytes: 200_000, sharePct: 70, method: 're-gzip' }],
      },
      {
        url: '/api/journal-entries/?page=[n]', source: 'protocol', method: 'GET', contentType: 'application/json', status: 200,
        compression: 'compressed', wireBytes: 1_500, decodedBytes: 5_200, encoding: 'gzip', encodings: { gzip: 600 },
        ratio: 0.29, gzipBytes: null, potentialSavingBytes: 0, savingMethod: null,
        compressionEvidence: { code: 'received-encoded', side: 'protocol', encoding: 'gzip', wireBytes: 1_500, decodedBytes: 5_200 },
        cache: 'not-repeated', promisedCache: null, headers: headers(null), count: 600, notModified: 0, findings: [],
      },
    ],
    savings: { perPageView: [{ page: '/', view: 'cold', bytes: vendorCompressed ? 0 : 139_000 }], per1000ApiCalls: 0, apiCalls: 2000 },
    revalidation: { requested: false, routes: [], answering304: [] },
    serverCache: { names: [], warmup: null },
    findingCounts: vendorCompressed ? {} : { 'should-compress': 1 },
  };
  return audit;
}

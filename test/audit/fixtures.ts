/**
 * A realistic audit section for tests of code that only renders it (reports, compare): built by
 * buildAudit itself from a small browser section and one API route, so it always has the real shape.
 */
import { buildAudit } from '../../src/audit/build.js';
import type { AuditSection } from '../../src/schema/audit.js';
import type { BrowserSection, LatencySummary, PageStats, ResourceObservation, ResponseProfile, StatEntry } from '../../src/schema/summary.js';

/** A browser section of these resources (and page rows), nothing else of a browser run. */
export function browserSection(resources: ResourceObservation[], pages: PageStats[] = []): BrowserSection {
  return { executable: '', version: '', users: 1, pages, resources, crashes: { pages: 0, browsers: 0 }, suspect: false };
}

export const latency = (p50: number, p95: number): LatencySummary => ({ count: 10, min: 1, max: p95, mean: p50, stdev: 1, percentiles: { '50': p50, '95': p95 } });

/** A GET row of 10 calls whose profile is a JSON route with an ETag and Vary: Accept-Encoding, unless told otherwise. */
export function profiledStat(name: string, profile: Partial<ResponseProfile>, extra: Partial<StatEntry> = {}): StatEntry {
  const responses: ResponseProfile = {
    contentType: 'application/json', encodings: {}, cacheControl: null, expires: null, etag: true, lastModified: false,
    vary: 'accept-encoding', maxAge: null, xCache: {}, statuses: { '200': 1 }, ...profile,
  };
  return { type: 'GET', method: 'GET', name, count: 10, failures: 0, latency: latency(5, 9), histogram: '', wireBytes: 0, decodedBytes: 0, firstAt: 0, lastAt: 0, responses, ...extra } as StatEntry;
}

const HOST = 'http://127.0.0.1:8000';

function load(path: string, view: 'cold' | 'warm', servedFrom: ResourceObservation['servedFrom'], o: { type: string; contentType: string; cacheControl: string; wire: number; decoded: number; gzip: boolean }): ResourceObservation {
  const network = servedFrom === 'network';
  return {
    url: `${HOST}${path}`, page: '/', view, resourceType: o.type, status: 200, wireStatus: servedFrom === 'revalidated' ? 304 : network ? 200 : 0,
    wireBytes: network ? o.wire : 0, decodedBytes: o.decoded, encoding: o.gzip ? 'gzip' : null, contentType: o.contentType, servedFrom,
    headers: { 'cache-control': o.cacheControl, etag: 'W/"x"', 'content-type': o.contentType, vary: 'accept-encoding', ...(o.gzip ? { 'content-encoding': 'gzip' } : {}) },
    count: 1,
  };
}

/** `/`, app.css and vendor.js (compressed or not) on a cold and a warm view, plus GET /api/search/. */
export function auditFixture(opts: { vendorCompressed?: boolean } = {}): AuditSection {
  const vendor = { type: 'script', contentType: 'text/javascript', cacheControl: 'no-cache', wire: opts.vendorCompressed ? 53_255 : 204_853, decoded: 204_853, gzip: opts.vendorCompressed ?? false };
  const css = { type: 'stylesheet', contentType: 'text/css', cacheControl: 'public, max-age=31536000, immutable', wire: 8368, decoded: 41_144, gzip: true };
  const doc = { type: 'document', contentType: 'text/html', cacheControl: 'no-cache', wire: 4194, decoded: 15_211, gzip: true };
  const resources = [
    load('/', 'cold', 'network', doc), load('/', 'warm', 'revalidated', doc),
    load('/static/app.css', 'cold', 'network', css), load('/static/app.css', 'warm', 'memory-cache', css),
    load('/static/vendor.js', 'cold', 'network', vendor), load('/static/vendor.js', 'warm', 'revalidated', vendor),
  ];
  const none = { count: 2, min: 2, max: 48, mean: 25, stdev: 23, percentiles: {} };
  const search: StatEntry = {
    type: 'GET', method: 'GET', name: '/api/search/', count: 2, failures: 0, latency: none, histogram: '',
    wireBytes: 1254, decodedBytes: 5909, firstAt: null, lastAt: null,
    responses: {
      contentType: 'application/json', encodings: { gzip: { count: 1, wireBytes: 1254, decodedBytes: 5909 }, identity: { count: 1, wireBytes: 0, decodedBytes: 0 } },
      cacheControl: null, expires: null, etag: true, lastModified: false, vary: 'accept-encoding', maxAge: null, xCache: { MISS: 1, HIT: 1 }, statuses: { '200': 1, '304': 1 },
    },
  };
  return buildAudit({
    stats: [search],
    browser: { executable: 'chromium', version: '0', users: 1, pages: [], resources, crashes: { pages: 0, browsers: 0 }, suspect: false },
    revalidate: true,
    now: Date.UTC(2026, 10, 27),
  });
}

/**
 * buildAudit on recorded figures: protocol profiles with mixed encodings and 304s, the warm-up
 * comparison, shared caches on private responses, and the shape the reports read.
 */
import { describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import type { ResourceObservation } from '../../src/schema/summary.js';
import { auditFixture, browserSection as browser, latency, profiledStat as stat } from './fixtures.js';

describe('buildAudit on protocol profiles', () => {
  it('judges a route that gzips its bodies but sends small error bodies plain as compressed', () => {
    const a = buildAudit({
      stats: [stat('/api/journal-entries/[id]/', { encodings: { gzip: { count: 8, wireBytes: 8 * 210, decodedBytes: 8 * 360 }, identity: { count: 2, wireBytes: 2 * 30, decodedBytes: 2 * 30 } }, statuses: { '200': 8, '404': 2 } })],
    });
    expect(a.resources[0]).toMatchObject({ compression: 'compressed', encoding: 'gzip', findings: [] });
  });

  it('judges a route that sometimes forgets to compress big bodies as should-compress, weighted by how often', () => {
    const a = buildAudit({
      stats: [stat('/api/journal-entries/', { encodings: { gzip: { count: 6, wireBytes: 6 * 1300, decodedBytes: 6 * 6000 }, identity: { count: 4, wireBytes: 4 * 6000, decodedBytes: 4 * 6000 } }, statuses: { '200': 10 } })],
    });
    const r = a.resources[0];
    expect(r).toMatchObject({ compression: 'should-compress', savingMethod: 'observed-ratio', potentialSavingBytes: 6000 - 1300 });
    expect(a.savings).toEqual({ perPageView: [], apiCalls: 10, per1000ApiCalls: Math.round(((4 * 4700) / 10) * 1000) });
  });

  it('does not count 304s as uncompressed bodies, and lists the routes that answered them', () => {
    const a = buildAudit({
      revalidate: true,
      stats: [
        stat('/api/search/', { encodings: { gzip: { count: 5, wireBytes: 5 * 1254, decodedBytes: 5 * 5909 }, identity: { count: 5, wireBytes: 0, decodedBytes: 0 } }, statuses: { '200': 5, '304': 5 } }),
        stat('/api/reports/monthly/', { contentType: 'text/csv', etag: false, encodings: { gzip: { count: 10, wireBytes: 16_000, decodedBytes: 34_000 } }, statuses: { '200': 10 } }),
      ],
    });
    expect(a.resources.map((r) => [r.url, r.compression, r.cache, r.wireBytes])).toEqual([
      ['/api/search/', 'compressed', 'revalidated', 1254],
      ['/api/reports/monthly/', 'compressed', 'refetched', 1600],
    ]);
    expect(a.revalidation.answering304).toEqual(['/api/search/']);
    expect(a.resources[1].findings.map((f) => f.code)).toEqual(['no-validator']);
  });

  it('flags a private response that a shared cache answered', () => {
    const a = buildAudit({ stats: [stat('/api/me/', { cacheControl: 'private, max-age=60', xCache: { HIT: 3, MISS: 1 }, encodings: { identity: { count: 4, wireBytes: 400, decodedBytes: 400 } } })] });
    expect(a.resources[0].findings.map((f) => f.code)).toEqual(['private-shared']);
    expect(a.serverCache.names).toEqual([{ name: '/api/me/', source: 'protocol', xCache: { HIT: 3, MISS: 1 }, maxAgeSeconds: null, firstMs: null, repeatMs: null }]);
  });

  it("sets the warm-up phase's latencies beside the measured ones, per name", () => {
    const measured = stat('/api/search/', {}, { latency: latency(6, 12) });
    const a = buildAudit({
      stats: [measured],
      aggregate: latency(9, 19),
      warmup: { durationS: 30, stats: [{ type: 'GET', name: '/api/search/', latency: latency(31, 48) }, { type: 'GET', name: '/gone/', latency: latency(1, 2) }], aggregate: { latency: latency(22, 41) } },
    });
    expect(a.serverCache.warmup).toEqual({
      durationS: 30,
      names: [{ type: 'GET', name: '/api/search/', warmupP50Ms: 31, measuredP50Ms: 6, warmupP95Ms: 48, measuredP95Ms: 12 }],
      aggregate: { warmupP50Ms: 22, measuredP50Ms: 9, warmupP95Ms: 41, measuredP95Ms: 19 },
    });
  });
});

describe('buildAudit on browser observations', () => {
  const obs = (path: string, servedFrom: ResourceObservation['servedFrom'], encoding: string | null): ResourceObservation => ({
    url: `http://h${path}`, page: '/', view: 'warm', resourceType: 'script', status: 200, wireStatus: servedFrom === 'revalidated' ? 304 : 0,
    wireBytes: 0, decodedBytes: 204_853, encoding, contentType: 'text/javascript', servedFrom,
    headers: { 'cache-control': servedFrom === 'revalidated' ? 'no-cache' : 'max-age=31536000', etag: 'W/"1"', vary: 'accept-encoding', ...(encoding ? { 'content-encoding': encoding } : {}) }, count: 3,
  });

  it('does not call a body it never saw uncompressed: a warm-only view of 304s and cache hits', () => {
    // A 304 carries no Content-Encoding; the cached app.js keeps its original headers.
    const a = buildAudit({ stats: [], browser: browser([obs('/vendor.js', 'revalidated', null), obs('/app.js', 'memory-cache', 'gzip')]) });
    expect(a.resources.map((r) => [r.url, r.compression, r.cache, r.findings.length])).toEqual([
      ['http://h/vendor.js', 'too-small', 'revalidated', 0],
      ['http://h/app.js', 'compressed', 'hit', 0],
    ]);
    expect(a.resources[0].compressionEvidence).toEqual({ code: 'no-body', side: 'browser' });
  });
});

describe('the shape the reports read', () => {
  it('has one row per resource, findings as codes with their numbers', () => {
    const audit = auditFixture();
    expect(audit.version).toBe(2);
    expect(audit.resources.map((r) => [r.url, r.compression, r.cache])).toEqual([
      ['http://127.0.0.1:8000/', 'compressed', 'revalidated'],
      ['http://127.0.0.1:8000/static/app.css', 'compressed', 'hit'],
      ['http://127.0.0.1:8000/static/vendor.js', 'should-compress', 'revalidated'],
      ['/api/search/', 'compressed', 'revalidated'],
    ]);
    const vendor = audit.resources[2];
    expect(vendor.findings).toEqual([
      { code: 'should-compress', side: 'browser', savingBytes: vendor.potentialSavingBytes, decodedBytes: vendor.decodedBytes, sharePct: expect.any(Number), method: 'type-estimate' },
    ]);
    expect(vendor.potentialSavingBytes).toBeGreaterThan(0);
    expect(vendor.compressionEvidence).toEqual({ code: 'received-identity', side: 'browser', gzipBytes: vendor.gzipBytes, method: 'type-estimate' });
    expect(auditFixture({ vendorCompressed: true }).findingCounts).toEqual({});
  });
});

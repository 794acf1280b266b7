/**
 * buildAudit as a whole, on figures made up here: every field of a row, the evidence each kind of
 * client lends the other, the savings per page view and per 1,000 API calls, the routes that
 * revalidate, the rows listed but not judged, and which rows fail `audit --strict`.
 */
import { describe, expect, it } from 'vitest';
import { buildAudit, strictFailures } from '../../src/audit/build.js';
import type { AuditSection, RevalidationProbe } from '../../src/schema/audit.js';
import type { FailureEntry, NetworkProfile, PageStats, ResourceObservation, StatEntry } from '../../src/schema/summary.js';
import { browserSection as section, profiledStat as stat } from './fixtures.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function seen(over: Partial<ResourceObservation>): ResourceObservation {
  return {
    url: 'http://h/app.js', page: '/', view: 'cold', resourceType: 'script', status: 200, wireStatus: 200, wireBytes: 1000,
    decodedBytes: 3000, encoding: 'gzip', contentType: 'text/javascript', servedFrom: 'network',
    headers: { 'cache-control': 'max-age=31536000', etag: '"1"', vary: 'Accept-Encoding' }, count: 1, ...over,
  };
}

const page = (name: string, views: number, profile?: NetworkProfile): PageStats =>
  ({ name, url: '', view: 'cold', views, failures: 0, metrics: {}, avgWireBytes: 0, avgDecodedBytes: 0, ...(profile ? { profile } : {}) });

/** A JavaScript file of 20,000 B sent uncompressed: should-compress by the type estimate. */
const plainScript = (over: Partial<ResourceObservation> = {}): ResourceObservation =>
  seen({ url: 'http://h/big.js', wireBytes: 20_000, decodedBytes: 20_000, encoding: null, ...over });

const codes = (a: AuditSection, url: string): string[] => a.resources.find((r) => r.url === url)!.findings.map((f) => f.code);

describe('a row of the audit', () => {
  it('carries every field of a protocol route, judged from its profile', () => {
    const a = buildAudit({
      now: NOW,
      revalidate: true,
      stats: [stat('/api/search/', {
        encodings: { gzip: { count: 5, wireBytes: 5000, decodedBytes: 15_000 }, identity: { count: 5, wireBytes: 0, decodedBytes: 0 } },
        statuses: { '200': 5, '304': 5 }, conditionalRequests: 5,
      })],
    });
    expect(a.resources).toStrictEqual([{
      url: '/api/search/', source: 'protocol', method: 'GET', contentType: 'application/json', status: 200,
      compression: 'compressed', wireBytes: 1000, decodedBytes: 3000, encoding: 'gzip', encodings: { gzip: 5, identity: 5 },
      ratio: 0.333, gzipBytes: null, potentialSavingBytes: 0, savingMethod: null,
      compressionEvidence: { code: 'received-encoded', side: 'protocol', encoding: 'gzip', wireBytes: 1000, decodedBytes: 3000 },
      cache: 'revalidated', promisedCache: 'revalidated',
      headers: { cacheControl: null, expires: null, etag: true, lastModified: false, age: null, vary: 'accept-encoding', xCache: {} },
      count: 10, notModified: 5, findings: [],
    }]);
    expect(a.findingCounts).toEqual({});
    expect(a.revalidation).toEqual({
      requested: true, routes: [{ name: '/api/search/', calls: 10, notModified: 5, etag: true, lastModified: false }], answering304: ['/api/search/'],
    });
  });

  it("carries every field of a browser resource, with the cache lifetime Lighthouse's rule reads", () => {
    const a = buildAudit({ now: NOW, stats: [], browser: section([seen({ url: 'http://h/app.js' }), seen({ url: 'http://h/app.js', page: '/b/', view: 'warm', servedFrom: 'memory-cache', wireBytes: 0 })]) });
    expect(a.resources).toStrictEqual([{
      url: 'http://h/app.js', source: 'browser', page: '/', pages: ['/', '/b/'], resourceType: 'script', contentType: 'text/javascript', status: 200,
      compression: 'compressed', wireBytes: 1000, decodedBytes: 3000, encoding: 'gzip', ratio: 0.333, gzipBytes: null, potentialSavingBytes: 0,
      savingMethod: null, compressionEvidence: { code: 'received-encoded', side: 'browser', encoding: 'gzip', wireBytes: 1000, decodedBytes: 3000 },
      cache: 'hit', promisedCache: 'hit',
      headers: { cacheControl: 'max-age=31536000', expires: null, etag: true, lastModified: false, age: null, vary: 'Accept-Encoding', xCache: {} },
      count: 2, findings: [],
      lifetime: { source: 'max-age', seconds: 31_536_000, heuristicSeconds: null, hitProbability: 1, immutable: false, fingerprinted: false },
    }]);
    expect(a.revalidation).toEqual({ requested: false, routes: [], answering304: [] });
  });

  it('has no ratio without a decoded body', () => {
    const a = buildAudit({ stats: [stat('/api/none/', { encodings: {}, statuses: { '204': 3 } })] });
    expect(a.resources[0].ratio).toBeNull();
  });

  it("reads a shared cache's s-maxage as the lifetime when an Age header or an X-Cache hit shows one answered", () => {
    const cacheControl = { 'cache-control': 'public, max-age=60, s-maxage=86400' };
    const lifetime = (headers: Record<string, string>) => buildAudit({ now: NOW, stats: [], browser: section([seen({ headers: { ...cacheControl, ...headers } })]) }).resources[0].lifetime!;
    expect([lifetime({}).source, lifetime({}).seconds]).toEqual(['max-age', 60]);
    expect([lifetime({ age: '0' }).source, lifetime({ age: '0' }).seconds]).toEqual(['s-maxage', 86_400]);
    expect(lifetime({ 'x-cache': 'TCP_HIT' }).source).toBe('max-age');
    expect(lifetime({ 'x-cache': 'Hit from cloudfront' }).source).toBe('s-maxage');
    expect(lifetime({ 'x-cache': 'MISS' }).source).toBe('max-age');
  });

  it("judges the heuristic lifetime from the response's Last-Modified at the run's clock", () => {
    const a = buildAudit({ now: NOW, stats: [], browser: section([seen({ headers: { 'last-modified': 'Wed, 01 Oct 2025 00:00:00 GMT' } })]) });
    // 10 % of the 92 days between Last-Modified and now.
    expect(a.resources[0].lifetime).toMatchObject({ source: 'none', seconds: null, heuristicSeconds: 92 * 86_400 / 10 });
    expect(codes(a, 'http://h/app.js')).toContain('no-cache-lifetime');
  });

  it('gives protocol rows no lifetime: the rule is about assets a browser keeps', () => {
    const a = buildAudit({ now: NOW, stats: [stat('/static/app.js', { contentType: 'text/javascript', cacheControl: null, encodings: { gzip: { count: 1, wireBytes: 10, decodedBytes: 40 } } })] });
    expect(a.resources[0].lifetime).toBeUndefined();
    expect(a.resources[0].findings.map((f) => f.code)).not.toContain('no-cache-lifetime');
  });
});

describe('evidence from the other kind of client', () => {
  it("calls a browser body compressed on the way when the protocol users got the same path gzipped", () => {
    const a = buildAudit({
      stats: [
        stat('/big.js', { contentType: 'text/javascript', encodings: { identity: { count: 1, wireBytes: 20_000, decodedBytes: 20_000 } } }),
        stat('/big.js', { contentType: 'text/javascript', encodings: { gzip: { count: 1, wireBytes: 5000, decodedBytes: 20_000 } } }, { type: 'HEAD', method: 'HEAD' }),
      ],
      browser: section([plainScript()]),
    });
    const row = a.resources[0];
    expect([row.compression, row.gzipBytes, row.savingMethod]).toEqual(['compressed', 5000, 'observed-ratio']);
    expect(row.compressionEvidence).toEqual({ code: 'other-client', side: 'browser', otherSide: 'protocol', otherEncoding: 'gzip' });
    expect(row.findings[0]).toEqual({ code: 'decoded-on-the-way', via: 'other-client', side: 'browser', otherSide: 'protocol', otherEncoding: 'gzip', savingBytes: 15_000 });
    // The protocol route that got it plain is told by the browser's sighting, which was plain too.
    expect(a.resources[1].compression).toBe('should-compress');
  });

  it("lends nothing from the other side when that side got the path plain as well", () => {
    const a = buildAudit({
      stats: [stat('/big.js', { contentType: 'text/javascript', encodings: { identity: { count: 1, wireBytes: 20_000, decodedBytes: 20_000 } } })],
      browser: section([plainScript()]),
    });
    expect(a.resources.map((r) => [r.source, r.compression, r.savingMethod])).toEqual([
      ['browser', 'should-compress', 'type-estimate'],
      ['protocol', 'should-compress', 'type-estimate'],
    ]);
  });

  it("does not match a protocol route to a browser URL by a name that is not a path", () => {
    const a = buildAudit({
      stats: [stat('/big.js?[v]', { contentType: 'text/javascript', encodings: { gzip: { count: 1, wireBytes: 5000, decodedBytes: 20_000 } } })],
      browser: section([plainScript()]),
    });
    expect(a.resources[0].compressionEvidence.code).toBe('received-identity');
  });

  it('lists every encoding of the path, both sides, for the Vary rule', () => {
    const a = buildAudit({
      stats: [stat('/big.js', { contentType: 'text/javascript', vary: null, encodings: { identity: { count: 1, wireBytes: 300, decodedBytes: 300 } } })],
      browser: section([seen({ url: 'http://h/big.js' })]),
    });
    expect(a.resources[1].findings).toContainEqual({ code: 'no-vary', vary: null, encodings: ['gzip', 'identity'] });
  });

  it('finds no Vary problem on a route only ever sent plain', () => {
    const a = buildAudit({ stats: [stat('/plain/', { vary: null, encodings: { identity: { count: 1, wireBytes: 300, decodedBytes: 300 } } })] });
    expect(a.resources[0].findings.map((f) => f.code)).not.toContain('no-vary');
  });
});

describe('judging the bodies', () => {
  it('judges the encoded bodies of a route whose plain ones are small, but counts no saving for them', () => {
    const a = buildAudit({
      stats: [stat('/api/x/', { encodings: { gzip: { count: 8, wireBytes: 8 * 500, decodedBytes: 8 * 400 }, identity: { count: 2, wireBytes: 60, decodedBytes: 60 } }, statuses: { '200': 8, '404': 2 } })],
    });
    expect(a.resources[0].compression).toBe('ineffective');
    expect(a.resources[0].findings.map((f) => f.code)).toEqual(['ineffective-compression']);
    expect(a.savings.per1000ApiCalls).toBe(0);
  });

  it('weighs a route that forgets by the responses that came plain', () => {
    const a = buildAudit({
      stats: [stat('/api/x/', { encodings: { gzip: { count: 6, wireBytes: 6 * 1300, decodedBytes: 6 * 6000 }, identity: { count: 4, wireBytes: 4 * 6000, decodedBytes: 4 * 6000 } } }, { count: 10 })],
    });
    expect(a.savings).toEqual({ perPageView: [], apiCalls: 10, per1000ApiCalls: Math.round((4 * 4700 / 10) * 1000) });
  });

  it('re-gzips a body it was given instead of estimating from the type', () => {
    const body = Buffer.from('a'.repeat(20_000));
    const a = buildAudit({ stats: [], browser: section([plainScript()]), bodies: new Map([['http://h/big.js', body]]) });
    expect(a.resources[0].savingMethod).toBe('re-gzip');
    expect(a.resources[0].gzipBytes).toBeLessThan(200);
  });

  it('names a body that does not decode as its encoding instead of judging its compression', () => {
    const failures: FailureEntry[] = [{ method: 'GET', name: '/api/x/', error: 'body does not decode as gzip (Z_DATA_ERROR)', occurrences: 3, firstSeen: 0, lastSeen: 0 }];
    const a = buildAudit({ failures, stats: [stat('/api/x/', { encodings: { identity: { count: 7, wireBytes: 7 * 9000, decodedBytes: 7 * 9000 } } })] });
    expect(a.resources[0].findings[0]).toEqual({ code: 'encoding-mismatch', encoding: 'gzip', responses: 3 });
    expect(a.resources[0].findings.map((f) => f.code)).not.toContain('should-compress');
    expect(a.findingCounts['encoding-mismatch']).toBe(1);
    // The same route under another method is not that route.
    const other = buildAudit({ failures, stats: [stat('/api/x/', { encodings: {} }, { method: 'POST', type: 'POST' })] });
    expect(other.resources[0].findings.map((f) => f.code)).not.toContain('encoding-mismatch');
  });

  it("prices a browser body's saving in time under each throttled profile, not a protocol route's", () => {
    const slow: NetworkProfile = { name: 'slow-4g', requestLatencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 1 };
    const a = buildAudit({
      stats: [stat('/api/plain/', { contentType: 'text/plain', encodings: { identity: { count: 1, wireBytes: 20_000, decodedBytes: 20_000 } } })],
      browser: section([plainScript()], [page('/ [cold, slow-4g]', 1, slow)]),
    });
    const [browserRow, protocolRow] = a.resources;
    const finding = browserRow.findings.find((f) => f.code === 'should-compress')!;
    expect(finding).toHaveProperty('timeSaved', [{ profile: 'slow-4g', downloadKbps: 1600, ms: expect.any(Number) }]);
    expect(protocolRow.findings.find((f) => f.code === 'should-compress')).not.toHaveProperty('timeSaved');
    expect(a.savings.perPageView[0].timeSaved).toEqual([{ profile: 'slow-4g', downloadKbps: 1600, ms: expect.any(Number) }]);
  });
});

describe('rows listed but not judged', () => {
  const errorsOnly = stat('/api/gone/', {
    cacheControl: null, etag: false, vary: null, encodings: { identity: { count: 4, wireBytes: 4 * 9000, decodedBytes: 4 * 9000 } }, statuses: { '500': 4 },
    conditionalRequests: 2, xCache: { HIT: 1 },
  });

  it('lists a route that answered only errors with no finding, no saving and no repeat', () => {
    const a = buildAudit({ revalidate: true, stats: [errorsOnly] });
    const row = a.resources[0];
    expect(row).toMatchObject({ notAudited: { code: 'http-error', status: 500 }, findings: [], potentialSavingBytes: 0, cache: 'refetched' });
    expect(a.savings.per1000ApiCalls).toBe(0);
    expect(a.savings.apiCalls).toBe(10);
    expect(a.revalidation.routes).toEqual([]);
    expect(a.serverCache.names).toEqual([]);
    expect(a.findingCounts).toEqual({});
  });

  it('gives a browser error page no lifetime and no findings', () => {
    const a = buildAudit({ now: NOW, stats: [], browser: section([plainScript({ status: 404, headers: {} })]) });
    expect(a.resources[0]).toMatchObject({ notAudited: { code: 'http-error', status: 404 }, findings: [], potentialSavingBytes: 0 });
    expect(a.resources[0].lifetime).toBeUndefined();
    expect(a.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: 0 }]);
  });
});

describe('the savings', () => {
  it('divides the bytes a page view would save by its views, from the page rows when there are any', () => {
    const row = (pages: PageStats[]) => buildAudit({ stats: [], browser: section([plainScript({ count: 4 })], pages) });
    const saving = row([]).resources[0].potentialSavingBytes;
    expect(saving).toBeGreaterThan(0);
    expect(row([page('/ [cold]', 2)]).savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: saving * 2 }]);
    // Without page rows, a view is the most loads of any one resource of that page and view.
    expect(row([]).savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: saving }]);
    // A page row without views does not count.
    expect(row([page('/ [cold]', 0)]).savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: saving }]);
  });

  it('adds up the views of a page and view over every network profile it was loaded under', () => {
    const slow: NetworkProfile = { name: 'slow-4g', requestLatencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 1 };
    const fast: NetworkProfile = { name: 'fast-3g', requestLatencyMs: 560, downloadKbps: 1440, uploadKbps: 675, cpuSlowdown: 1 };
    const pages = [page('/ [cold, slow-4g]', 1, slow), page('/ [cold, fast-3g]', 1, fast), page('/dashboard/ [cold, slow-4g]', 5, slow)];
    const a = buildAudit({ stats: [], browser: section([plainScript({ count: 4 })], pages) });
    // The 4 loads of the script came from the 2 views of "/": 2 per view, whatever the profile.
    expect(a.savings.perPageView).toEqual([expect.objectContaining({ page: '/', view: 'cold', bytes: a.resources[0].potentialSavingBytes * 2 })]);
    // A row whose name has no view in it is no page's row: the resource's loads count instead.
    const odd = buildAudit({ stats: [], browser: section([plainScript({ count: 4 })], [page('/x', 2)]) });
    expect(odd.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: odd.resources[0].potentialSavingBytes }]);
  });

  it('counts only the loads that crossed the network with a body, per page and view', () => {
    const a = buildAudit({
      stats: [],
      browser: section([
        plainScript({ count: 2 }),
        plainScript({ view: 'warm', servedFrom: 'memory-cache', count: 2 }),
        plainScript({ page: '/b/', count: 1 }),
        seen({ url: 'http://h/small.js', page: '/b/', count: 3 }),
        plainScript({ page: '/c/', status: 404, count: 1 }),
      ], [page('/b/ [cold]', 3)]),
    });
    const saving = a.resources[0].potentialSavingBytes;
    expect(a.savings.perPageView).toEqual([
      { page: '/', view: 'cold', bytes: saving },
      { page: '/', view: 'warm', bytes: 0 },
      { page: '/b/', view: 'cold', bytes: Math.round(saving / 3) },
      { page: '/c/', view: 'cold', bytes: 0 },
    ]);
    expect(a.savings.perPageView.every((v) => v.timeSaved === undefined)).toBe(true);
  });

  it('spreads the saving of API calls over every call of the run, routes that save nothing included', () => {
    const a = buildAudit({
      stats: [
        stat('/api/plain/', { encodings: { identity: { count: 5, wireBytes: 5 * 8000, decodedBytes: 5 * 8000 } } }, { count: 5 }),
        stat('/api/gz/', { encodings: { gzip: { count: 15, wireBytes: 15 * 100, decodedBytes: 15 * 400 } } }, { count: 15 }),
      ],
    });
    const saving = a.resources[0].potentialSavingBytes;
    expect(saving).toBeGreaterThan(0);
    expect(a.savings).toEqual({ perPageView: [], apiCalls: 20, per1000ApiCalls: Math.round((saving * 5 / 20) * 1000) });
  });
});

describe('the validator probes and the revalidation list', () => {
  const probe = (status: number): RevalidationProbe => ({ sent: { ifNoneMatch: '"1"', ifModifiedSince: null, acceptEncoding: 'gzip' }, status, etag: '"2"', encoding: 'gzip', identityEtag: null });

  it("files a probe's answer on the row it probed, by source and URL, a full answer as validator-ignored", () => {
    const probes = new Map([['protocol /api/x/', probe(200)], ['browser /api/y/', probe(200)]]);
    const a = buildAudit({ stats: [stat('/api/x/', {}), stat('/api/y/', {})], probes });
    expect(a.resources[0].revalidation).toEqual(probe(200));
    expect(a.resources[0].findings).toContainEqual({ code: 'validator-ignored', status: 200, cause: 'etag-per-request', sentEtag: '"1"', answerEtag: '"2"', identityEtag: null });
    expect(a.resources[1].revalidation).toBeUndefined();
    expect(a.findingCounts['validator-ignored']).toBe(1);
  });

  it('keeps a probe answered 304 without a finding', () => {
    const a = buildAudit({ stats: [stat('/api/x/', {})], probes: new Map([['protocol /api/x/', probe(304)]]) });
    expect(a.resources[0].revalidation).toEqual(probe(304));
    expect(a.resources[0].findings).toEqual([]);
  });

  it('lists the GET routes that were repeated, and which of them answered 304', () => {
    const a = buildAudit({
      revalidate: true,
      stats: [
        stat('/api/a/', { statuses: { '200': 5, '304': 5 } }),
        stat('/api/b/', { etag: false, lastModified: true, conditionalRequests: 4 }),
        stat('/api/c/', { conditionalRequests: 0 }),
        stat('/api/d/', { statuses: { '200': 1, '304': 1 } }, { method: 'POST', type: 'POST' }),
      ],
    });
    expect(a.revalidation).toEqual({
      requested: true,
      routes: [
        { name: '/api/a/', calls: 10, notModified: 5, etag: true, lastModified: false },
        { name: '/api/b/', calls: 10, notModified: 0, etag: false, lastModified: true },
      ],
      answering304: ['/api/a/'],
    });
  });
});

describe('counting findings and failing --strict', () => {
  const audit = () => buildAudit({
    now: NOW,
    stats: [
      stat('/api/plain/', { encodings: { identity: { count: 1, wireBytes: 8000, decodedBytes: 8000 } } }),
      stat('/api/other/', { encodings: { identity: { count: 1, wireBytes: 9000, decodedBytes: 9000 } } }),
      stat('/api/fine/', { encodings: { gzip: { count: 1, wireBytes: 100, decodedBytes: 400 } } }),
    ],
    browser: section([seen({ url: 'http://h/short.js', headers: { 'cache-control': 'max-age=60', etag: '"1"', vary: 'Accept-Encoding' } })]),
  });

  it('counts each code by the rows that carry it', () => {
    expect(audit().findingCounts).toEqual({ 'short-cache-lifetime': 1, 'should-compress': 2 });
  });

  it('fails --strict on the compression and validator codes, and --strict=cache on the cache codes as well', () => {
    const a = audit();
    expect(strictFailures(a).map((r) => r.url)).toEqual(['/api/plain/', '/api/other/']);
    expect(strictFailures(a, ['cache']).map((r) => r.url)).toEqual(['http://h/short.js', '/api/plain/', '/api/other/']);
  });
});

describe('the edges of matching, savings and repeats', () => {
  const js = (encoding: string, wireBytes: number, extra: Partial<StatEntry> = {}) =>
    stat('/big.js', { contentType: 'text/javascript', encodings: { [encoding]: { count: 1, wireBytes, decodedBytes: 20_000 } } }, extra);

  it('takes a compressed sighting of the path over a plain one, whichever came first, and the first of two compressed ones', () => {
    const gzipBytes = (stats: StatEntry[]) => buildAudit({ stats, browser: section([plainScript()]) }).resources[0].gzipBytes;
    const head = { type: 'HEAD', method: 'HEAD' };
    expect(gzipBytes([js('gzip', 5000), js('identity', 20_000, head)])).toBe(5000);
    expect(gzipBytes([js('identity', 20_000), js('gzip', 5000, head)])).toBe(5000);
    expect(gzipBytes([js('gzip', 5000), js('br', 4000, head)])).toBe(5000);
  });

  it("lists a row's own encoding for the Vary rule, without the other side's when there is none", () => {
    const protocol = buildAudit({ stats: [stat('/api/x/', { vary: null, encodings: { gzip: { count: 2, wireBytes: 200, decodedBytes: 900 } } })] });
    expect(protocol.resources[0].findings).toEqual([{ code: 'no-vary', vary: null, encodings: ['gzip'] }]);
    const browser = buildAudit({ now: NOW, stats: [], browser: section([seen({ headers: { 'cache-control': 'max-age=31536000', etag: '"1"' } })]) });
    expect(browser.resources[0].findings).toEqual([{ code: 'no-vary', vary: null, encodings: ['gzip'] }]);
  });

  it("does not lend a protocol row's saving to a browser URL of the same name", () => {
    const a = buildAudit({
      stats: [stat('http://h/app.js', { contentType: 'text/javascript', encodings: { identity: { count: 1, wireBytes: 20_000, decodedBytes: 20_000 } } })],
      browser: section([seen({ url: 'http://h/app.js' })]),
    });
    expect(a.resources[1].potentialSavingBytes).toBeGreaterThan(0);
    expect(a.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: 0 }]);
  });

  it('counts a load answered 400 in no saving, beside the load of the same URL that had the body', () => {
    const a = buildAudit({ stats: [], browser: section([plainScript(), plainScript({ status: 400 })]) });
    expect(a.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: a.resources[0].potentialSavingBytes }]);
  });

  it('prices no view that saves nothing, and counts only protocol calls as API calls', () => {
    const slow: NetworkProfile = { name: 'slow-4g', requestLatencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 1 };
    const a = buildAudit({
      stats: [stat('/api/x/', { encodings: { gzip: { count: 3, wireBytes: 300, decodedBytes: 900 } } }, { count: 3 })],
      browser: section([plainScript(), seen({ url: 'http://h/small.js', page: '/b/' })], [page('/ [cold, slow-4g]', 1, slow)]),
    });
    expect(a.savings.perPageView.map((v) => [v.page, v.bytes > 0, v.timeSaved !== undefined])).toEqual([['/', true, true], ['/b/', false, false]]);
    expect(a.savings.apiCalls).toBe(3);
    const browserOnly = buildAudit({ stats: [], browser: section([plainScript()]) });
    expect([browserOnly.savings.apiCalls, browserOnly.savings.per1000ApiCalls]).toEqual([0, 0]);
  });

  it('finds a route that never answered 304 to exact repeats only when the repeats were exact', () => {
    const route = stat('/api/x/', { conditionalRequests: 3, statuses: { '200': 10 } });
    const withoutNo304 = (exactRepeats?: boolean) => buildAudit({ revalidate: true, exactRepeats, stats: [route] }).resources[0].findings.map((f) => f.code);
    expect(withoutNo304(true)).toEqual(['no-304']);
    expect(withoutNo304()).toEqual([]);
  });

  it("times first calls and repeats of the routes that served content, not of those that only answered errors", () => {
    const a = buildAudit({
      stats: [stat('/api/ok/', {}), stat('/api/gone/', { statuses: { '500': 3 } })],
      repeats: [{ name: '/api/ok/', firstMs: 10.04, repeatMs: 2.06 }, { name: '/api/gone/', firstMs: 5, repeatMs: 5 }],
    });
    expect(a.serverCache.names).toEqual([{ name: '/api/ok/', source: 'protocol', xCache: {}, maxAgeSeconds: null, firstMs: 10, repeatMs: 2.1 }]);
  });
});

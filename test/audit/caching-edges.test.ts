/**
 * The caching rules at their edges: Cache-Control read loosely, freshness exactly at its limit,
 * each kind of resource, the warm view's tally, and which answers the findings judge.
 */
import { describe, expect, it } from 'vitest';
import { cacheFindings, parseCacheControl, promisedRepeat, resourceKind, warmOutcome, type CacheSubject } from '../../src/audit/caching.js';
import type { CacheHeaders } from '../../src/schema/audit.js';

const headers = (h: Partial<CacheHeaders>): CacheHeaders => ({
  cacheControl: null, expires: null, etag: false, lastModified: false, age: null, vary: null, xCache: {}, ...h,
});
const NOW = Date.UTC(2026, 10, 27);

describe('parseCacheControl', () => {
  it('reads every directive trimmed and in any case, max-age only with a number', () => {
    expect(parseCacheControl(' NO-STORE , Private,no-cache')).toEqual({ noStore: true, noCache: true, private: true, maxAge: null });
    expect(parseCacheControl('max-age')).toEqual({ noStore: false, noCache: false, private: false, maxAge: null });
    expect(parseCacheControl('max-age=soon').maxAge).toBeNull();
    expect(parseCacheControl('max-age = 30').maxAge).toBe(30);
    expect(parseCacheControl('s-maxage=30').maxAge).toBeNull();
    expect(parseCacheControl(undefined)).toEqual({ noStore: false, noCache: false, private: false, maxAge: null });
  });

  it('unquotes a quoted max-age, but takes no number with a quote inside it', () => {
    expect(parseCacheControl('max-age="60"').maxAge).toBe(60);
    expect(parseCacheControl('max-age=6"0').maxAge).toBeNull();
  });
});

describe('promisedRepeat at its limits', () => {
  it('is no longer fresh when Age reaches max-age, nor when Expires is now', () => {
    expect(promisedRepeat(headers({ cacheControl: 'max-age=60', age: 60, etag: true }), NOW)).toEqual({ outcome: 'revalidated', heuristic: false });
    expect(promisedRepeat(headers({ cacheControl: 'max-age=60', age: 59 }), NOW)).toEqual({ outcome: 'hit', heuristic: false });
    expect(promisedRepeat(headers({ expires: new Date(NOW).toUTCString(), lastModified: true }), NOW)).toEqual({ outcome: 'revalidated', heuristic: false });
  });

  it('takes max-age before Expires, and no-cache before both', () => {
    const past = new Date(NOW - 60_000).toUTCString();
    expect(promisedRepeat(headers({ cacheControl: 'max-age=60', expires: past }), NOW).outcome).toBe('hit');
    expect(promisedRepeat(headers({ cacheControl: 'no-cache, max-age=60', lastModified: true }), NOW)).toEqual({ outcome: 'revalidated', heuristic: false });
  });

  it('promises a full fetch for no-store, and not as a heuristic, even with Last-Modified', () => {
    expect(promisedRepeat(headers({ cacheControl: 'no-store', lastModified: true, etag: true }), NOW)).toEqual({ outcome: 'refetched', heuristic: false });
  });

  it('does not call a lifetime heuristic when an explicit one is there', () => {
    expect(promisedRepeat(headers({ cacheControl: 'max-age=60', lastModified: true }), NOW)).toEqual({ outcome: 'hit', heuristic: false });
  });
});

describe('resourceKind', () => {
  it('tells each kind by its resource type first, then by its media type', () => {
    expect(['script', 'stylesheet', 'image', 'font', 'media'].map((t) => resourceKind('application/json', t))).toEqual(['static', 'static', 'static', 'static', 'static']);
    expect([resourceKind('application/json', 'xhr'), resourceKind('text/html; charset=utf-8'), resourceKind(null, 'document')]).toEqual(['api', 'html', 'html']);
    expect(['application/javascript', 'text/ecmascript', 'image/png', 'font/woff2', 'audio/ogg', 'video/mp4'].map((t) => resourceKind(t))).toEqual(['static', 'static', 'static', 'static', 'static', 'static']);
    expect(['application/xml', 'text/csv', 'text/plain', 'application/problem+json'].map((t) => resourceKind(t))).toEqual(['api', 'api', 'api', 'api']);
  });

  it('leaves the rest as other, and a browser resource of another type is not an API answer', () => {
    expect([resourceKind('application/json', 'other'), resourceKind('application/octet-stream'), resourceKind(null), resourceKind('text/plain', 'ping')]).toEqual(['other', 'other', 'other', 'other']);
    expect(resourceKind('text/css', 'other')).toBe('static');
  });

  it('takes image, font, audio and video only as the top-level type', () => {
    expect(['x-image/png', 'application/vnd.font/x', 'x-video/mp4'].map((t) => resourceKind(t))).toEqual(['other', 'other', 'other']);
  });
});

describe('warmOutcome', () => {
  it('counts disk and memory cache as hits, and anything else as refetched', () => {
    expect(warmOutcome([{ servedFrom: 'disk-cache', count: 2 }, { servedFrom: 'network', count: 1 }])).toBe('hit');
    expect(warmOutcome([{ servedFrom: 'revalidated', count: 2 }, { servedFrom: 'service-worker', count: 1 }, { servedFrom: 'memory-cache', count: 1 }])).toBe('revalidated');
    expect(warmOutcome([{ servedFrom: 'prefetch-cache', count: 1 }])).toBe('refetched');
  });

  it('adds up the loads of each outcome, ties going to the worse', () => {
    expect(warmOutcome([{ servedFrom: 'memory-cache', count: 1 }, { servedFrom: 'disk-cache', count: 1 }, { servedFrom: 'revalidated', count: 1 }])).toBe('hit');
    expect(warmOutcome([{ servedFrom: 'memory-cache', count: 1 }, { servedFrom: 'revalidated', count: 1 }])).toBe('revalidated');
    expect(warmOutcome([{ servedFrom: 'network', count: 0 }])).toBe('not-repeated');
  });
});

describe('the answers cacheFindings judges', () => {
  const subject = (s: Partial<CacheSubject>): CacheSubject => ({
    kind: 'static', source: 'browser', status: 200, headers: headers({ cacheControl: 'max-age=600' }), cache: 'hit', promised: { outcome: 'hit', heuristic: false }, ...s,
  });
  const codes = (s: Partial<CacheSubject>) => cacheFindings(subject(s)).map((f) => f.code);

  it('judges 2xx answers only, but a shared cache on a private answer whatever its status', () => {
    expect([null, 199, 200, 299, 300, 404].map((status) => codes({ status }))).toEqual([[], [], ['no-validator'], ['no-validator'], [], []]);
    const shared = headers({ cacheControl: 'private', age: 5 });
    expect(codes({ status: 500, headers: shared })).toEqual(['private-shared']);
  });

  it('does not call an Age or a HIT on a public answer, or an X-Cache MISS on a private one, a shared hit', () => {
    expect(codes({ kind: 'api', headers: headers({ cacheControl: 'public', age: 5 }) })).toEqual([]);
    expect(codes({ kind: 'api', headers: headers({ cacheControl: 'private', xCache: { MISS: 2, 'TCP_HITLESS': 1 } }) })).toEqual([]);
  });

  it('flags a static route without validator only when its GETs were repeated conditionally', () => {
    const route = { source: 'protocol' as const, method: 'GET', promised: null, cache: 'refetched' as const };
    expect(cacheFindings(subject({ ...route, revalidationRequested: true }))).toEqual([{ code: 'no-validator', subject: 'static-route' }]);
    expect(codes({ ...route })).toEqual([]);
    expect(codes({ ...route, revalidationRequested: true, headers: headers({ lastModified: true }) })).toEqual([]);
  });

  it('judges protocol GETs only, and no-304 only after two exact calls', () => {
    const api = { kind: 'api' as const, source: 'protocol' as const, method: 'GET', headers: headers({ etag: true }), promised: null, cache: 'refetched' as const, revalidationRequested: true };
    expect(codes({ ...api, method: 'POST', headers: headers({}) })).toEqual([]);
    expect(codes({ ...api, exactRepeats: true, calls: 1, notModified: 0 })).toEqual([]);
    expect(codes({ ...api, exactRepeats: false, calls: 2, notModified: 0 })).toEqual([]);
    expect(cacheFindings(subject({ ...api, exactRepeats: true, calls: 3 }))).toEqual([{ code: 'no-304', calls: 3 }]);
    expect(codes({ ...api, kind: 'other', headers: headers({}) })).toEqual(['no-validator']);
    expect(codes({ ...api, source: 'browser', kind: 'api', headers: headers({}), promised: null })).toEqual([]);
  });

  it('holds a warm view to the promise unless the promise is heuristic or there was no repeat', () => {
    const promised = { outcome: 'hit' as const, heuristic: false };
    const asset = { headers: headers({ cacheControl: 'max-age=600', etag: true }), promised };
    expect(cacheFindings(subject({ ...asset, cache: 'revalidated' }))).toEqual([{ code: 'cache-not-as-promised', promised: 'hit', actual: 'revalidated' }]);
    expect(codes({ ...asset, cache: 'revalidated', promised: { outcome: 'hit', heuristic: true } })).toEqual([]);
    expect(codes({ ...asset, cache: 'not-repeated' })).toEqual([]);
    expect(codes({ ...asset, cache: 'revalidated', source: 'protocol', kind: 'api', method: 'GET' })).toEqual([]);
  });

  it('leaves HTML revalidated or served from cache alone, and no-store on HTML unflagged', () => {
    const html = { kind: 'html' as const, headers: headers({ cacheControl: 'no-cache', etag: true }), promised: { outcome: 'revalidated' as const, heuristic: false } };
    expect(codes({ ...html, cache: 'revalidated' })).toEqual([]);
    expect(codes({ ...html, cache: 'refetched', source: 'protocol', method: 'GET' })).toEqual([]);
  });
});

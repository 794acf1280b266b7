/** What the headers promise for a repeat view, and the caching findings that follow. */
import { describe, expect, it } from 'vitest';
import { cacheFindings, parseCacheControl, promisedRepeat, resourceKind, warmOutcome, type CacheSubject } from '../../src/audit/caching.js';
import type { CacheHeaders } from '../../src/schema/audit.js';

const headers = (h: Partial<CacheHeaders>): CacheHeaders => ({
  cacheControl: null, expires: null, etag: false, lastModified: false, age: null, vary: null, xCache: {}, ...h,
});

describe('promisedRepeat', () => {
  const now = Date.UTC(2026, 10, 27);
  it.each([
    ['public, max-age=31536000, immutable', { etag: true }, 'hit'],
    ['no-cache', { etag: true }, 'revalidated'],
    ['no-cache', {}, 'refetched'],
    ['no-store', { etag: true, lastModified: true }, 'refetched'],
    ['max-age=0', { lastModified: true }, 'revalidated'],
    [null, { etag: true }, 'revalidated'],
    [null, {}, 'refetched'],
    ['private, max-age=60', {}, 'hit'],
  ] as const)('Cache-Control %s with %o promises %s', (cc, h, outcome) => {
    expect(promisedRepeat(headers({ cacheControl: cc, ...h }), now).outcome).toBe(outcome);
  });

  it('reads Expires against the clock and counts Age against max-age', () => {
    expect(promisedRepeat(headers({ expires: new Date(now + 60_000).toUTCString() }), now).outcome).toBe('hit');
    expect(promisedRepeat(headers({ expires: '0', etag: true }), now).outcome).toBe('revalidated');
    expect(promisedRepeat(headers({ cacheControl: 'max-age=60', age: 120 }), now).outcome).toBe('refetched');
  });

  it('marks freshness from Last-Modified alone as heuristic', () => {
    expect(promisedRepeat(headers({ lastModified: true }), now)).toEqual({ outcome: 'hit', heuristic: true });
  });
});

describe('cacheFindings', () => {
  const subject = (s: Partial<CacheSubject>): CacheSubject => ({
    kind: 'static', source: 'browser', status: 200, headers: headers({ cacheControl: 'max-age=600', etag: true }), cache: 'hit', promised: { outcome: 'hit', heuristic: false }, ...s,
  });
  const codes = (s: Partial<CacheSubject>) => cacheFindings(subject(s)).map((f) => f.code);

  it('finds nothing wrong with a fresh static asset that has a validator', () => {
    expect(codes({})).toEqual([]);
  });
  it('flags a static asset without validator, with no-store, or fetched again on the warm view', () => {
    expect(codes({ headers: headers({ cacheControl: 'max-age=600' }) })).toEqual(['no-validator']);
    expect(codes({ headers: headers({ cacheControl: 'no-store', etag: true }), cache: 'refetched', promised: { outcome: 'refetched', heuristic: false } })).toEqual(['no-store', 'refetched-on-warm-view']);
  });
  it('leaves no-store HTML alone but flags HTML that is fetched again in full', () => {
    const html = { kind: 'html' as const, cache: 'refetched' as const, promised: { outcome: 'refetched' as const, heuristic: false } };
    expect(codes({ ...html, headers: headers({ cacheControl: 'no-store', etag: true }) })).toEqual([]);
    expect(cacheFindings(subject({ ...html, headers: headers({ cacheControl: 'no-cache' }) }))).toEqual([{ code: 'no-validator', subject: 'html-page' }]);
    expect(cacheFindings(subject({ ...html, headers: headers({ cacheControl: 'no-cache', etag: true }), promised: { outcome: 'revalidated', heuristic: false } }))).toEqual([
      { code: 'html-not-revalidated' }, { code: 'cache-not-as-promised', promised: 'revalidated', actual: 'refetched' },
    ]);
  });
  it('flags private and no-store responses that a shared cache served', () => {
    expect(cacheFindings(subject({ kind: 'api', headers: headers({ cacheControl: 'private', xCache: { 'HIT from proxy': 1 } }), cache: 'not-repeated' }))).toEqual([
      { code: 'private-shared', cacheControl: 'private', sharedBy: { header: 'X-Cache', value: 'HIT from proxy' } },
    ]);
    expect(cacheFindings(subject({ kind: 'api', headers: headers({ cacheControl: 'no-store', age: 30 }), cache: 'not-repeated' }))).toEqual([
      { code: 'private-shared', cacheControl: 'no-store', sharedBy: { header: 'Age', seconds: 30 } },
    ]);
    expect(codes({ kind: 'api', headers: headers({ xCache: { HIT: 3 } }), cache: 'not-repeated' })).toEqual([]);
  });
  it('judges API GETs only when they were repeated conditionally', () => {
    const api = { kind: 'api' as const, source: 'protocol' as const, method: 'GET', headers: headers({}), promised: null, cache: 'refetched' as const };
    expect(codes({ ...api })).toEqual([]);
    expect(codes({ ...api, revalidationRequested: true })).toEqual(['no-validator']);
    expect(cacheFindings(subject({ ...api, headers: headers({ etag: true }), revalidationRequested: true, exactRepeats: true, calls: 2, notModified: 0 }))).toEqual([{ code: 'no-304', calls: 2 }]);
    expect(codes({ ...api, headers: headers({ etag: true }), revalidationRequested: true, exactRepeats: true, calls: 2, notModified: 1, cache: 'revalidated' })).toEqual([]);
  });
});

describe('small readers', () => {
  it('parses Cache-Control directives', () => {
    expect(parseCacheControl('Public, Max-Age="600", no-cache')).toEqual({ noStore: false, noCache: true, private: false, maxAge: 600 });
  });
  it('takes the most frequent warm outcome, ties to the worse', () => {
    expect(warmOutcome([{ servedFrom: 'memory-cache', count: 3 }, { servedFrom: 'network', count: 1 }])).toBe('hit');
    expect(warmOutcome([{ servedFrom: 'revalidated', count: 1 }, { servedFrom: 'network', count: 1 }])).toBe('refetched');
    expect(warmOutcome([])).toBe('not-repeated');
  });
  it('tells HTML, static assets and API responses apart', () => {
    expect(resourceKind('text/html', 'document')).toBe('html');
    expect(resourceKind('text/javascript', 'script')).toBe('static');
    expect(resourceKind('application/json', 'fetch')).toBe('api');
    expect(resourceKind('application/json')).toBe('api');
    expect(resourceKind('text/css')).toBe('static');
  });
});

/**
 * The drafts the audit judges, built from what each kind of client saw: browser observations
 * grouped by URL (which loads count as the body, the headers and their tallies, the warm view),
 * protocol profiles read per encoding (bodies against 304s and 204s, the status, the repeat).
 */
import { describe, expect, it } from 'vitest';
import { browserDrafts, protocolDrafts, type Draft, type RowContext } from '../../src/audit/rows.js';
import type { ResourceObservation, ResponseProfile, StatEntry } from '../../src/schema/summary.js';
import { browserSection as section } from './fixtures.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const ctx: RowContext = { revalidate: false, exactRepeats: false, now: NOW };

function seen(over: Partial<ResourceObservation>): ResourceObservation {
  return {
    url: 'http://h/app.js', page: '/', view: 'cold', resourceType: 'script', status: 200, wireStatus: 200, wireBytes: 1000,
    decodedBytes: 4000, encoding: 'gzip', contentType: 'text/javascript', servedFrom: 'network', headers: {}, count: 1, ...over,
  };
}

const browser = (resources: ResourceObservation[], context: RowContext = ctx): Draft[] => browserDrafts(section(resources), context);
const only = (drafts: Draft[]): Draft => {
  expect(drafts).toHaveLength(1);
  return drafts[0];
};

describe('browser drafts', () => {
  it('builds one draft per URL from the load that crossed the network, with the cache hits of the warm view', () => {
    const headers = {
      'cache-control': 'max-age=3600', etag: '"1"', 'last-modified': 'Mon, 01 Dec 2025 00:00:00 GMT',
      'content-type': 'text/javascript; charset=utf-8', 'x-content-encoding-over-network': 'gzip',
    };
    const drafts = browser([
      seen({ url: 'http://h/app.js?v=1', encoding: 'GZIP ', count: 2, contentType: null, headers }),
      seen({ url: 'http://h/app.js?v=1', view: 'warm', page: '/dashboard/', servedFrom: 'memory-cache', wireBytes: 0, count: 2, contentType: null, headers }),
    ]);
    const cacheHeaders = {
      cacheControl: 'max-age=3600', expires: null, etag: true, lastModified: true, age: null, vary: null, xCache: {},
    };
    expect(drafts).toStrictEqual([
      {
        url: 'http://h/app.js?v=1', source: 'browser', page: '/', pages: ['/', '/dashboard/'], resourceType: 'script',
        contentType: 'text/javascript', status: 200, encoding: 'gzip', wireBytes: 1000, decodedBytes: 4000, count: 4,
        headers: cacheHeaders, cache: 'hit', promisedCache: 'hit',
        sample: {
          side: 'browser', contentType: 'text/javascript', resourceType: 'script', encoding: 'gzip', wireBytes: 1000, decodedBytes: 4000,
          overNetworkEncoding: 'gzip',
        },
        cacheSubject: { kind: 'static', source: 'browser', status: 200, headers: cacheHeaders, cache: 'hit', promised: { outcome: 'hit', heuristic: false } },
        matchPath: '/app.js',
        sampleCount: 2,
        lastModifiedAt: 'Mon, 01 Dec 2025 00:00:00 GMT',
      },
    ]);
  });

  it('weighs sizes by loads, takes the encoding most loads had and the headers of the most loaded response', () => {
    const url = 'http://h/data.json';
    const d = only(browser([
      seen({ url, resourceType: 'fetch', wireBytes: 100, decodedBytes: 301, encoding: null, contentType: 'application/json', headers: { 'x-cache': 'MISS', age: '12' } }),
      seen({ url, resourceType: 'fetch', wireBytes: 50, decodedBytes: 100, encoding: 'br', count: 2, contentType: 'application/json', headers: { 'x-cache': 'HIT', 'content-type': 'text/plain', etag: '"e"' } }),
      seen({ url, resourceType: 'fetch', view: 'warm', wireBytes: 50, decodedBytes: 100, encoding: 'br', contentType: 'application/json', headers: { 'x-cache': 'HIT', age: '3' } }),
      seen({ url, resourceType: 'fetch', view: 'warm', wireBytes: 50, decodedBytes: 100, encoding: 'br', contentType: 'application/json', headers: { age: 'soon' } }),
    ]));
    // (100 + 2 × 50 + 50 + 50) / 5 loads and (301 + 2 × 100 + 100 + 100) / 5, rounded.
    expect([d.wireBytes, d.decodedBytes, d.sampleCount, d.count]).toEqual([60, 140, 5, 5]);
    expect(d.encoding).toBe('br');
    // The most loaded response's own type wins over its header; its ETag is the row's.
    expect(d.contentType).toBe('application/json');
    expect(d.headers.etag).toBe(true);
    // Every load's X-Cache is tallied by its loads; the largest Age wins, an unreadable one is skipped.
    expect(d.headers.xCache).toEqual({ HIT: 3, MISS: 1 });
    expect(d.headers.age).toBe(12);
    expect(d.cache).toBe('refetched');
    expect(d.cacheSubject.kind).toBe('api');
  });

  it('reads every cache header of the response, and none when there are none', () => {
    const full = only(browser([seen({
      headers: {
        'cache-control': 'no-cache', expires: 'Thu, 01 Jan 2026 01:00:00 GMT', etag: '"x"', 'last-modified': 'Mon, 01 Dec 2025 00:00:00 GMT',
        age: '5', vary: 'Accept-Encoding', 'x-cache': 'HIT from proxy',
      },
    })]));
    expect(full.headers).toEqual({
      cacheControl: 'no-cache', expires: 'Thu, 01 Jan 2026 01:00:00 GMT', etag: true, lastModified: true, age: 5, vary: 'Accept-Encoding',
      xCache: { 'HIT from proxy': 1 },
    });
    const bare = only(browser([seen({ headers: { age: 'later' } })]));
    expect(bare.headers).toEqual({ cacheControl: null, expires: null, etag: false, lastModified: false, age: null, vary: null, xCache: {} });
    expect(bare.lastModifiedAt).toBeNull();
    expect(bare.sample.overNetworkEncoding).toBeNull();
    expect(bare.cache).toBe('not-repeated');
  });

  it("judges the promise of an Expires header at the run's clock, not the machine's", () => {
    const expires = { expires: 'Thu, 01 Jan 2026 01:00:00 GMT' };
    expect(only(browser([seen({ headers: expires })])).promisedCache).toBe('hit');
    expect(only(browser([seen({ headers: expires })], { ...ctx, now: NOW + 2 * 3_600_000 })).promisedCache).toBe('refetched');
  });

  it('skips a URL that never answered, keeps one answered only from the cache', () => {
    const drafts = browser([
      seen({ url: 'http://h/down.js', status: 0, count: 3 }),
      seen({ url: 'http://h/cached.js', status: 0 }),
      seen({ url: 'http://h/cached.js', servedFrom: 'disk-cache', view: 'warm', wireBytes: 0, decodedBytes: 900, count: 2 }),
    ]);
    expect(drafts.map((d) => [d.url, d.wireBytes, d.decodedBytes, d.count, d.cache])).toEqual([['http://h/cached.js', 0, 900, 3, 'hit']]);
    expect(drafts[0].sample.decodedBytes).toBe(900);
  });

  it('sees no body in a warm view of revalidations only: its decoded size is not judged', () => {
    const d = only(browser([seen({ servedFrom: 'revalidated', view: 'warm', wireStatus: 304, wireBytes: 300, decodedBytes: 5000, encoding: null, count: 2 })]));
    expect([d.wireBytes, d.decodedBytes, d.encoding, d.cache, d.sampleCount]).toEqual([300, 5000, 'identity', 'revalidated', 2]);
    expect(d.sample.decodedBytes).toBe(0);
  });

  it('takes the body from the cache hits, not the revalidations, when nothing crossed the network', () => {
    const d = only(browser([
      seen({ servedFrom: 'revalidated', view: 'warm', wireBytes: 300, decodedBytes: 0, encoding: null, count: 4 }),
      seen({ servedFrom: 'memory-cache', view: 'warm', wireBytes: 0, decodedBytes: 800 }),
    ]));
    expect([d.wireBytes, d.decodedBytes, d.encoding, d.sampleCount, d.count]).toEqual([0, 800, 'gzip', 1, 5]);
  });

  it.each([
    [399, 60],
    [400, 40],
  ])('counts a body of status %i as content or as an error page', (status, wireBytes) => {
    const d = only(browser([seen({ status, wireBytes: 100 }), seen({ status: 200, wireBytes: 40, count: 2 })]));
    expect([d.wireBytes, d.status]).toEqual([wireBytes, 200]);
    expect(d.notAudited).toBeUndefined();
    const alone = only(browser([seen({ status })]));
    expect(alone.notAudited).toEqual(status >= 400 ? { code: 'http-error', status } : undefined);
    expect(alone.status).toBe(status);
  });

  it('lists a URL that only answered errors, with its most frequent status, and sizes from the errors', () => {
    const d = only(browser([
      seen({ status: 500, wireBytes: 10 }),
      seen({ status: 404, wireBytes: 20, count: 3 }),
    ]));
    expect(d.notAudited).toEqual({ code: 'http-error', status: 404 });
    expect([d.status, d.wireBytes]).toEqual([404, 18]);
  });

  it('names every page that loaded a URL once, the first as its page', () => {
    const d = only(browser([seen({ page: '/b/' }), seen({ page: '/a/' }), seen({ page: '/b/' })]));
    expect([d.page, d.pages]).toEqual(['/b/', ['/b/', '/a/']]);
  });

  it('cannot match a URL it cannot parse to a path', () => {
    expect(only(browser([seen({ url: 'not a url' })])).matchPath).toBeNull();
  });
});

function stat(profile: Partial<ResponseProfile>, extra: Partial<StatEntry> = {}): StatEntry {
  const responses: ResponseProfile = {
    contentType: 'application/json', encodings: {}, cacheControl: null, expires: null, etag: false, lastModified: false,
    vary: null, maxAge: null, xCache: {}, statuses: { '200': 1 }, ...profile,
  };
  return { type: 'GET', method: 'GET', name: '/api/x/', count: 10, failures: 0, responses, ...extra } as StatEntry;
}

const protocol = (s: StatEntry, context: RowContext = ctx): Draft => only(protocolDrafts([s], context));

describe('protocol drafts', () => {
  it('reads a revalidated route: gzip bodies, 304s without a body, the repeat counted by the users', () => {
    const d = protocol(stat({
      contentType: 'application/json; charset=utf-8', cacheControl: 'no-cache', etag: true, vary: 'accept-encoding', maxAge: 30, xCache: { HIT: 2 },
      encodings: { gzip: { count: 5, wireBytes: 5000, decodedBytes: 20_000 }, identity: { count: 5, wireBytes: 0, decodedBytes: 0 } },
      statuses: { '200': 5, '304': 5 }, conditionalRequests: 5,
    }, { name: '/api/search/?q=x' }), { ...ctx, revalidate: true });
    const headers = { cacheControl: 'no-cache', expires: null, etag: true, lastModified: false, age: 30, vary: 'accept-encoding', xCache: { HIT: 2 } };
    expect(d).toStrictEqual({
      url: '/api/search/?q=x', source: 'protocol', method: 'GET', contentType: 'application/json', status: 200, encoding: 'gzip',
      encodings: { gzip: 5, identity: 5 }, wireBytes: 1000, decodedBytes: 4000, count: 10, notModified: 5, headers,
      cache: 'revalidated', promisedCache: 'revalidated',
      sample: { side: 'protocol', contentType: 'application/json', encoding: 'gzip', wireBytes: 1000, decodedBytes: 4000, ownEncodedRatio: null },
      cacheSubject: {
        kind: 'api', source: 'protocol', method: 'GET', status: 200, headers, cache: 'revalidated', promised: null,
        revalidationRequested: true, exactRepeats: false, calls: 10, notModified: 5,
      },
      matchPath: '/api/search/',
      sampleCount: 5,
      lastModifiedAt: null,
    });
  });

  it('judges the uncompressed bodies of a route that sometimes forgets, and keeps the encoded ones beside them', () => {
    const d = protocol(stat({
      lastModified: true,
      encodings: { gzip: { count: 6, wireBytes: 7800, decodedBytes: 36_000 }, identity: { count: 4, wireBytes: 24_000, decodedBytes: 24_000 } },
      statuses: { '200': 10 },
    }), { ...ctx, exactRepeats: true });
    expect(d.sample).toEqual({ side: 'protocol', contentType: 'application/json', encoding: 'identity', wireBytes: 6000, decodedBytes: 6000, ownEncodedRatio: 7800 / 36_000 });
    expect(d.encodedSample).toEqual({ side: 'protocol', contentType: 'application/json', encoding: 'gzip', wireBytes: 1300, decodedBytes: 6000 });
    expect([d.encoding, d.wireBytes, d.decodedBytes, d.sampleCount]).toEqual(['gzip', 3180, 6000, 4]);
    expect([d.cache, d.promisedCache, d.notModified, d.cacheSubject.exactRepeats]).toEqual(['not-repeated', null, 0, true]);
  });

  it('reads a route that never compresses: no encoded sample, no ratio of its own', () => {
    const d = protocol(stat({ encodings: { identity: { count: 10, wireBytes: 5000, decodedBytes: 5000 } } }));
    expect(d.sample).toEqual({ side: 'protocol', contentType: 'application/json', encoding: 'identity', wireBytes: 500, decodedBytes: 500, ownEncodedRatio: null });
    expect(d.encodedSample).toBeUndefined();
    expect([d.encoding, d.encodings]).toEqual(['identity', { identity: 10 }]);
  });

  it.each([
    [5, 'identity'],
    [4, 'br'],
  ])('calls a route with %i uncompressed bodies against 5 encoded %s', (identityCount, encoding) => {
    const d = protocol(stat({
      encodings: { BR: { count: 5, wireBytes: 500, decodedBytes: 1000 }, identity: { count: identityCount, wireBytes: 1000, decodedBytes: 1000 } },
    }));
    expect(d.encoding).toBe(encoding);
    expect(d.encodings).toEqual({ br: 5, identity: identityCount });
  });

  it('names the encoding of encoded bodies by the most responses, gzip when none was named', () => {
    const mixed = protocol(stat({
      encodings: { br: { count: 2, wireBytes: 20, decodedBytes: 90 }, deflate: { count: 1, wireBytes: 30, decodedBytes: 90 }, 'X-GZIP': { count: 2, wireBytes: 20, decodedBytes: 90 } },
    }));
    expect(mixed.encoding).toBe('br');
    const unnamed = protocol(stat({ encodings: { zstd: { count: 0, wireBytes: 0, decodedBytes: 0 } } }));
    expect(unnamed.sample.encoding).toBe('zstd');
    const none = protocol(stat({ encodings: {}, statuses: { '304': 4 } }));
    expect([none.sample.encoding, none.encoding, none.status, none.wireBytes]).toEqual(['gzip', 'identity', 304, 0]);
  });

  it('counts neither 304s nor 204s as bodies, but keeps one body when bodies were seen', () => {
    const withNoContent = protocol(stat({ encodings: { identity: { count: 4, wireBytes: 400, decodedBytes: 400 } }, statuses: { '200': 2, '204': 2 } }));
    expect([withNoContent.sample.wireBytes, withNoContent.sampleCount]).toEqual([200, 2]);
    const mostly304 = protocol(stat({ encodings: { identity: { count: 3, wireBytes: 300, decodedBytes: 300 } }, statuses: { '200': 1, '304': 3 } }));
    expect([mostly304.sample.wireBytes, mostly304.sampleCount, mostly304.notModified]).toEqual([300, 1, 3]);
  });

  it.each([
    [1, 'not-repeated'],
    [2, 'refetched'],
  ])('counts a route called %i times under --revalidate as %s when its summary has no count of conditional GETs', (count, cache) => {
    expect(protocol(stat({ etag: true }, { count }), { ...ctx, revalidate: true }).cache).toBe(cache);
  });

  it("trusts the users' count of conditional GETs when there is one", () => {
    expect(protocol(stat({ conditionalRequests: 0 }), { ...ctx, revalidate: true }).cache).toBe('not-repeated');
    expect(protocol(stat({ conditionalRequests: 3 })).cache).toBe('refetched');
  });

  it('promises a repeat only for GETs under --revalidate, by the validators the route sent', () => {
    const revalidate = { ...ctx, revalidate: true };
    expect(protocol(stat({}), revalidate).promisedCache).toBe('refetched');
    expect(protocol(stat({ lastModified: true }), revalidate).promisedCache).toBe('revalidated');
    expect(protocol(stat({ etag: true }), revalidate).promisedCache).toBe('revalidated');
    const post = protocol(stat({ etag: true, statuses: { '200': 3, '304': 1 } }, { method: 'POST', type: 'POST' }), revalidate);
    expect([post.cache, post.promisedCache]).toEqual(['not-repeated', null]);
  });

  it('takes the most frequent status besides 304, the first of a tie, none when nothing answered', () => {
    expect(protocol(stat({ statuses: { '200': 3, '201': 3, '304': 9 } })).status).toBe(200);
    expect(protocol(stat({ statuses: { '200': 1, '201': 3 } })).status).toBe(201);
    expect(protocol(stat({ statuses: {} })).status).toBeNull();
  });

  it('lists a route that only answered errors, past the requests that got no answer', () => {
    expect(protocol(stat({ statuses: { '0': 5, '503': 1 } })).notAudited).toEqual({ code: 'http-error', status: 503 });
    expect(protocol(stat({ statuses: { '200': 0, '404': 2 } })).notAudited).toEqual({ code: 'http-error', status: 404 });
    expect(protocol(stat({ statuses: { '0': 5 } })).notAudited).toBeUndefined();
    expect(protocol(stat({ statuses: { '404': 1, '302': 1 } })).notAudited).toBeUndefined();
  });

  it.each([
    ['/api/x/?page=2', '/api/x/'],
    ['/api/journal-entries/[id]/', null],
    ['/api/{id}/', null],
    ['/api/<id>/', null],
    ['/a b', null],
    ['login', null],
  ])('matches the route %s to the path %s', (name, matchPath) => {
    expect(protocol(stat({}, { name })).matchPath).toBe(matchPath);
  });

  it("skips the browser's page rows and rows without a response profile", () => {
    expect(protocolDrafts([stat({}, { type: 'PAGE' }), { ...stat({}), responses: undefined }], ctx)).toEqual([]);
  });

  it('copies the X-Cache tally, so the row does not share the summary object', () => {
    const s = stat({ xCache: { HIT: 1 } });
    const d = protocol(s);
    expect(d.headers.xCache).toEqual({ HIT: 1 });
    expect(d.headers.xCache).not.toBe(s.responses!.xCache);
  });
});

describe("a browser URL's Age", () => {
  it.each([
    ['12', 12],
    ['0', 0],
    ['-5', null],
    ['1.5', null],
    ['', null],
    ['soon', null],
  ])('reads %j as %j', (age, seconds) => {
    expect(only(browser([seen({ headers: { age } })])).headers.age).toBe(seconds);
  });
});

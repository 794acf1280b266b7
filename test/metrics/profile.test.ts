/** The response profile a name is audited from: which header values win, the caps, Age, conditional GETs, and the merge. */
import { describe, expect, it } from 'vitest';
import { mergeProfiles, ProfileBuilder } from '../../src/metrics/profile.js';
import type { ResponseHeaderView } from '../../src/metrics/types.js';

function built(observations: [ResponseHeaderView, number, number?][], statuses: Record<string, number> = {}) {
  const b = new ProfileBuilder();
  for (const [headers, status, latencyUs] of observations) b.observe(headers, status, 10, 30, latencyUs);
  return b.build(statuses);
}

describe('the header values a name answered with', () => {
  it('keeps the latest of successful responses, over any error page’s', () => {
    const p = built([
      [{ contentType: 'text/html', cacheControl: 'no-store', expires: 'e1', vary: 'Cookie' }, 500],
      [{ contentType: 'application/json', cacheControl: 'max-age=60', expires: 'e2', vary: 'Accept' }, 200],
      [{ contentType: 'text/plain', cacheControl: 'private', expires: 'e3', vary: 'Origin' }, 404],
      [{ contentType: 'application/xml', cacheControl: 'max-age=5', expires: 'e4', vary: 'X' }, 399],
    ]);
    expect(p).toMatchObject({ contentType: 'application/xml', cacheControl: 'max-age=5', expires: 'e4', vary: 'X' });
  });

  it('takes an error page’s values when nothing else answered, and a status 0 is no success', () => {
    expect(built([[{ contentType: 'text/html', cacheControl: 'no-store', expires: 'e', vary: 'V' }, 0], [{ contentType: 'text/plain', cacheControl: 'x', expires: 'f', vary: 'W' }, 400]]))
      .toMatchObject({ contentType: 'text/html', cacheControl: 'no-store', expires: 'e', vary: 'V' });
    expect(built([[{}, 200]])).toMatchObject({ contentType: null, cacheControl: null, expires: null, vary: null, etag: false, lastModified: false, maxAge: null });
  });

  it('counts neither a status 0 nor a 400 as a success: neither replaces the value of a response before it', () => {
    const values = (v: string): ResponseHeaderView => ({ contentType: v, cacheControl: v, expires: v, vary: v });
    expect(built([[values('error'), 400], [values('none'), 0]])).toMatchObject(values('error'));
    expect(built([[values('ok'), 200], [values('error'), 400]])).toMatchObject(values('ok'));
    expect(built([[values('first'), 500], [values('second'), 503]])).toMatchObject(values('first'));
  });

  it('notes ETag and Last-Modified once seen', () => {
    expect(built([[{ etag: '"x"' }, 200], [{}, 200]])).toMatchObject({ etag: true, lastModified: false });
    expect(built([[{ lastModified: 'Mon' }, 500]])).toMatchObject({ etag: false, lastModified: true });
  });

  it('keeps the largest Age, reading each new value, ignoring negative and unreadable ones', () => {
    expect(built([[{ age: '10' }, 200], [{ age: '42' }, 200], [{ age: '7' }, 200]]).maxAge).toBe(42);
    expect(built([[{ age: '0' }, 200]]).maxAge).toBe(0);
    expect(built([[{ age: '-5' }, 200], [{ age: 'soon' }, 200]]).maxAge).toBeNull();
    // RFC 9111's delta-seconds are digits only: what Number() would also take is not an Age.
    expect(built([[{ age: '' }, 200], [{ age: '1.5' }, 200], [{ age: ' 7' }, 200], [{ age: '0x10' }, 200], [{ age: '1e3' }, 200]]).maxAge).toBeNull();
    expect(built([[{ age: '12' }, 200], [{ age: '99.5' }, 200]]).maxAge).toBe(12);
    // A value repeated after another is read again.
    expect(built([[{ age: '3' }, 200], [{ age: '1' }, 200], [{ age: '3' }, 200]]).maxAge).toBe(3);
  });

  it('counts conditional requests and the 304s among them, and says nothing without any', () => {
    const p = built([[{ conditionalRequest: true }, 304], [{ conditionalRequest: true }, 200], [{ conditionalRequest: false }, 304]]);
    expect(p).toMatchObject({ conditionalRequests: 2, conditionalNotModified: 1 });
    expect(built([[{}, 304]])).not.toHaveProperty('conditionalRequests');
    expect(built([[{ conditionalRequest: true }, 200], [{ conditionalRequest: true }, 200], [{ conditionalRequest: true }, 304]])).toMatchObject({ conditionalRequests: 3, conditionalNotModified: 1 });
  });

  it('counts bytes per encoding, identity when none, 20 distinct then (other)', () => {
    const b = new ProfileBuilder();
    for (let i = 0; i < 22; i++) b.observe({ contentEncoding: i === 0 ? undefined : `enc${i}` }, 200, i, 2 * i);
    b.observe({ contentEncoding: 'enc1' }, 200, 100, 100);
    const { encodings } = b.build({});
    expect(Object.keys(encodings)).toHaveLength(21);
    expect(encodings.identity).toEqual({ count: 1, wireBytes: 0, decodedBytes: 0 });
    expect(encodings.enc1).toEqual({ count: 2, wireBytes: 101, decodedBytes: 102 });
    expect(encodings['(other)']).toEqual({ count: 2, wireBytes: 41, decodedBytes: 82 });
    expect(encodings.enc19).toEqual({ count: 1, wireBytes: 19, decodedBytes: 38 });
  });

  it('counts X-Cache values, 20 distinct then (other), with a latency histogram per value when latencies are known', () => {
    const b = new ProfileBuilder();
    for (let i = 0; i < 21; i++) b.observe({ xCache: `v${i}` }, 200, 0, 0, 1000);
    b.observe({ xCache: 'v0' }, 200, 0, 0, -1);
    b.observe({ xCache: 'late' }, 200, 0, 0, 3000);
    const p = b.build({ '200': 23 });
    expect(Object.keys(p.xCache)).toHaveLength(21);
    expect(p.xCache.v0).toBe(2);
    expect(p.xCache['(other)']).toBe(2);
    expect(p.xCacheLatency?.v0.latency.count).toBe(1);
    expect(p.xCacheLatency?.['(other)'].latency.count).toBe(2);
    expect(p.statuses).toEqual({ '200': 23 });
    expect(built([[{ xCache: 'HIT' }, 200, -1]])).not.toHaveProperty('xCacheLatency');
    expect(built([[{ xCache: 'HIT' }, 200, 0]]).xCacheLatency?.HIT.latency.count).toBe(1);
  });

  it('gives a copy of its counts: a later response does not change a built profile', () => {
    const b = new ProfileBuilder();
    b.observe({}, 200, 1, 1);
    const p = b.build({});
    b.observe({}, 200, 1, 1);
    expect(p.encodings.identity.count).toBe(1);
  });
});

describe('merged profiles', () => {
  it('merge nothing into nothing', () => {
    expect(mergeProfiles([])).toBeUndefined();
  });

  it('add counts, OR the flags, keep the largest Age and the first header values given', () => {
    const a = built([[{ contentEncoding: 'gzip', xCache: 'HIT', age: '5', conditionalRequest: true }, 304, 1000]], { '304': 1 });
    const b = built([[{ contentType: 'text/css', cacheControl: 'max-age=9', expires: 'x', vary: 'Accept', etag: '"e"', lastModified: 'l', contentEncoding: 'gzip', xCache: 'HIT', age: '9' }, 200, 2000]], { '200': 1 });
    const c = built([[{ contentType: 'text/plain', cacheControl: 'no-store', expires: 'y', vary: 'Cookie', age: '2', xCache: 'MISS', conditionalRequest: true }, 200]], { '200': 2 });
    const m = mergeProfiles([a, b, c])!;
    expect(m).toMatchObject({
      contentType: 'text/css', cacheControl: 'max-age=9', expires: 'x', vary: 'Accept', etag: true, lastModified: true, maxAge: 9,
      encodings: { gzip: { count: 2, wireBytes: 20, decodedBytes: 60 }, identity: { count: 1, wireBytes: 10, decodedBytes: 30 } },
      xCache: { HIT: 2, MISS: 1 }, statuses: { '304': 1, '200': 3 }, conditionalRequests: 2, conditionalNotModified: 1,
    });
    expect(m.xCacheLatency?.HIT.latency.count).toBe(2);
    expect(m.xCacheLatency).not.toHaveProperty('MISS');
  });

  it('keep no conditional counts or latencies none had, and a null Age when none was read', () => {
    const m = mergeProfiles([built([[{}, 200]]), built([[{ age: 'x' }, 200]])])!;
    expect(m).not.toHaveProperty('conditionalRequests');
    expect(m).not.toHaveProperty('xCacheLatency');
    expect(m.maxAge).toBeNull();
    expect([m.etag, m.lastModified]).toEqual([false, false]);
    expect(mergeProfiles([built([[{ age: '4' }, 200]]), built([[{}, 200]])])!.maxAge).toBe(4);
    expect(mergeProfiles([{ ...built([[{ conditionalRequest: true }, 304]]), conditionalNotModified: undefined }])).toMatchObject({ conditionalRequests: 1, conditionalNotModified: 0 });
  });
});

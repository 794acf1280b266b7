/**
 * Cache lifetimes by Lighthouse's uses-long-cache-ttl rule as pure functions: the hit curve, the
 * lifetime a response's headers give, what the rule leaves alone, and the finding it lists.
 * (The demo target's audits against a separate implementation: cache-lifetime.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { cacheHitProbability, cacheLifetime, directives, isFingerprinted, lifetimeFinding, type LifetimeSubject } from '../../src/audit/cache-lifetime.js';
import type { NoCacheLifetimeFinding, ShortCacheLifetimeFinding } from '../../src/schema/audit.js';

const HOUR = 3600;
const NOW = Date.parse('2026-06-01T00:00:00Z');

function subject(over: Partial<LifetimeSubject> & { cacheControl?: string | null; expires?: string | null; lastModified?: string | null }): LifetimeSubject {
  return {
    url: 'http://t/static/app.css', resourceType: 'stylesheet', status: 200, sharedCache: false, wireBytes: 10_000, now: NOW,
    headers: { cacheControl: over.cacheControl ?? null, expires: over.expires ?? null, lastModified: over.lastModified ?? null },
    ...over,
  };
}

describe("Lighthouse's cache-hit curve", () => {
  it('reads the decile points: 1 h is the 20th percentile, 12 h the 50th, a day the 60th, a week the 90th', () => {
    expect(cacheHitProbability(0)).toBe(0);
    expect(cacheHitProbability(HOUR)).toBeCloseTo(0.2, 10);
    expect(cacheHitProbability(12 * HOUR)).toBeCloseTo(0.5, 10);
    expect(cacheHitProbability(24 * HOUR)).toBeCloseTo(0.6, 10);
    expect(cacheHitProbability(168 * HOUR)).toBeCloseTo(0.9, 10);
    expect(cacheHitProbability(8760 * HOUR)).toBeCloseTo(1, 10);
    expect(cacheHitProbability(10 * 8760 * HOUR)).toBe(1);
  });

  it('interpolates between the points: 2 h lies halfway from the 20th to the 30th percentile', () => {
    expect(cacheHitProbability(2 * HOUR)).toBeCloseTo(0.25, 10);
  });

  it('lists a lifetime up to 0.925 (about 96 days) and not one above', () => {
    const edgeHours = 168 + 0.25 * (8760 - 168);
    expect(lifetimeFinding(cacheLifetime(subject({ cacheControl: `max-age=${Math.floor(edgeHours * HOUR) - 60}` }))!, 10_000)?.code).toBe('short-cache-lifetime');
    expect(lifetimeFinding(cacheLifetime(subject({ cacheControl: `max-age=${Math.ceil(edgeHours * HOUR) + 60}` }))!, 10_000)).toBeNull();
  });
});

describe('cacheLifetime', () => {
  it('takes max-age before Expires, and Expires as seconds from now', () => {
    expect(cacheLifetime(subject({ cacheControl: 'public, max-age=600', expires: new Date(NOW + 86_400_000).toUTCString() }))).toMatchObject({ source: 'max-age', seconds: 600 });
    expect(cacheLifetime(subject({ expires: new Date(NOW + 3_600_000).toUTCString() }))).toMatchObject({ source: 'expires', seconds: 3600 });
  });

  it('takes s-maxage only where a shared cache answered', () => {
    const cc = 'max-age=60, s-maxage=86400';
    expect(cacheLifetime(subject({ cacheControl: cc }))).toMatchObject({ source: 'max-age', seconds: 60 });
    expect(cacheLifetime(subject({ cacheControl: cc, sharedCache: true }))).toMatchObject({ source: 's-maxage', seconds: 86_400 });
  });

  it('leaves alone what asks to be revalidated or kept private, zero lifetimes, non-static types and errors', () => {
    for (const cc of ['no-cache', 'no-store', 'must-revalidate, max-age=60', 'max-age=60, stale-while-revalidate=30', 'private, max-age=60', 'max-age=0']) {
      expect(cacheLifetime(subject({ cacheControl: cc })), cc).toBeNull();
    }
    expect(cacheLifetime(subject({ expires: new Date(NOW - 1000).toUTCString() }))).toBeNull();
    expect(cacheLifetime(subject({ resourceType: 'fetch' }))).toBeNull();
    expect(cacheLifetime(subject({ resourceType: 'document' }))).toBeNull();
    expect(cacheLifetime(subject({ status: 404 }))).toBeNull();
  });

  it('gives an asset without a lifetime the heuristic 10 % of its age since Last-Modified', () => {
    const life = cacheLifetime(subject({ lastModified: new Date(NOW - 10 * 86_400_000).toUTCString() }))!;
    expect(life).toMatchObject({ source: 'none', seconds: null, heuristicSeconds: 86_400, hitProbability: 0 });
    const finding = lifetimeFinding(life, 10_000) as NoCacheLifetimeFinding;
    expect(finding).toEqual({ code: 'no-cache-lifetime', heuristicS: 86_400, wastedBytes: 10_000, fingerprinted: false });
    expect((lifetimeFinding(cacheLifetime(subject({}))!, 10_000) as NoCacheLifetimeFinding).heuristicS).toBeNull();
  });

  it('notes immutable and fingerprinted names, and wastes (1 − probability) of the wire bytes', () => {
    const life = cacheLifetime(subject({ url: 'http://t/static/app.3f2a9c1e.css', cacheControl: 'max-age=3600, immutable' }))!;
    const finding = lifetimeFinding(life, 10_000) as ShortCacheLifetimeFinding;
    expect(finding).toEqual({ code: 'short-cache-lifetime', lifetimeS: 3600, source: 'max-age', hitProbability: 0.2, wastedBytes: 8000, immutable: true, fingerprinted: true });
    expect(isFingerprinted('http://t/static/main-5UJ3VQ2K.js?v=1')).toBe(true);
    expect(isFingerprinted('http://t/static/vendor.js')).toBe(false);
    expect(isFingerprinted('http://t/static/jquery-datepicker.js')).toBe(false);
  });
});

describe('the curve at its edges', () => {
  it('gives 0 at or below no time, and 1 from a year on', () => {
    expect(cacheHitProbability(-60)).toBe(0);
    expect(cacheHitProbability(8760 * HOUR + 1)).toBe(1);
  });

  it('interpolates in the first span too: 6 minutes is half of 0.2 h, the 5th percentile', () => {
    expect(cacheHitProbability(360)).toBeCloseTo(0.05, 10);
    expect(cacheHitProbability(100 * 60)).toBeCloseTo(0.2 + 0.1 / 3, 10);
  });

  it('lists a lifetime whose probability is exactly 0.925', () => {
    const life = cacheLifetime(subject({ cacheControl: `max-age=${2316 * HOUR}` }))!;
    expect(cacheHitProbability(2316 * HOUR)).toBe(0.925);
    expect(lifetimeFinding(life, 10_000)).toMatchObject({ code: 'short-cache-lifetime', hitProbability: 0.925, wastedBytes: 750 });
  });

  it('rounds the probability to three decimals in the lifetime, and the wasted bytes to whole bytes', () => {
    const life = cacheLifetime(subject({ cacheControl: 'max-age=6000' }))!;
    expect(life.hitProbability).toBe(0.233);
    expect(lifetimeFinding(life, 1000)).toMatchObject({ wastedBytes: 767 });
  });
});

describe('Cache-Control directives', () => {
  it('reads names in any case, bare directives as true, quoted arguments unquoted, and skips empty parts', () => {
    expect([...directives(' Max-Age="60" ,, IMMUTABLE,s-maxage = 5')]).toEqual([['max-age', '60'], ['immutable', true], ['s-maxage', '5']]);
    expect(directives('x="a"b"').get('x')).toBe('a"b');
    expect(directives(null).size).toBe(0);
    expect(directives(undefined).size).toBe(0);
  });
});

describe('the lifetime a response gives', () => {
  it('judges the cacheable statuses 200, 203 and 206 of every static type', () => {
    for (const status of [200, 203, 206]) expect(cacheLifetime(subject({ status, cacheControl: 'max-age=60' }))?.seconds, String(status)).toBe(60);
    for (const resourceType of ['script', 'image', 'font', 'media']) expect(cacheLifetime(subject({ resourceType, cacheControl: 'max-age=60' }))?.seconds, resourceType).toBe(60);
    for (const status of [null, 204, 304]) expect(cacheLifetime(subject({ status, cacheControl: 'max-age=60' })), String(status)).toBeNull();
    expect(cacheLifetime(subject({ resourceType: undefined, cacheControl: 'max-age=60' }))).toBeNull();
  });

  it('falls back to max-age when s-maxage is absent or not a number, and to Expires when max-age is not a number', () => {
    expect(cacheLifetime(subject({ cacheControl: 'max-age=60', sharedCache: true }))).toMatchObject({ source: 'max-age', seconds: 60 });
    expect(cacheLifetime(subject({ cacheControl: 'max-age=60, s-maxage', sharedCache: true }))).toMatchObject({ source: 'max-age', seconds: 60 });
    expect(cacheLifetime(subject({ cacheControl: 'max-age=60, s-maxage=soon', sharedCache: true }))).toMatchObject({ source: 'max-age', seconds: 60 });
    const expires = new Date(NOW + 7200_000).toUTCString();
    expect(cacheLifetime(subject({ cacheControl: 'max-age=later', expires }))).toMatchObject({ source: 'expires', seconds: 7200 });
  });

  it('rounds Expires up to whole seconds, and leaves an Expires that does not parse alone', () => {
    expect(cacheLifetime(subject({ expires: new Date(NOW + 1500).toUTCString() }))?.seconds).toBe(1);
    const subjectAt = subject({ expires: 'Mon, 01 Jun 2026 00:00:10 GMT', now: NOW + 500 });
    expect(cacheLifetime(subjectAt)?.seconds).toBe(10);
    expect(cacheLifetime(subject({ expires: 'soon' }))).toBeNull();
  });

  it('gives no heuristic lifetime where there is an explicit one, where Last-Modified does not parse, and none below 0', () => {
    const modified = new Date(NOW - 10 * 86_400_000).toUTCString();
    expect(cacheLifetime(subject({ cacheControl: 'max-age=60', lastModified: modified }))?.heuristicSeconds).toBeNull();
    expect(cacheLifetime(subject({ lastModified: 'yesterday' }))?.heuristicSeconds).toBeNull();
    expect(cacheLifetime(subject({ lastModified: new Date(NOW + 86_400_000).toUTCString() }))?.heuristicSeconds).toBe(0);
    expect(cacheLifetime(subject({ lastModified: new Date(NOW - 15_000).toUTCString() }))?.heuristicSeconds).toBe(2);
  });

  it('says immutable and fingerprinted are false when they are not', () => {
    expect(cacheLifetime(subject({ cacheControl: 'max-age=60' }))).toMatchObject({ immutable: false, fingerprinted: false });
  });
});

describe('a fingerprinted name', () => {
  it('has a hash of 8 or more letters and digits, both, after . - or _, before the extension', () => {
    expect(['app_3f2a9c1e.js', 'http://t/a/app.3f2a9c1e.css#x', 'main-ABCD1234.js', 'app.3f2a9c1e9b.min'].map(isFingerprinted)).toEqual([true, true, true, true]);
    expect(['app.12345678.js', 'app.abcdefgh.js', 'app.3f2a9c1.js', 'app3f2a9c1e.js', 'app.3f2a9c1e', 'app.3f2a9c1e.js/', 'app.3f2a9c1e.js.map'].map(isFingerprinted)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('the finding', () => {
  it('is no-cache-lifetime for a lifetime of unknown seconds, whatever its source says', () => {
    const f = lifetimeFinding({ source: 'max-age', seconds: null, heuristicSeconds: null, hitProbability: 0, immutable: false, fingerprinted: true }, 400);
    expect(f).toEqual({ code: 'no-cache-lifetime', heuristicS: null, wastedBytes: 400, fingerprinted: true });
  });
});

/**
 * Cache lifetimes of static assets by Lighthouse's `uses-long-cache-ttl` rule
 * (GoogleChrome/lighthouse, core/audits/byte-efficiency/uses-long-cache-ttl.js): the lifetime is
 * max-age, else Expires, else none; a repeat visit's cache-hit probability comes from Chrome's
 * distribution of resource ages at revalidation (deciles, in hours), interpolated linearly; an
 * asset at or under 0.925 is listed, with (1 − probability) × its size as the bytes wasted.
 * Responses that ask to be revalidated or kept private (no-cache, no-store, must-revalidate,
 * stale-while-revalidate, private), and explicit lifetimes of zero or less, are left alone, as
 * Lighthouse leaves them. Two additions of ours: s-maxage counts where a shared cache answered
 * (Age, X-Cache), and an asset without any lifetime is told apart (`no-cache-lifetime`, with the
 * heuristic lifetime browsers give it from Last-Modified, RFC 9111 4.2.2).
 */
import type { CacheLifetime, LifetimeSource, NoCacheLifetimeFinding, ShortCacheLifetimeFinding } from '../schema/audit.js';

/** Age of a resource (hours) at a cache hit, at the 0th, 10th, … 100th percentile, and beyond. */
const AGE_DECILES_H = [0, 0.2, 1, 3, 8, 12, 24, 48, 72, 168, 8760, Infinity];
/** Listed when the hit probability is not above this. */
export const LIFETIME_THRESHOLD = 0.925;
/** Heuristic freshness: this share of the time since Last-Modified (RFC 9111 4.2.2's suggestion). */
export const HEURISTIC_SHARE = 0.1;

const STATIC_TYPES = new Set(['script', 'stylesheet', 'image', 'font', 'media']);
const CACHEABLE_STATUSES = new Set([200, 203, 206]);
const SKIPPING_DIRECTIVES = ['no-cache', 'no-store', 'must-revalidate', 'stale-while-revalidate', 'private'];

/** The probability that a repeat visit comes within `seconds` of the first (Lighthouse's curve). */
export function cacheHitProbability(seconds: number): number {
  const hours = seconds / 3600;
  // Stryker disable next-line EqualityOperator: the curve is continuous, so a decile point reads the same from either side
  const upper = AGE_DECILES_H.findIndex((decile) => decile >= hours);
  // Stryker disable next-line ConditionalExpression,ArithmeticOperator: beyond a year the span to Infinity interpolates to 1 all the same
  if (upper === AGE_DECILES_H.length - 1) return 1;
  if (upper <= 0) return 0;
  const [x0, x1] = [AGE_DECILES_H[upper - 1], AGE_DECILES_H[upper]];
  const [y0, y1] = [(upper - 1) / 10, upper / 10];
  return y0 + ((hours - x0) * (y1 - y0)) / (x1 - x0);
}

/** Cache-Control directives by lower-case name: the argument, or true for a bare directive. */
export function directives(value: string | null | undefined): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const part of (value ?? '').split(',')) {
    const [name, arg] = part.split('=', 2).map((s) => s.trim());
    if (name) out.set(name.toLowerCase(), arg === undefined ? true : arg.replace(/^"|"$/g, ''));
  }
  return out;
}

/** A content hash in the file name: app.3f2a9c1e.js, main-5UJ3VQ2K.css. */
export function isFingerprinted(url: string): boolean {
  // Stryker disable next-line StringLiteral: split gives at least one piece, so pop() never falls back
  const file = url.split(/[?#]/)[0].split('/').pop() ?? '';
  const hash = /[.\-_]([A-Za-z0-9]{8,})\.[A-Za-z0-9]+$/.exec(file);
  return hash !== null && /\d/.test(hash[1]) && /[A-Za-z]/.test(hash[1]);
}

export interface LifetimeSubject {
  url: string;
  resourceType: string | undefined;
  status: number | null;
  headers: { cacheControl: string | null; expires: string | null; lastModified: string | null };
  /** A shared cache answered (Age, X-Cache): s-maxage is the lifetime it keeps. */
  sharedCache: boolean;
  /** Wire bytes per load: what a repeat visit downloads again. */
  wireBytes: number;
  now: number;
}

function seconds(arg: string | true | undefined): number | null {
  if (typeof arg !== 'string') return null;
  const n = Number(arg);
  return Number.isFinite(n) ? n : null;
}

function explicitLifetime(s: LifetimeSubject, cc: Map<string, string | true>): { source: LifetimeSource; seconds: number | null } {
  const shared = s.sharedCache ? seconds(cc.get('s-maxage')) : null;
  if (shared !== null) return { source: 's-maxage', seconds: shared };
  const maxAge = seconds(cc.get('max-age'));
  if (maxAge !== null) return { source: 'max-age', seconds: maxAge };
  if (s.headers.expires !== null) {
    const at = Date.parse(s.headers.expires);
    return { source: 'expires', seconds: Number.isFinite(at) ? Math.ceil((at - s.now) / 1000) : 0 };
  }
  return { source: 'none', seconds: null };
}

/** The lifetime Lighthouse's rule reads, or null for a response the rule does not judge. */
export function cacheLifetime(s: LifetimeSubject): CacheLifetime | null {
  if (s.resourceType === undefined || !STATIC_TYPES.has(s.resourceType) || s.status === null || !CACHEABLE_STATUSES.has(s.status)) return null;
  const cc = directives(s.headers.cacheControl);
  if (SKIPPING_DIRECTIVES.some((d) => cc.has(d))) return null;
  const life = explicitLifetime(s, cc);
  if (life.seconds !== null && life.seconds <= 0) return null;
  const modified = s.headers.lastModified === null ? NaN : Date.parse(s.headers.lastModified);
  const heuristicSeconds = life.source === 'none' && Number.isFinite(modified) ? Math.max(0, Math.round((HEURISTIC_SHARE * (s.now - modified)) / 1000)) : null;
  return {
    ...life,
    heuristicSeconds,
    hitProbability: Math.round(cacheHitProbability(life.seconds ?? 0) * 1000) / 1000,
    immutable: cc.has('immutable'),
    fingerprinted: isFingerprinted(s.url),
  };
}

/** The finding for a lifetime at or under the threshold; null when it is long enough. */
export function lifetimeFinding(life: CacheLifetime, wireBytes: number): ShortCacheLifetimeFinding | NoCacheLifetimeFinding | null {
  const probability = cacheHitProbability(life.seconds ?? 0);
  if (probability > LIFETIME_THRESHOLD) return null;
  const wastedBytes = Math.round((1 - probability) * wireBytes);
  if (life.source === 'none' || life.seconds === null) return { code: 'no-cache-lifetime', heuristicS: life.heuristicSeconds, wastedBytes, fingerprinted: life.fingerprinted };
  return {
    code: 'short-cache-lifetime', lifetimeS: life.seconds, source: life.source, hitProbability: life.hitProbability,
    wastedBytes, immutable: life.immutable, fingerprinted: life.fingerprinted,
  };
}

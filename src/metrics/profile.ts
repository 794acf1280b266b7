/**
 * Which response headers a name answered with (the audit's input), built from every response
 * without allocating when headers repeat, and merged across recorders.
 */
import type { ResponseProfile } from '../schema/summary.js';
import { decodeHistogram, encodeHistogram, Histogram, newLatencyHistogram, summarize } from '../hdr/histogram.js';
import type { ResponseHeaderView } from './types.js';

/** An Age value as RFC 9111 allows it (delta-seconds). */
const DELTA_SECONDS = /^\d+$/;

/** Distinct Content-Encoding / X-Cache values kept per name; more are counted under "(other)". */
const MAX_DISTINCT_VALUES = 20;
const OTHER = '(other)';

interface EncodingCount {
  count: number;
  wireBytes: number;
  decodedBytes: number;
}

export class ProfileBuilder {
  private contentType: string | null = null;
  private cacheControl: string | null = null;
  private expires: string | null = null;
  private vary: string | null = null;
  private etag = false;
  private lastModified = false;
  private maxAge: number | null = null;
  private lastAgeHeader: string | undefined;
  private readonly encodings = new Map<string, EncodingCount>();
  private readonly xCache = new Map<string, number>();
  private readonly xCacheLatency = new Map<string, Histogram>();
  private conditionalRequests = 0;
  private conditionalNotModified = 0;

  /**
   * Header values of successful responses (status < 400) win over those of errors, so an error
   * page's Content-Type does not mask the route's own; among them the latest is kept.
   */
  observe(headers: ResponseHeaderView, status: number, wireBytes: number, decodedBytes: number, latencyUs = -1): void {
    const preferred = status > 0 && status < 400;
    if (headers.contentType !== undefined && (preferred || this.contentType === null)) this.contentType = headers.contentType;
    if (headers.cacheControl !== undefined && (preferred || this.cacheControl === null)) this.cacheControl = headers.cacheControl;
    if (headers.expires !== undefined && (preferred || this.expires === null)) this.expires = headers.expires;
    if (headers.vary !== undefined && (preferred || this.vary === null)) this.vary = headers.vary;
    if (headers.etag !== undefined) this.etag = true;
    if (headers.lastModified !== undefined) this.lastModified = true;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a value read again (or none, NaN) keeps the same maximum; the test saves a Number() per response
    if (headers.age !== undefined && headers.age !== this.lastAgeHeader) {
      this.lastAgeHeader = headers.age;
      // RFC 9111's delta-seconds, digits only, as the audit reads a browser's Age: Number() would
      // take '', '1.5', ' 7' or '0x10'.
      const age = DELTA_SECONDS.test(headers.age) ? Number(headers.age) : -1;
      // Stryker disable next-line EqualityOperator: an Age equal to the maximum leaves it as it is
      if (age >= 0 && (this.maxAge === null || age > this.maxAge)) this.maxAge = age;
    }
    if (headers.conditionalRequest) {
      this.conditionalRequests++;
      if (status === 304) this.conditionalNotModified++;
    }
    const encoding = headers.contentEncoding ?? 'identity';
    let e = this.encodings.get(encoding);
    if (e === undefined) {
      const key = this.encodings.size < MAX_DISTINCT_VALUES ? encoding : OTHER;
      e = this.encodings.get(key);
      if (e === undefined) {
        e = { count: 0, wireBytes: 0, decodedBytes: 0 };
        this.encodings.set(key, e);
      }
    }
    e.count++;
    e.wireBytes += wireBytes;
    e.decodedBytes += decodedBytes;
    if (headers.xCache !== undefined) {
      const seen = this.xCache.get(headers.xCache);
      const key = seen !== undefined || this.xCache.size < MAX_DISTINCT_VALUES ? headers.xCache : OTHER;
      this.xCache.set(key, (this.xCache.get(key) ?? 0) + 1);
      if (latencyUs >= 0) {
        let h = this.xCacheLatency.get(key);
        if (h === undefined) {
          h = newLatencyHistogram();
          this.xCacheLatency.set(key, h);
        }
        h.record(latencyUs);
      }
    }
  }

  /** The profile; `statuses` are the name's status-code counts, kept by the recorder. */
  build(statuses: Record<string, number>): ResponseProfile {
    const encodings: ResponseProfile['encodings'] = {};
    for (const [k, v] of this.encodings) encodings[k] = { ...v };
    return {
      contentType: this.contentType,
      encodings,
      cacheControl: this.cacheControl,
      expires: this.expires,
      etag: this.etag,
      lastModified: this.lastModified,
      vary: this.vary,
      maxAge: this.maxAge,
      xCache: Object.fromEntries(this.xCache),
      ...(this.xCacheLatency.size > 0 ? { xCacheLatency: latencyByValue(this.xCacheLatency) } : {}),
      ...(this.conditionalRequests > 0 ? { conditionalRequests: this.conditionalRequests, conditionalNotModified: this.conditionalNotModified } : {}),
      statuses,
    };
  }
}

function latencyByValue(histograms: Map<string, Histogram>): NonNullable<ResponseProfile['xCacheLatency']> {
  const out: NonNullable<ResponseProfile['xCacheLatency']> = {};
  for (const [value, h] of histograms) out[value] = { latency: summarize(h), histogram: encodeHistogram(h) };
  return out;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Sums profiles: counts add, flags OR, max Age is the max, header values are the first non-null. */
export function mergeProfiles(profiles: ResponseProfile[]): ResponseProfile | undefined {
  if (profiles.length === 0) return undefined;
  const out: ResponseProfile = {
    contentType: null, encodings: {}, cacheControl: null, expires: null, etag: false,
    lastModified: false, vary: null, maxAge: null, xCache: {}, statuses: {},
  };
  let merged: Map<string, Histogram> | undefined;
  for (const p of profiles) {
    out.contentType ??= p.contentType;
    out.cacheControl ??= p.cacheControl;
    out.expires ??= p.expires;
    out.vary ??= p.vary;
    out.etag ||= p.etag;
    out.lastModified ||= p.lastModified;
    // Stryker disable next-line EqualityOperator: an Age equal to the maximum leaves it as it is
    if (p.maxAge !== null && (out.maxAge === null || p.maxAge > out.maxAge)) out.maxAge = p.maxAge;
    for (const [k, v] of Object.entries(p.encodings)) {
      const e = (out.encodings[k] ??= { count: 0, wireBytes: 0, decodedBytes: 0 });
      e.count += v.count;
      e.wireBytes += v.wireBytes;
      e.decodedBytes += v.decodedBytes;
    }
    addCounts(out.xCache, p.xCache);
    addCounts(out.statuses, p.statuses);
    if (p.conditionalRequests !== undefined) {
      out.conditionalRequests = (out.conditionalRequests ?? 0) + p.conditionalRequests;
      out.conditionalNotModified = (out.conditionalNotModified ?? 0) + (p.conditionalNotModified ?? 0);
    }
    for (const [value, part] of Object.entries(p.xCacheLatency ?? {})) {
      const h = (merged ??= new Map()).get(value) ?? newLatencyHistogram();
      h.add(decodeHistogram(part.histogram));
      merged.set(value, h);
    }
  }
  if (merged) out.xCacheLatency = latencyByValue(merged);
  return out;
}

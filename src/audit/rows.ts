/**
 * What the two kinds of client saw, gathered per resource before any verdict: browser
 * observations grouped by URL (cold-view body, warm-view outcome), protocol stat rows read from
 * their ResponseProfile (per-encoding bytes, 304 counts).
 */
import type { BrowserSection, ResourceObservation, StatEntry } from '../schema/summary.js';
import { promisedRepeat, resourceKind, warmOutcome, type CacheSubject } from './caching.js';
import { isCompressing, mediaType, normaliseEncoding, type CompressionSample } from './compression.js';
import type { AuditResource, CacheHeaders, CacheOutcome, NotAudited } from '../schema/audit.js';

/** The row fields known before any verdict. */
type DraftFields = Pick<
  AuditResource,
  | 'url' | 'source' | 'method' | 'page' | 'pages' | 'resourceType' | 'contentType' | 'status' | 'encoding' | 'encodings'
  | 'wireBytes' | 'decodedBytes' | 'count' | 'notModified' | 'headers' | 'cache' | 'promisedCache'
>;

/** One resource before verdicts: the fields of its row, what to judge, and how to match it. */
export interface Draft extends DraftFields {
  /** The sample the compression verdict judges (without the other side's evidence yet). */
  sample: CompressionSample;
  /** Protocol rows with both kinds: the encoded responses, judged when the uncompressed ones are fine. */
  encodedSample?: CompressionSample;
  cacheSubject: CacheSubject;
  /** The path the other kind of client would know it by; null when it cannot be matched. */
  matchPath: string | null;
  /** Responses that travelled the way `sample` describes (savings weight). */
  sampleCount: number;
  /** The Last-Modified value (browser rows), for the heuristic lifetime. */
  lastModifiedAt: string | null;
  /** Every response was a 4xx/5xx: the row is listed, not judged. */
  notAudited?: NotAudited;
}

/** Not audited when every status seen is an HTTP error: an error page is not the content. */
function errorsOnly(statuses: { status: number; count: number }[]): NotAudited | undefined {
  const seen = statuses.filter((s) => s.status > 0 && s.count > 0);
  if (seen.length === 0 || seen.some((s) => s.status < 400)) return undefined;
  return { code: 'http-error', status: mostFrequent(seen.map((s) => ({ value: s.status, count: s.count })))! };
}

export interface RowContext {
  revalidate: boolean;
  exactRepeats: boolean;
  now: number;
}

const mean = (total: number, n: number): number => (n > 0 ? Math.round(total / n) : 0);

function mostFrequent<T>(items: { value: T; count: number }[]): T | undefined {
  const tally = new Map<T, number>();
  for (const { value, count } of items) tally.set(value, (tally.get(value) ?? 0) + count);
  let best: T | undefined;
  let most = -1;
  for (const [value, n] of tally) {
    if (n > most) {
      best = value;
      most = n;
    }
  }
  return best;
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/** An Age header's seconds (RFC 9111: digits only); null when absent or unreadable. */
function ageSeconds(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

function browserHeaders(h: Record<string, string>): CacheHeaders {
  return {
    cacheControl: h['cache-control'] ?? null,
    expires: h.expires ?? null,
    etag: h.etag !== undefined,
    lastModified: h['last-modified'] !== undefined,
    // Age and X-Cache are read over every load of the URL by browserDrafts.
    age: null,
    vary: h.vary ?? null,
    xCache: {},
  };
}

const withNotAudited = (notAudited: NotAudited | undefined): { notAudited?: NotAudited } => (notAudited ? { notAudited } : {});

/** One draft per URL the browser users loaded. */
export function browserDrafts(section: BrowserSection, ctx: RowContext): Draft[] {
  const byUrl = new Map<string, ResourceObservation[]>();
  for (const r of section.resources) {
    const list = byUrl.get(r.url) ?? [];
    list.push(r);
    byUrl.set(r.url, list);
  }
  const drafts: Draft[] = [];
  for (const [url, all] of byUrl) {
    const network = all.filter((r) => r.servedFrom === 'network' && r.status > 0);
    if (all.every((r) => r.status === 0)) continue; // never answered
    // Bodies that crossed the network tell the encoding. Without any (a warm-only run), cache hits
    // keep the original response's headers; a 304 carries no Content-Encoding: no body was seen.
    const hits = all.filter((r) => r.servedFrom === 'memory-cache' || r.servedFrom === 'disk-cache');
    const bodies = network.length > 0 ? network : hits.length > 0 ? hits : all;
    const bodySeen = network.length > 0 || hits.length > 0;
    const okBodies = bodies.filter((r) => r.status < 400);
    const sampleRows = okBodies.length > 0 ? okBodies : bodies;
    const loads = sampleRows.reduce((n, r) => n + r.count, 0);
    const wireBytes = mean(sampleRows.reduce((n, r) => n + r.wireBytes * r.count, 0), loads);
    const decodedBytes = mean(sampleRows.reduce((n, r) => n + r.decodedBytes * r.count, 0), loads);
    const encoding = normaliseEncoding(mostFrequent(sampleRows.map((r) => ({ value: normaliseEncoding(r.encoding), count: r.count }))));
    const main = [...sampleRows].sort((a, b) => b.count - a.count)[0];
    const headers = browserHeaders(main.headers);
    const ages: number[] = [];
    for (const r of all) {
      const x = r.headers['x-cache'];
      if (x !== undefined) headers.xCache[x] = (headers.xCache[x] ?? 0) + r.count;
      const age = ageSeconds(r.headers.age);
      if (age !== null) ages.push(age);
    }
    if (ages.length > 0) headers.age = Math.max(...ages);
    // No warm load: 'not-repeated'.
    const cache = warmOutcome(all.filter((r) => r.view === 'warm'));
    const promised = promisedRepeat(headers, ctx.now);
    const contentType = mediaType(main.contentType ?? main.headers['content-type']);
    const pages = [...new Set(all.map((r) => r.page))];
    const status = mostFrequent(sampleRows.map((r) => ({ value: r.status, count: r.count }))) ?? null;
    drafts.push({
      url, source: 'browser', page: pages[0], pages, resourceType: main.resourceType, contentType, status,
      encoding, wireBytes, decodedBytes, count: all.reduce((n, r) => n + r.count, 0), headers, cache,
      promisedCache: promised.outcome,
      sample: {
        side: 'browser', contentType, resourceType: main.resourceType, encoding, wireBytes, decodedBytes: bodySeen ? decodedBytes : 0,
        overNetworkEncoding: main.headers['x-content-encoding-over-network'] ?? null,
      },
      cacheSubject: { kind: resourceKind(contentType, main.resourceType), source: 'browser', status, headers, cache, promised },
      matchPath: pathOf(url),
      sampleCount: loads,
      lastModifiedAt: main.headers['last-modified'] ?? null,
      ...withNotAudited(errorsOnly(network.map((r) => ({ status: r.status, count: r.count })))),
    });
  }
  return drafts;
}

/** One draft per protocol stat row (PAGE rows are the browser's documents: skipped). */
export function protocolDrafts(stats: StatEntry[], ctx: RowContext): Draft[] {
  const drafts: Draft[] = [];
  for (const s of stats) {
    const p = s.responses;
    if (s.type === 'PAGE' || !p) continue;
    const notModified = p.statuses['304'] ?? 0;
    const bodyless = notModified + (p.statuses['204'] ?? 0);
    let identity = { count: 0, wireBytes: 0, decodedBytes: 0 };
    const encoded = { count: 0, wireBytes: 0, decodedBytes: 0 };
    const encodedCounts: { value: string; count: number }[] = [];
    for (const [name, e] of Object.entries(p.encodings)) {
      if (isCompressing(name)) {
        encoded.count += e.count;
        encoded.wireBytes += e.wireBytes;
        encoded.decodedBytes += e.decodedBytes;
        encodedCounts.push({ value: normaliseEncoding(name), count: e.count });
      } else {
        // 304s and 204s carry no body and no encoding: they are not identity bodies.
        const withBody = e.decodedBytes > 0 ? Math.max(1, e.count - bodyless) : 0;
        identity = { count: identity.count + withBody, wireBytes: identity.wireBytes + e.wireBytes, decodedBytes: identity.decodedBytes + e.decodedBytes };
      }
    }
    const encodedEncoding = mostFrequent(encodedCounts) ?? 'gzip';
    const ownEncodedRatio = encoded.decodedBytes > 0 ? encoded.wireBytes / encoded.decodedBytes : null;
    // Judge the uncompressed responses when there are any (a route that sometimes forgets); the
    // encoded ones otherwise, or when the uncompressed ones are fine (small error bodies).
    const contentType = mediaType(p.contentType);
    const judgeIdentity = identity.count > 0;
    const part = judgeIdentity ? identity : encoded;
    const encodedSample: CompressionSample = {
      side: 'protocol', contentType, encoding: encodedEncoding,
      wireBytes: mean(encoded.wireBytes, encoded.count), decodedBytes: mean(encoded.decodedBytes, encoded.count),
    };
    const bodies = identity.count + encoded.count;
    const headers: CacheHeaders = {
      cacheControl: p.cacheControl, expires: p.expires, etag: p.etag, lastModified: p.lastModified,
      age: p.maxAge, vary: p.vary, xCache: { ...p.xCache },
    };
    const isGet = s.method === 'GET';
    // Repeated means a conditional GET of a URL fetched before: counted by the users that sent it
    // (summaries before that count existed fall back to "asked to revalidate and called twice").
    const conditional = p.conditionalRequests ?? (ctx.revalidate && s.count >= 2 ? 1 : 0);
    const cache: CacheOutcome = !isGet ? 'not-repeated' : notModified > 0 ? 'revalidated' : conditional > 0 ? 'refetched' : 'not-repeated';
    const promisedCache: CacheOutcome | null = isGet && ctx.revalidate ? (p.etag || p.lastModified ? 'revalidated' : 'refetched') : null;
    const statusKey = mostFrequent(Object.entries(p.statuses).filter(([k]) => k !== '304').map(([k, n]) => ({ value: k, count: n })));
    const status = statusKey === undefined ? (notModified > 0 ? 304 : null) : Number(statusKey);
    const name = s.name;
    drafts.push({
      url: name, source: 'protocol', method: s.method, contentType, status,
      // No body at all (304s only) reads as identity.
      encoding: identity.count >= encoded.count ? 'identity' : encodedEncoding,
      encodings: Object.fromEntries(Object.entries(p.encodings).map(([k, e]) => [normaliseEncoding(k), e.count])),
      wireBytes: mean(identity.wireBytes + encoded.wireBytes, bodies),
      decodedBytes: mean(identity.decodedBytes + encoded.decodedBytes, bodies),
      count: s.count, notModified, headers, cache, promisedCache,
      sample: {
        side: 'protocol', contentType, encoding: judgeIdentity ? 'identity' : encodedEncoding,
        wireBytes: mean(part.wireBytes, part.count), decodedBytes: mean(part.decodedBytes, part.count),
        ownEncodedRatio: judgeIdentity ? ownEncodedRatio : null,
      },
      ...(judgeIdentity && encoded.count > 0 ? { encodedSample } : {}),
      cacheSubject: {
        kind: resourceKind(contentType), source: 'protocol', method: s.method, status, headers, cache,
        promised: null, revalidationRequested: ctx.revalidate, exactRepeats: ctx.exactRepeats, calls: s.count, notModified,
      },
      matchPath: name.startsWith('/') && !/[[\]{}<>\s]/.test(name) ? name.split('?')[0] : null,
      sampleCount: part.count,
      lastModifiedAt: null,
      ...withNotAudited(errorsOnly(Object.entries(p.statuses).map(([k, n]) => ({ status: Number(k), count: n })))),
    });
  }
  return drafts;
}

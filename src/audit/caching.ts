/**
 * Caching verdicts: what the headers promise for a repeat view, what the warm view (or a
 * conditional repeat) actually got, and the findings where either is wrong:
 *
 * - static assets with no validator, with no-store, or fetched again in full on the warm view;
 * - HTML that could be revalidated but is fetched again in full (no-store HTML is left alone: a
 *   per-user page may rightly forbid storing);
 * - responses marked private / no-store that a shared cache served (Age, X-Cache: HIT);
 * - API GETs repeated conditionally: no validator, or a validator that never gets a 304;
 * - a warm view that did something else than the headers promise.
 */
import { mediaType } from './compression.js';
import type { AuditFinding, CacheHeaders, CacheOutcome, PrivateSharedFinding } from '../schema/audit.js';

export interface CacheControl {
  noStore: boolean;
  noCache: boolean;
  private: boolean;
  maxAge: number | null;
}

export function parseCacheControl(value: string | null | undefined): CacheControl {
  const cc: CacheControl = { noStore: false, noCache: false, private: false, maxAge: null };
  // Stryker disable next-line StringLiteral: no header reads as no directive, and so does any stand-in that names none
  for (const part of (value ?? '').toLowerCase().split(',')) {
    const [name, arg] = part.split('=', 2).map((s) => s.trim());
    if (name === 'no-store') cc.noStore = true;
    else if (name === 'no-cache') cc.noCache = true;
    else if (name === 'private') cc.private = true;
    else if (name === 'max-age' && arg !== undefined) {
      const seconds = Number(arg.replace(/^"|"$/g, ''));
      if (Number.isFinite(seconds)) cc.maxAge = seconds;
    }
  }
  return cc;
}

/** What a browser should do on a repeat view, from the headers alone. */
export interface RepeatPromise {
  outcome: Exclude<CacheOutcome, 'not-repeated'>;
  /** Freshness from Last-Modified alone (heuristic): a hit or a revalidation are both right. */
  heuristic: boolean;
}

export function promisedRepeat(h: CacheHeaders, now = Date.now()): RepeatPromise {
  const cc = parseCacheControl(h.cacheControl);
  const validator = h.etag || h.lastModified;
  if (cc.noStore) return { outcome: 'refetched', heuristic: false };
  let fresh = false;
  let heuristic = false;
  if (cc.noCache) fresh = false;
  else if (cc.maxAge !== null) fresh = cc.maxAge > (h.age ?? 0);
  else if (h.expires !== null) fresh = Date.parse(h.expires) > now;
  else if (h.lastModified) fresh = heuristic = true;
  if (fresh) return { outcome: 'hit', heuristic };
  return { outcome: validator ? 'revalidated' : 'refetched', heuristic: false };
}

export type ResourceKind = 'html' | 'static' | 'api' | 'other';

const STATIC_RESOURCE_TYPES = new Set(['script', 'stylesheet', 'image', 'font', 'media']);

export function resourceKind(contentType: string | null, resourceType?: string): ResourceKind {
  // Stryker disable next-line StringLiteral: a stand-in for no media type matches none of the types below either
  const type = mediaType(contentType) ?? '';
  if (resourceType === 'document' || type === 'text/html') return 'html';
  if (resourceType !== undefined && STATIC_RESOURCE_TYPES.has(resourceType)) return 'static';
  if (resourceType === 'fetch' || resourceType === 'xhr') return 'api';
  if (type === 'text/css' || /javascript|ecmascript/.test(type) || /^(image|font|audio|video)\//.test(type)) return 'static';
  if (resourceType === undefined && (/json|xml/.test(type) || type === 'text/csv' || type === 'text/plain')) return 'api';
  return 'other';
}

/** The warm view's outcome for one URL: the most frequent, ties going to the worse one. */
export function warmOutcome(loads: { servedFrom: string; count: number }[]): CacheOutcome {
  const tally: Record<Exclude<CacheOutcome, 'not-repeated'>, number> = { refetched: 0, revalidated: 0, hit: 0 };
  for (const load of loads) {
    if (load.servedFrom === 'memory-cache' || load.servedFrom === 'disk-cache') tally.hit += load.count;
    else if (load.servedFrom === 'revalidated') tally.revalidated += load.count;
    else tally.refetched += load.count;
  }
  let best: CacheOutcome = 'not-repeated';
  let most = 0;
  for (const outcome of ['refetched', 'revalidated', 'hit'] as const) {
    if (tally[outcome] > most) {
      best = outcome;
      most = tally[outcome];
    }
  }
  return best;
}

export interface CacheSubject {
  kind: ResourceKind;
  source: 'browser' | 'protocol';
  method?: string;
  status: number | null;
  headers: CacheHeaders;
  cache: CacheOutcome;
  promised: RepeatPromise | null;
  /** Protocol GETs: every GET was repeated conditionally. */
  revalidationRequested?: boolean;
  /** The same request was repeated with the same validator (the audit command). */
  exactRepeats?: boolean;
  calls?: number;
  notModified?: number;
}

function sharedCacheHit(h: CacheHeaders): PrivateSharedFinding['sharedBy'] | null {
  const hit = Object.keys(h.xCache).find((value) => /\bhit\b/i.test(value));
  if (hit) return { header: 'X-Cache', value: hit };
  return h.age !== null ? { header: 'Age', seconds: h.age } : null;
}

export function cacheFindings(s: CacheSubject): AuditFinding[] {
  const out: AuditFinding[] = [];
  const h = s.headers;
  const cc = parseCacheControl(h.cacheControl);
  const validator = h.etag || h.lastModified;
  // Only answers with a body of their own are judged: not errors, not redirects.
  const ok = s.status !== null && s.status >= 200 && s.status < 300;

  const sharedBy = sharedCacheHit(h);
  if ((cc.private || cc.noStore) && sharedBy && h.cacheControl !== null) {
    out.push({ code: 'private-shared', cacheControl: h.cacheControl, sharedBy });
  }
  if (!ok) return out;

  if (s.kind === 'static' && s.source === 'browser') {
    if (cc.noStore && h.cacheControl !== null) out.push({ code: 'no-store', cacheControl: h.cacheControl });
    if (!validator) out.push({ code: 'no-validator', subject: 'static-asset' });
    if (s.cache === 'refetched') out.push({ code: 'refetched-on-warm-view' });
  } else if (s.kind === 'static' && !validator && s.revalidationRequested) {
    out.push({ code: 'no-validator', subject: 'static-route' });
  }

  if (s.kind === 'html' && s.source === 'browser' && !cc.noStore && s.cache === 'refetched') {
    out.push(validator ? { code: 'html-not-revalidated' } : { code: 'no-validator', subject: 'html-page' });
  }

  if (s.source === 'protocol' && s.kind !== 'static' && s.method === 'GET' && s.revalidationRequested) {
    if (!validator) out.push({ code: 'no-validator', subject: 'get-route' });
    else if (s.exactRepeats && (s.calls ?? 0) >= 2 && (s.notModified ?? 0) === 0) out.push({ code: 'no-304', calls: s.calls ?? 0 });
  }

  if (s.source === 'browser' && s.promised && !s.promised.heuristic && s.cache !== 'not-repeated' && s.cache !== s.promised.outcome) {
    out.push({ code: 'cache-not-as-promised', promised: s.promised.outcome, actual: s.cache });
  }
  return out;
}

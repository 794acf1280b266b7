/**
 * The validator probe: for each resource that carried ETag or Last-Modified (the browser's
 * resources of the tested origin, and the audit command's API GETs), one conditional GET the way a
 * browser revalidates: If-None-Match with the ETag, If-Modified-Since with the Last-Modified, and
 * the Accept-Encoding the client sent. A full answer to a compressed resource is asked once more
 * with identity, so the audit can tell an ETag that changes with the encoding (a compression
 * layer's suffix) from one that changes with every request; a full answer with new validators is
 * asked once more with those, so a body that changed since the run is not taken for either.
 * `no-store` responses are not asked: a browser never revalidates them, and their bodies may
 * rightly change every time. Bounded: at most MAX_PROBES resources, a time budget for all of them
 * together; what does not fit is not probed.
 */
import type { Dispatcher } from 'undici';
import { isCompressing, normaliseEncoding } from '../../audit/compression.js';
import { probeKey } from '../../audit/validators.js';
import { ACCEPT_ENCODING } from '../../protocol/user.js';
import type { RevalidationProbe } from '../../schema/audit.js';
import type { BrowserSection } from '../../schema/summary.js';

/** What Chromium sends (gzip, deflate, br, zstd over HTTPS; the server answers with what it has). */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
export const MAX_PROBES = 60;

export interface ProbeTarget {
  /** probeKey(source, the row's url). */
  key: string;
  /** Absolute URL to ask. */
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** The Content-Encoding the client received. */
  encoding: string;
  acceptEncoding: string;
}

export interface ProbeOptions {
  /** Only URLs of this origin are asked (the host under test). */
  origin: string;
  /** Credentials for /api/*. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** All probes together stop after this long (default 8 s). */
  budgetMs?: number;
  /** Fetches through this dispatcher (one that accepts a self-signed certificate); default undici's global one. */
  dispatcher?: Dispatcher;
}

/** A browser never revalidates what it may not store (a per-user page whose body changes). */
const noStore = (cacheControl: string | undefined): boolean => /(^|,)\s*no-store\b/i.test(cacheControl ?? '');

/** The browser's network responses with a validator: one target per URL of the tested origin. */
export function browserProbeTargets(section: BrowserSection | undefined, origin: string): ProbeTarget[] {
  const targets = new Map<string, ProbeTarget>();
  const base = new URL(origin).origin;
  for (const r of section?.resources ?? []) {
    const etag = r.headers.etag ?? null;
    const lastModified = r.headers['last-modified'] ?? null;
    if (r.servedFrom !== 'network' || r.status !== 200 || (etag === null && lastModified === null) || targets.has(r.url) || noStore(r.headers['cache-control'])) continue;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(r.url).origin === base;
    } catch {
      // not a URL we can ask
    }
    if (sameOrigin) targets.set(r.url, { key: probeKey('browser', r.url), url: r.url, etag, lastModified, encoding: normaliseEncoding(r.encoding), acceptEncoding: BROWSER_ACCEPT_ENCODING });
  }
  return [...targets.values()];
}

/** A protocol GET's first answer, as the audit command saw it. */
export function protocolProbeTarget(name: string, url: string, headers: Record<string, string | string[] | undefined>): ProbeTarget | null {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const etag = one(headers.etag);
  const lastModified = one(headers['last-modified']);
  if ((etag === null && lastModified === null) || noStore(one(headers['cache-control']) ?? undefined)) return null;
  return { key: probeKey('protocol', name), url, etag, lastModified, encoding: normaliseEncoding(one(headers['content-encoding'])), acceptEncoding: ACCEPT_ENCODING };
}

interface Answer {
  status: number;
  etag: string | null;
  lastModified: string | null;
  encoding: string;
}

async function ask(url: string, headers: Record<string, string>, timeoutMs: number, dispatcher: Dispatcher | undefined): Promise<Answer> {
  // undici's index (request() needs it) costs a start a tenth of a CPU-second: loaded only when
  // there is something to probe, which a run without browser users never has.
  const { request } = await import('undici');
  const res = await request(url, { method: 'GET', dispatcher, headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
  await res.body.dump();
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  return { status: res.statusCode, etag: one(res.headers.etag), lastModified: one(res.headers['last-modified']), encoding: normaliseEncoding(one(res.headers['content-encoding']) ?? undefined) };
}

function conditionalHeaders(t: ProbeTarget, base: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...base, 'accept-encoding': t.acceptEncoding };
  if (t.etag !== null) headers['if-none-match'] = t.etag;
  if (t.lastModified !== null) headers['if-modified-since'] = t.lastModified;
  return headers;
}

/**
 * The conditional GET; a full answer is asked once more with its own validators, so a resource
 * whose body changed since the run (a search answer after the run's writes) counts as the 304 it
 * then gets, not as a validator that never matches.
 */
async function revalidate(t: ProbeTarget, opts: ProbeOptions, timeoutMs: number): Promise<{ target: ProbeTarget; answer: Answer }> {
  const answer = await ask(t.url, conditionalHeaders(t, opts.headers), timeoutMs, opts.dispatcher);
  const changed = answer.status === 200 && (answer.etag !== t.etag || answer.lastModified !== t.lastModified) && (answer.etag !== null || answer.lastModified !== null);
  if (!changed) return { target: t, answer };
  const again: ProbeTarget = { ...t, etag: answer.etag, lastModified: answer.lastModified };
  const second = await ask(t.url, conditionalHeaders(again, opts.headers), timeoutMs, opts.dispatcher);
  return second.status === 304 ? { target: again, answer: second } : { target: t, answer };
}

async function probeOne(first: ProbeTarget, opts: ProbeOptions, timeoutMs: number): Promise<RevalidationProbe> {
  let sent = { ifNoneMatch: first.etag, ifModifiedSince: first.lastModified, acceptEncoding: first.acceptEncoding };
  try {
    const { target: t, answer } = await revalidate(first, opts, timeoutMs);
    sent = { ifNoneMatch: t.etag, ifModifiedSince: t.lastModified, acceptEncoding: t.acceptEncoding };
    let identityEtag: string | null = null;
    if (answer.status === 200 && t.etag !== null && isCompressing(t.encoding)) {
      identityEtag = (await ask(t.url, { ...opts.headers, 'accept-encoding': 'identity' }, timeoutMs, opts.dispatcher)).etag;
    }
    return { sent, status: answer.status, etag: answer.etag, encoding: answer.encoding, identityEtag };
  } catch (error) {
    return { sent, status: 0, etag: null, encoding: 'identity', identityEtag: null, error: (error as Error).message.split('\n')[0] };
  }
}

/** Probes the targets in order until the budget is spent; results by target key. */
export async function probeValidators(targets: ProbeTarget[], opts: ProbeOptions): Promise<Map<string, RevalidationProbe>> {
  const probes = new Map<string, RevalidationProbe>();
  const deadline = Date.now() + (opts.budgetMs ?? 8_000);
  const base = new URL(opts.origin).origin;
  for (const t of targets.slice(0, MAX_PROBES)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    if (new URL(t.url).origin !== base) continue;
    probes.set(t.key, await probeOne(t, opts, Math.min(opts.timeoutMs ?? 5_000, left)));
  }
  return probes;
}

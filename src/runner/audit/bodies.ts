/**
 * Bodies for the re-gzip estimate: the browser resources that arrived uncompressed and could be
 * worth compressing are fetched once more, asking for identity, so the saving is gzip's real one
 * rather than a ratio by type. Only URLs of the tested origin are fetched; a failed fetch leaves
 * the estimate to buildAudit's fallbacks.
 */
import type { Dispatcher } from 'undici';
import type { BrowserSection } from '../../schema/summary.js';
import { isCompressibleType, isCompressing, LIGHTHOUSE_RULE } from '../../audit/compression.js';

export interface BodyFetchOptions {
  /** Only URLs of this origin are fetched (the host under test). */
  origin: string;
  /** Extra request headers (credentials for /api/*). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Bodies larger than this are not fetched (default 20 MB). */
  maxBytes?: number;
  /** All fetches together stop after this long (default 15 s); the rest are estimated. */
  budgetMs?: number;  /** Fetches through this dispatcher (one that accepts a self-signed certificate); default undici's global one. */
  dispatcher?: Dispatcher;
}

/** URLs the browser received uncompressed, of a compressible type, big enough to matter. */
export function bodyCandidates(section: BrowserSection, origin: string): string[] {
  const urls = new Set<string>();
  const base = new URL(origin).origin;
  for (const r of section.resources) {
    if (r.servedFrom !== 'network' || r.status >= 400 || isCompressing(r.encoding)) continue;
    if (r.decodedBytes < LIGHTHOUSE_RULE.minSavingBytes || !isCompressibleType(r.contentType, r.resourceType)) continue;
    try {
      if (new URL(r.url).origin === base) urls.add(r.url);
    } catch {
      // not a URL we can fetch
    }
  }
  return [...urls];
}

export async function fetchBodies(urls: string[], opts: BodyFetchOptions): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 20_000_000;
  const deadline = Date.now() + (opts.budgetMs ?? 15_000);
  if (urls.length === 0) return bodies;
  // Loaded only when there is a body to fetch: undici's index costs a start a tenth of a CPU-second.
  const { request } = await import('undici');
  for (const url of urls) {
    if (Date.now() >= deadline) break;
    try {
      const res = await request(url, {
        method: 'GET',
        dispatcher: opts.dispatcher,
        headers: { ...opts.headers, 'accept-encoding': 'identity' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, deadline - Date.now()))),
      });
      const encoding = res.headers['content-encoding'];
      if (res.statusCode >= 400 || (typeof encoding === 'string' && isCompressing(encoding))) {
        await res.body.dump();
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) break;
        chunks.push(chunk as Buffer);
      }
      if (size <= maxBytes && size > 0) bodies.set(url, Buffer.concat(chunks));
      else await res.body.dump().catch(() => undefined);
    } catch {
      // unreachable or timed out: buildAudit estimates instead
    }
  }
  return bodies;
}

/** The bodies buildAudit can re-gzip for a run's browser section. */
export async function collectBodies(section: BrowserSection | undefined, opts: BodyFetchOptions): Promise<Map<string, Buffer>> {
  if (!section) return new Map();
  return fetchBodies(bodyCandidates(section, opts.origin), opts);
}

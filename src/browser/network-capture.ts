/**
 * Resource capture through the Chrome DevTools Protocol: one listener per page, reset at the start
 * of every measured view. CDP is the primary source for bytes and cache behaviour because only it
 * sees the real 304 behind a revalidated document and the memory-cache hits
 * (see ../shared/reference/browser-measurement.md, Q2/Q3):
 *
 * - wire bytes = `loadingFinished.encodedDataLength` minus the raw response-header bytes
 *   (`responseReceivedExtraInfo.headersText`), 0 for cache hits and 304s. For a chunked response
 *   this still includes the chunk-size lines (measured: 18 B on the 4 KB home page), so view.ts
 *   prefers Resource Timing's exact `encodedBodySize` where it has one;
 * - decoded bytes = the sum of `dataReceived.dataLength`: the body the page got, from wherever;
 * - memory-cache hits come only as `requestServedFromCache`; `fromDiskCache` marks HTTP-cache hits;
 * - a revalidation shows as 304 only in `responseReceivedExtraInfo.statusCode` (or as 304 on
 *   `responseReceived` when Blink's memory cache revalidated).
 */
import type { CDPSession } from 'playwright';
import type { ServedFrom } from '../schema/summary.js';

/**
 * The response headers kept per resource (lower-case names): what the audit reads. The last one
 * is how some proxies and antivirus tools say they decoded a compressed body on the way.
 */
export const KEPT_HEADERS = [
  'cache-control', 'expires', 'etag', 'last-modified', 'age', 'vary', 'x-cache', 'content-encoding', 'content-type',
  'x-content-encoding-over-network',
] as const;

/** What CDP told us about one request, raw; `toResource` turns it into figures. */
export interface CdpRequest {
  requestId: string;
  url: string;
  cdpType: string;
  startedAt: number;
  status?: number;
  headers?: Record<string, string>;
  fromDiskCache?: boolean;
  servedFromCache?: boolean;
  wireStatus?: number;
  headerBytes?: number;
  finishedBytes?: number;
  decodedBytes: number;
  failed?: string;
  canceled?: boolean;
  done: boolean;
}

export interface CapturedResource {
  url: string;
  /** CDP resource type, lower-case: document, stylesheet, script, fetch, xhr, image, … */
  resourceType: string;
  /** The status the page saw (200 for a revalidated document). 0 when no response came. */
  status: number;
  /** The status that crossed the wire: 304 for a revalidation, 0 when served from a cache. */
  wireStatus: number;
  servedFrom: ServedFrom;
  /** Body bytes on the wire per CDP (headers excluded, chunk framing included); null when unknown. */
  wireBytes: number | null;
  /** Sent with Transfer-Encoding: chunked. */
  chunked: boolean;
  /** Body bytes after decoding, as the page received them; null when CDP could not tell. */
  decodedBytes: number | null;
  encoding: string | null;
  contentType: string | null;
  headers: Record<string, string>;
  /** Why the request failed (net error), when it did. */
  failed: string | null;
  /** The page itself dropped it (AbortController, a removed element): not a failure. */
  canceled: boolean;
  isDocument: boolean;
}

/** True for URLs that are no part of the page's resources. */
export function ignoredUrl(url: string): boolean {
  if (!url.startsWith('http:') && !url.startsWith('https:')) return true;
  try {
    return new URL(url).pathname === '/favicon.ico';
  } catch {
    return true;
  }
}

function lowerHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value);
  return out;
}

export function classify(r: CdpRequest): ServedFrom {
  if (r.wireStatus === 304 || r.status === 304) return 'revalidated';
  if (r.servedFromCache) return 'memory-cache';
  if (r.fromDiskCache) return 'disk-cache';
  return 'network';
}

export function toResource(r: CdpRequest, documentId: string | null): CapturedResource {
  const servedFrom = classify(r);
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = r.headers?.[name];
    if (value !== undefined) headers[name] = value;
  }
  let wireBytes: number | null;
  if (servedFrom === 'memory-cache' || servedFrom === 'disk-cache') wireBytes = 0;
  else if (r.finishedBytes !== undefined && r.headerBytes !== undefined) wireBytes = Math.max(0, r.finishedBytes - r.headerBytes);
  else wireBytes = servedFrom === 'revalidated' ? 0 : null;
  return {
    url: r.url,
    resourceType: r.cdpType.toLowerCase(),
    // Blink's memory cache reports its own revalidation as 304; the page still got the cached 200.
    status: r.status === 304 && servedFrom === 'revalidated' ? 200 : (r.status ?? 0),
    wireStatus: servedFrom === 'revalidated' ? 304 : servedFrom === 'network' ? (r.wireStatus ?? r.status ?? 0) : 0,
    servedFrom,
    wireBytes,
    chunked: /chunked/i.test(r.headers?.['transfer-encoding'] ?? ''),
    decodedBytes: r.done ? r.decodedBytes : null,
    encoding: headers['content-encoding'] ?? null,
    contentType: headers['content-type']?.split(';')[0].trim() ?? null,
    headers,
    failed: r.failed ?? null,
    canceled: r.canceled === true,
    isDocument: r.requestId === documentId,
  };
}

/* Minimal shapes of the CDP events we read (the protocol types are not bundled with playwright). */
interface WillBeSent {
  requestId: string;
  loaderId: string;
  type?: string;
  request: { url: string };
  redirectResponse?: { status: number; headers: Record<string, string> };
}
interface Received { requestId: string; type: string; response: { status: number; headers: Record<string, unknown>; fromDiskCache?: boolean } }
interface ExtraInfo { requestId: string; statusCode: number; headersText?: string }
interface Finished { requestId: string; encodedDataLength: number }
interface Failed { requestId: string; errorText: string; canceled?: boolean }
interface Data { requestId: string; dataLength: number }

/**
 * Listens to one page's Network domain. `begin()` starts a view: requests from before it are
 * forgotten, so a previous page's late events never leak into this view.
 */
export class NetworkCapture {
  private requests = new Map<string, CdpRequest>();
  /** ExtraInfo can arrive before the request is known; keep it until it is. */
  private early = new Map<string, ExtraInfo>();
  private documentId: string | null = null;
  private lastActivity = 0;
  private open = false;
  private documentWaiters: Array<(errorText: string) => void> = [];

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e: WillBeSent) => this.onWillBeSent(e));
    cdp.on('Network.responseReceived', (e: Received) => this.onReceived(e));
    cdp.on('Network.responseReceivedExtraInfo', (e: ExtraInfo) => this.onExtraInfo(e));
    cdp.on('Network.requestServedFromCache', (e: { requestId: string }) => this.touch(e.requestId, (r) => (r.servedFromCache = true)));
    cdp.on('Network.dataReceived', (e: Data) => this.touch(e.requestId, (r) => (r.decodedBytes += e.dataLength)));
    cdp.on('Network.loadingFinished', (e: Finished) => this.touch(e.requestId, (r) => { r.finishedBytes = e.encodedDataLength; r.done = true; }));
    cdp.on('Network.loadingFailed', (e: Failed) => this.onFailed(e));
  }

  static async attach(cdp: CDPSession): Promise<NetworkCapture> {
    const capture = new NetworkCapture(cdp);
    await cdp.send('Network.enable');
    return capture;
  }

  /** Empties the browser's HTTP and memory caches and its cookies: the next view is cold. */
  async clearCache(): Promise<void> {
    await this.cdp.send('Network.clearBrowserCache');
    await this.cdp.send('Network.clearBrowserCookies');
  }

  begin(): void {
    this.requests.clear();
    this.early.clear();
    this.documentId = null;
    this.documentWaiters = [];
    this.open = true;
    this.lastActivity = Date.now();
  }

  end(): CapturedResource[] {
    this.open = false;
    const out: CapturedResource[] = [];
    for (const r of this.requests.values()) if (!ignoredUrl(r.url)) out.push(toResource(r, this.documentId));
    return out;
  }

  /**
   * Resolves with Chromium's error text once this view's document fails (not when the page
   * dropped it). page.goto does not always say so: a document cut short or undecodable after its
   * headers came leaves it waiting for a load event that never fires, until its timeout.
   */
  documentFailed(): Promise<string> {
    return new Promise((resolve) => this.documentWaiters.push(resolve));
  }

  /** Requests of this view that have not finished yet (server-sent event streams never do). */
  inFlight(): number {
    let n = 0;
    for (const r of this.requests.values()) if (!r.done && r.cdpType !== 'EventSource' && !ignoredUrl(r.url)) n++;
    return n;
  }

  /**
   * Waits until no request of this view is in flight and nothing happened for quietMs (counted
   * from the call at the earliest), or until maxMs passed.
   */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    this.lastActivity = Math.max(this.lastActivity, Date.now());
    for (;;) {
      const now = Date.now();
      if (now >= deadline) return;
      const idleFor = now - this.lastActivity;
      if (this.inFlight() === 0 && idleFor >= quietMs) return;
      const waitMs = this.inFlight() === 0 ? quietMs - idleFor : quietMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(waitMs, deadline - now))));
    }
  }

  private onWillBeSent(e: WillBeSent): void {
    if (!this.open) return;
    this.lastActivity = Date.now();
    const existing = this.requests.get(e.requestId);
    if (existing && e.redirectResponse) {
      // A redirect reuses the request id: keep the hop under its own key and id (so it is never
      // taken for the document, nor given the final page's timing and bytes), follow the new URL.
      const key = `${e.requestId}#${this.requests.size}`;
      this.requests.set(key, {
        ...existing,
        requestId: key,
        status: e.redirectResponse.status,
        wireStatus: e.redirectResponse.status,
        headers: lowerHeaders(e.redirectResponse.headers),
        // A redirect's few body bytes are not counted: the page's bytes are the final response's.
        finishedBytes: 0,
        headerBytes: 0,
        decodedBytes: 0,
        done: true,
      });
    }
    if (e.type === 'Document' && e.requestId === e.loaderId && this.documentId === null) this.documentId = e.requestId;
    const r: CdpRequest = { requestId: e.requestId, url: e.request.url, cdpType: e.type ?? 'other', startedAt: Date.now(), decodedBytes: 0, done: false };
    this.requests.set(e.requestId, r);
    const extra = this.early.get(e.requestId);
    if (extra) {
      this.early.delete(e.requestId);
      this.onExtraInfo(extra);
    }
  }

  private onReceived(e: Received): void {
    this.touch(e.requestId, (r) => {
      r.status = e.response.status;
      r.headers = lowerHeaders(e.response.headers);
      r.fromDiskCache = e.response.fromDiskCache === true;
      r.cdpType = e.type ?? r.cdpType;
    });
  }

  private onExtraInfo(e: ExtraInfo): void {
    if (!this.open) return;
    const r = this.requests.get(e.requestId);
    if (!r) {
      this.early.set(e.requestId, e);
      return;
    }
    r.wireStatus = e.statusCode;
    if (e.headersText !== undefined) r.headerBytes = Buffer.byteLength(e.headersText, 'latin1');
  }

  private onFailed(e: Failed): void {
    this.touch(e.requestId, (r) => {
      r.failed = e.errorText;
      r.canceled = e.canceled;
      r.done = true;
    });
    if (this.open && e.requestId === this.documentId && e.canceled !== true) {
      for (const wake of this.documentWaiters.splice(0)) wake(e.errorText);
    }
  }

  private touch(requestId: string, update: (r: CdpRequest) => void): void {
    if (!this.open) return;
    const r = this.requests.get(requestId);
    if (!r) return;
    this.lastActivity = Date.now();
    update(r);
  }
}

/**
 * One measured page view: navigate, let the page's after-load requests finish, read the page's
 * timing data, and join it with the CDP resource capture. A view never throws for what the
 * target did (timeouts, HTTP errors, failed resources, console errors all become `error`, named
 * as protocol users name the same fault: net-errors.ts); it throws PageCrashedError when the
 * renderer died, and BrowserClosedError when the browser itself went away.
 */
import type { BrowserContext, Page, Response } from 'playwright';
import { FAULT_NAMES } from '../metrics/fault-names.js';
import type { NetworkProfile, PageMetricName } from '../schema/summary.js';
import { netErrorName } from './net-errors.js';
import { applyProfile } from './network-profile.js';
import { NetworkCapture, type CapturedResource } from './network-capture.js';
import { afterLoadTasks, pageMetrics, readPageTiming, type RawPageTiming, type ResourceTimingEntry } from './page-timing.js';

export type View = 'cold' | 'warm';

export class PageCrashedError extends Error {
  constructor() {
    super(FAULT_NAMES.rendererCrashed);
    this.name = 'PageCrashedError';
  }
}

/** The browser process went away during a view (killed, crashed); the pool relaunches it. */
export class BrowserClosedError extends Error {
  constructor() {
    super(FAULT_NAMES.browserClosed);
    this.name = 'BrowserClosedError';
  }
}

export interface MeasuredResource extends Omit<CapturedResource, 'wireBytes' | 'decodedBytes'> {
  /** The Resource Timing entry of the same request (the document: its navigation entry). */
  timing: ResourceTimingEntry | null;
  /** Body bytes on the wire: Resource Timing's encodedBodySize when the entry is visible, else CDP. */
  wireBytes: number;
  /** The CDP figure (includes chunk framing), kept for cross-checks; null when CDP had none. */
  cdpWireBytes: number | null;
  decodedBytes: number;
}

export interface ViewOutcome {
  url: string;
  view: View;
  /** Status of the document as the page saw it (200 for a revalidated one); null without response. */
  status: number | null;
  /** Navigation start → load event end (ms); the wall time of the navigation when load never came. */
  durationMs: number;
  metrics: Partial<Record<PageMetricName, number>>;
  resources: MeasuredResource[];
  /** The first failure of the view (document, then resources, then console), null when none. */
  error: string | null;
  /** The document itself failed (timeout, network error, HTTP error): its timings are not kept. */
  documentFailed: boolean;
  /**
   * True when the page will paint nothing: its document's body failed mid-way, or its navigation
   * timed out still waiting (Chromium renders no frame for either, and a screenshot waits for one).
   */
  stalled?: boolean;
}

export interface ViewOptions {
  navigationTimeoutMs: number;
  /** Quiet time with no request in flight that ends a view, after a frame past load (default 10). */
  settleQuietMs?: number;
  settleMaxMs?: number;
  paintWaitMs?: number;
}

const shortPath = (url: string): string => {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};
const clip = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** How long a view waits for Chromium's error page after its document failed mid-body. */
const ERROR_PAGE_WAIT_MS = 250;

/** A page under measurement: its CDP capture, console errors and crash state. */
export class PageProbe {
  private consoleErrors: string[] = [];
  private crashed = false;
  private crashWaiters: Array<() => void> = [];

  private constructor(
    readonly page: Page,
    readonly capture: NetworkCapture,
  ) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(`console error: ${clip(msg.text())}`);
    });
    page.on('pageerror', (err) => this.consoleErrors.push(`page error: ${clip(err.message.split('\n')[0])}`));
    page.on('crash', () => {
      this.crashed = true;
      for (const wake of this.crashWaiters.splice(0)) wake();
    });
  }

  /** A new page of the context; its network and CPU emulated as profile says (default: none). */
  static async open(context: BrowserContext, profile?: NetworkProfile): Promise<PageProbe> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const capture = await NetworkCapture.attach(cdp);
    if (profile) await applyProfile(cdp, profile);
    return new PageProbe(page, capture);
  }

  get isCrashed(): boolean {
    return this.crashed;
  }

  /** After an error: did the renderer crash? The crash event trails the error by up to ~100 ms. */
  async crashedWithin(ms: number): Promise<boolean> {
    if (this.crashed || this.page.isClosed()) return this.crashed;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.crashWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.crashed;
  }

  /** Throws BrowserClosedError when the browser went away, PageCrashedError when only the renderer died. */
  private async failIfCrashed(): Promise<void> {
    const crashed = await this.crashedWithin(250);
    if (!this.page.context().browser()?.isConnected()) throw new BrowserClosedError();
    if (crashed) throw new PageCrashedError();
  }

  /**
   * page.goto to the load event, or the document's own failure when that comes first: Chromium
   * leaves goto waiting until its timeout when a document fails after its headers (cut short,
   * reset, a body that does not decode). The abandoned goto ends with the next navigation.
   */
  private async navigate(url: string, timeoutMs: number): Promise<{ response: Response | null } | { documentError: string }> {
    const navigation = this.page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    navigation.catch(() => undefined);
    const failed = this.capture.documentFailed().then((documentError) => ({ documentError }));
    return Promise.race([navigation.then((response) => ({ response })), failed]);
  }

  /**
   * After a document failed mid-body, Chromium commits its own error page a moment later; the
   * next goto on this page would be interrupted by it, so wait for that commit (bounded: for some
   * failures, e.g. a body cut short, no error page comes; it came within ~40 ms when it did).
   */
  private async errorPageCommitted(): Promise<void> {
    await this.page.waitForURL((u) => u.protocol === 'chrome-error:', { waitUntil: 'commit', timeout: ERROR_PAGE_WAIT_MS }).catch(() => undefined);
  }

  /** goto threw: a timeout, a network error named by the taxonomy, or a crash (rethrown). */
  private async navigationFailed(url: string, view: View, error: unknown, wallMs: number, opts: ViewOptions): Promise<ViewOutcome> {
    this.capture.end();
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    // A timeout is the target's doing; any other error may be a crash whose event trails it.
    if (!timeout || this.crashed) await this.failIfCrashed();
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    // A fault of the taxonomy by its name; anything else (an unknown net:: code) as Chromium said it.
    const named = netErrorName(message);
    const known = named !== message && !named.startsWith('net::');
    return {
      url, view, status: null, durationMs: wallMs, metrics: {}, resources: [], documentFailed: true, ...(timeout ? { stalled: true } : {}),
      error: timeout ? `navigation timeout (${opts.navigationTimeoutMs} ms)` : known ? named : `navigation failed: ${clip(message.replace(/^page\.goto: /, ''))}`,
    };
  }

  async measure(url: string, view: View, opts: ViewOptions): Promise<ViewOutcome> {
    this.consoleErrors = [];
    this.capture.begin();
    const started = performance.now();
    const navigated = await this.navigate(url, opts.navigationTimeoutMs).catch((error: unknown) => ({ error }));
    if ('error' in navigated) return this.navigationFailed(url, view, navigated.error, performance.now() - started, opts);
    if ('documentError' in navigated) {
      // The document's headers came, then its body failed: no load event will come. What
      // arrived is kept (status, headers, bytes), as protocol users keep a lying gzip's.
      const resources = joinTimings(this.capture.end(), null);
      await this.errorPageCommitted();
      const documentStatus = resources.find((r) => r.isDocument)?.status || null;
      return {
        url, view, status: documentStatus, durationMs: performance.now() - started, metrics: {}, resources, documentFailed: true, stalled: true,
        error: netErrorName(navigated.documentError),
      };
    }
    const status = navigated.response?.status() ?? null;
    // goto() resolved at the load event: the fallback duration when the page's own timing cannot
    // be read (it navigated away in its load handler), never the wall time of the settling below.
    const loadedMs = performance.now() - started;
    let raw: RawPageTiming | null = null;
    let leftPage = false;
    try {
      await afterLoadTasks(this.page);
      await this.capture.settle(opts.settleQuietMs ?? 10, opts.settleMaxMs ?? 5000);
      raw = await readPageTiming(this.page, opts.paintWaitMs ?? 1000);
    } catch (error) {
      await this.failIfCrashed();
      leftPage = /context was destroyed|navigat/i.test(error instanceof Error ? error.message : String(error));
    }
    const resources = joinTimings(this.capture.end(), raw);
    const metrics = raw ? pageMetrics(raw) : {};
    const documentFailed = status === null || status >= 400;
    return {
      url, view, status, durationMs: metrics.load ?? loadedMs, metrics, resources, documentFailed,
      error: leftPage ? 'the page navigated away before it could be measured' : firstError(status, resources, this.consoleErrors),
    };
  }
}

function firstError(status: number | null, resources: MeasuredResource[], consoleErrors: string[]): string | null {
  if (status === null) return 'no response for the document';
  if (status >= 400) return `HTTP ${status}`;
  const failed = resources.find((r) => r.failed !== null && !r.canceled && !r.isDocument);
  if (failed) return `resource failed: ${shortPath(failed.url)} ${netErrorName(failed.failed ?? '')}`;
  const bad = resources.find((r) => r.status >= 400);
  if (bad) return `resource HTTP ${bad.status}: ${shortPath(bad.url)}`;
  return consoleErrors[0] ?? null;
}

/** Pairs each CDP request with its Resource Timing entry (same URL, in order) and fills gaps. */
export function joinTimings(captured: CapturedResource[], raw: RawPageTiming | null): MeasuredResource[] {
  const byUrl = new Map<string, ResourceTimingEntry[]>();
  for (const e of raw?.resources ?? []) {
    const list = byUrl.get(e.name) ?? [];
    list.push(e);
    byUrl.set(e.name, list);
  }
  const navTiming = raw?.nav ? navigationAsResource(raw) : null;
  return captured.map((r) => {
    const timing = r.isDocument ? navTiming : (byUrl.get(r.url)?.shift() ?? null);
    // transferSize is 0 for cache hits and for cross-origin entries without Timing-Allow-Origin
    // (all sizes 0 there): only then is CDP the better source.
    const rtVisible = timing !== null && timing.transferSize > 0;
    const wireBytes = r.servedFrom === 'network' && rtVisible ? timing.encodedBodySize : (r.wireBytes ?? 0);
    const decodedBytes = r.decodedBytes ?? timing?.decodedBodySize ?? 0;
    return { ...r, timing, wireBytes, cdpWireBytes: r.wireBytes, decodedBytes };
  });
}

function navigationAsResource(raw: RawPageTiming): ResourceTimingEntry {
  const nav = raw.nav!;
  const n = (k: string): number => (typeof nav[k] === 'number' ? (nav[k] as number) : 0);
  return {
    name: raw.url, initiatorType: 'navigation', transferSize: n('transferSize'), encodedBodySize: n('encodedBodySize'),
    decodedBodySize: n('decodedBodySize'), deliveryType: String(nav.deliveryType ?? ''), responseStatus: n('responseStatus'),
  };
}

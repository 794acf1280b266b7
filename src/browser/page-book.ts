/**
 * The browser users' own figures, per page and view: one value histogram per timing phase and
 * web vital, and the resources each page loaded. Page-load durations go to the Recorder (the
 * run's stats table); these are the breakdown behind them (BrowserSection.pages / .resources).
 * Histograms hold µs for times and CLS × 1000; summaries divide by 1000 (ms, unitless CLS).
 */
import type { NetworkProfile, PageMetric, PageMetricName, PageStats, ResourceObservation, ServedFrom } from '../schema/summary.js';
import type { MeasuredResource, View, ViewOutcome } from './view.js';
import { profileTag } from '../config/network-profiles.js';
import { encodeHistogram, newValueHistogram, summarizeValues, type Histogram } from '../hdr/histogram.js';

export const PAGE_METRICS: readonly PageMetricName[] = [
  'dns', 'connect', 'ttfb', 'download', 'domInteractive', 'domContentLoaded', 'load', 'fcp', 'lcp', 'cls', 'tbt',
];

/**
 * The stats name of a page view: "/dashboard/ [cold]", or with the user's profile when it is
 * not the default, "/dashboard/ [cold, slow-4g]", so rows of different profiles keep apart.
 */
export const viewName = (name: string, view: View, profileTag = ''): string => `${name} [${view}${profileTag ? `, ${profileTag}` : ''}]`;

interface PageAccumulator {
  name: string;
  url: string;
  view: View;
  /** Only for a profile other than the default. */
  profile?: NetworkProfile;
  views: number;
  failures: number;
  metrics: Map<PageMetricName, { h: Histogram; missing: number }>;
  wireBytes: number;
  decodedBytes: number;
}

interface ResourceAccumulator {
  sample: ResourceObservation;
  wireBytes: number;
  decodedBytes: number;
}

/** Distinct resource rows kept; URLs with ever-changing query strings stop here. */
export const MAX_RESOURCE_ROWS = 2000;

export class PageBook {
  private pages = new Map<string, PageAccumulator>();
  private resources = new Map<string, ResourceAccumulator>();
  private warnedFull = false;
  readonly crashes = { pages: 0, browsers: 0 };

  constructor(private readonly warn: (message: string) => void = () => {}) {}

  reset(): void {
    this.pages.clear();
    this.resources.clear();
    this.warnedFull = false;
    this.crashes.pages = 0;
    this.crashes.browsers = 0;
  }

  /**
   * One view of a page; name is the page's name without the view ("/dashboard/"); profile is the
   * user's, when not the default (it then tags the row's name).
   */
  record(name: string, outcome: ViewOutcome, profile?: NetworkProfile): void {
    const acc = this.accumulator(name, outcome, profile);
    acc.views++;
    if (outcome.error !== null) acc.failures++;
    for (const [metric, slot] of acc.metrics) {
      if (metric === 'inp') continue; // read later, by recordInteraction
      const value = outcome.documentFailed ? undefined : outcome.metrics[metric];
      if (value === undefined || !Number.isFinite(value) || value < 0) slot.missing++;
      else slot.h.record(value * 1000);
    }
    for (const r of outcome.resources) {
      acc.wireBytes += r.wireBytes;
      acc.decodedBytes += r.decodedBytes;
      this.observe(name, outcome.view, r);
    }
  }

  /**
   * The INP of a view already recorded, read when the flow moved on (interactions come after
   * the view's measurement); null when there was no interaction: counted missing, never 0.
   */
  recordInteraction(rowName: string, inpMs: number | null): void {
    const acc = this.pages.get(rowName);
    if (!acc) return;
    let slot = acc.metrics.get('inp');
    if (!slot) {
      // Only flows that script the page get the INP row; a pages-only flow has none to miss.
      slot = { h: newValueHistogram(), missing: 0 };
      acc.metrics.set('inp', slot);
    }
    if (inpMs === null || !Number.isFinite(inpMs) || inpMs < 0) slot.missing++;
    else slot.h.record(inpMs * 1000);
  }

  private accumulator(name: string, outcome: ViewOutcome, profile: NetworkProfile | undefined): PageAccumulator {
    const key = viewName(name, outcome.view, profile ? profileTag(profile) : '');
    let acc = this.pages.get(key);
    if (!acc) {
      acc = { name: key, url: outcome.url, view: outcome.view, views: 0, failures: 0, metrics: new Map(), wireBytes: 0, decodedBytes: 0 };
      if (profile) acc.profile = profile;
      for (const m of PAGE_METRICS) acc.metrics.set(m, { h: newValueHistogram(), missing: 0 });
      // Only pages served over https have a TLS handshake to time; a plain page has none to miss.
      if (outcome.url.startsWith('https:')) acc.metrics.set('tls', { h: newValueHistogram(), missing: 0 });
      this.pages.set(key, acc);
    }
    return acc;
  }

  pageStats(): PageStats[] {
    return [...this.pages.values()].map((acc) => {
      const metrics: Partial<Record<PageMetricName, PageMetric>> = {};
      for (const [metric, { h, missing }] of acc.metrics) {
        metrics[metric] = { count: h.count, missing, summary: summarizeValues(h, 1000), histogram: encodeHistogram(h) };
      }
      return {
        name: acc.name, url: acc.url, view: acc.view, views: acc.views, failures: acc.failures, metrics,
        ...(acc.profile ? { profile: acc.profile } : {}),
        avgWireBytes: acc.views ? Math.round(acc.wireBytes / acc.views) : 0,
        avgDecodedBytes: acc.views ? Math.round(acc.decodedBytes / acc.views) : 0,
      };
    });
  }

  /** One row per (url, page, view) and way it was served; byte figures are per load (mean). */
  resourceObservations(): ResourceObservation[] {
    return [...this.resources.values()].map(({ sample, wireBytes, decodedBytes }) => ({
      ...sample,
      wireBytes: Math.round(wireBytes / sample.count),
      decodedBytes: Math.round(decodedBytes / sample.count),
    }));
  }

  private observe(page: string, view: View, r: MeasuredResource): void {
    const servedFrom: ServedFrom = r.servedFrom;
    const key = `${r.url}\u0000${page}\u0000${view}\u0000${servedFrom}\u0000${r.status}\u0000${r.wireStatus}`;
    let acc = this.resources.get(key);
    if (!acc) {
      if (this.resources.size >= MAX_RESOURCE_ROWS) {
        if (!this.warnedFull) this.warn(`browser resources: more than ${MAX_RESOURCE_ROWS} distinct URLs; later new ones are not listed`);
        this.warnedFull = true;
        return;
      }
      acc = {
        sample: {
          url: r.url, page, view, resourceType: r.resourceType, status: r.status, wireStatus: r.wireStatus,
          wireBytes: 0, decodedBytes: 0, encoding: r.encoding, contentType: r.contentType, servedFrom, headers: r.headers, count: 0,
        },
        wireBytes: 0,
        decodedBytes: 0,
      };
      this.resources.set(key, acc);
    }
    acc.sample.count++;
    acc.sample.headers = r.headers;
    acc.sample.encoding = r.encoding ?? acc.sample.encoding;
    acc.wireBytes += r.wireBytes;
    acc.decodedBytes += r.decodedBytes;
  }
}

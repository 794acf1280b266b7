/**
 * What the page itself knows about a view: Navigation Timing, paint, LCP, layout shifts, long
 * tasks and Resource Timing, read in one `page.evaluate` just before the page is left. The buffered
 * observer entries are complete at that point (measured: 40/40 cold loads had LCP), whereas
 * anything sent during unload is lost. FCP and LCP can come *after* the load event in headless
 * Chromium, so the script waits for them (a frame at a time, bounded).
 */
import type { Page } from 'playwright';
import type { PageMetricName } from '../schema/summary.js';

/** One Resource Timing entry, as far as we use it (the cross-check of the CDP bytes). */
export interface ResourceTimingEntry {
  name: string;
  initiatorType: string;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  deliveryType: string;
  responseStatus: number;
}

export interface RawPageTiming {
  url: string;
  nav: Record<string, number | string> | null;
  fcp: number | null;
  lcp: number | null;
  shifts: Array<{ value: number; startTime: number; hadRecentInput: boolean }>;
  longTasks: Array<{ startTime: number; duration: number }>;
  resources: ResourceTimingEntry[];
}

/**
 * Kept as source text, not a function: a function would be serialised from the tsx-compiled code,
 * which can reference helpers (`__name`) that do not exist in the page.
 */
const COLLECT = `async (paintWaitMs) => {
  const take = (type) => {
    try {
      const o = new PerformanceObserver(() => {});
      o.observe({ type, buffered: true });
      const list = o.takeRecords();
      o.disconnect();
      return list;
    } catch (e) { return []; }
  };
  const frame = () => new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(); } };
    requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, 100);
  });
  const fcpOf = () => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? e.startTime : null;
  };
  const deadline = performance.now() + paintWaitMs;
  await frame();
  let lcps = take('largest-contentful-paint');
  while ((fcpOf() === null || lcps.length === 0) && performance.now() < deadline) {
    await frame();
    lcps = take('largest-contentful-paint');
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const navOut = nav ? {} : null;
  if (nav) {
    for (const k of ['startTime', 'domainLookupStart', 'domainLookupEnd', 'connectStart', 'secureConnectionStart',
      'connectEnd', 'requestStart', 'responseStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd',
      'loadEventEnd', 'transferSize', 'encodedBodySize', 'decodedBodySize', 'responseStatus']) navOut[k] = nav[k];
    navOut.type = nav.type;
    navOut.deliveryType = nav.deliveryType || '';
  }
  const last = lcps[lcps.length - 1];
  return {
    url: location.href,
    nav: navOut,
    fcp: fcpOf(),
    lcp: last ? (last.renderTime || last.loadTime || last.startTime) : null,
    shifts: take('layout-shift').map((e) => ({ value: e.value, startTime: e.startTime, hadRecentInput: e.hadRecentInput })),
    longTasks: take('longtask').map((e) => ({ startTime: e.startTime, duration: e.duration })),
    resources: performance.getEntriesByType('resource').map((e) => ({
      name: e.name, initiatorType: e.initiatorType, transferSize: e.transferSize,
      encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
      deliveryType: e.deliveryType || '', responseStatus: e.responseStatus || 0,
    })),
  };
}`;

/**
 * Resolves once the page has rendered a frame after load (100 ms at most). Requests that load
 * handlers started (the dashboard's fetch() calls) reach the CDP capture by then: measured, every
 * one of 40 dashboard views under load, where a fixed 40 ms quiet window after `goto()` missed
 * some (their requestWillBeSent came up to 33 ms after goto resolved).
 */
export async function afterLoadTasks(page: Page): Promise<void> {
  await page.evaluate(
    'new Promise((resolve) => { let done = false; const finish = () => { if (!done) { done = true; resolve(); } }; requestAnimationFrame(() => setTimeout(finish, 0)); setTimeout(finish, 100); })',
  );
}

/** Reads the page's own timing data; waits at most paintWaitMs for FCP and LCP to appear. */
export async function readPageTiming(page: Page, paintWaitMs = 1000): Promise<RawPageTiming> {
  return (await page.evaluate(`(${COLLECT})(${paintWaitMs})`)) as RawPageTiming;
}

/** Raises the Resource Timing buffer (default 250 entries) in every page of a context. */
export const RESOURCE_BUFFER_SCRIPT = 'try { performance.setResourceTimingBufferSize(2000); } catch (e) {}';

/**
 * CLS as web-vitals defines it: the largest session window of shifts without recent input
 * (a window closes after a 1 s gap or at 5 s).
 */
export function cumulativeLayoutShift(shifts: RawPageTiming['shifts']): number {
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let previous = -Infinity;
  for (const s of [...shifts].sort((a, b) => a.startTime - b.startTime)) {
    if (s.hadRecentInput) continue;
    if (s.startTime - previous > 1000 || s.startTime - windowStart > 5000) {
      current = 0;
      windowStart = s.startTime;
    }
    current += s.value;
    previous = s.startTime;
    best = Math.max(best, current);
  }
  return best;
}

/**
 * Total blocking time: the part over 50 ms of every long task seen during the view (from
 * navigation start to the moment we read it, not only FCP..TTI as Lighthouse does).
 */
export function totalBlockingTime(longTasks: RawPageTiming['longTasks']): number {
  return longTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
}

const num = (v: number | string | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A phase between two marks; missing when either mark is absent or the end never happened. */
function span(nav: Record<string, number | string>, from: string, to: string): number | null {
  const a = num(nav[from]);
  const b = num(nav[to]);
  if (a === null || b === null || b <= 0 || b < a) return null;
  return b - a;
}

/** The per-view metrics in ms (CLS unitless); a metric that could not be measured is absent. */
export function pageMetrics(raw: RawPageTiming): Partial<Record<PageMetricName, number>> {
  const out: Partial<Record<PageMetricName, number>> = {};
  const nav = raw.nav;
  if (nav) {
    const phases: Array<[PageMetricName, number | null]> = [
      ['dns', span(nav, 'domainLookupStart', 'domainLookupEnd')],
      // Navigation Timing's connect covers the TLS handshake too, as the protocol users' and
      // DevTools' "initial connection" do; tls is its secure part, over https only.
      ['connect', span(nav, 'connectStart', 'connectEnd')],
      ['tls', (num(nav.secureConnectionStart) ?? 0) > 0 ? span(nav, 'secureConnectionStart', 'connectEnd') : null],
      ['ttfb', span(nav, 'requestStart', 'responseStart')],
      ['download', span(nav, 'responseStart', 'responseEnd')],
      ['domInteractive', span(nav, 'startTime', 'domInteractive')],
      ['domContentLoaded', span(nav, 'startTime', 'domContentLoadedEventEnd')],
      ['load', span(nav, 'startTime', 'loadEventEnd')],
    ];
    // dns/connect are 0 on a reused connection: a real 0, kept. TTFB of a document that sent no
    // request (requestStart 0, e.g. an HTTP-cache hit) is missing, not 0.
    for (const [name, value] of phases) {
      if (value === null) continue;
      if (name === 'ttfb' && !((num(nav.requestStart) ?? 0) > 0)) continue;
      out[name] = value;
    }
  }
  if (raw.fcp !== null) out.fcp = raw.fcp;
  if (raw.lcp !== null) out.lcp = raw.lcp;
  if (nav) {
    out.cls = cumulativeLayoutShift(raw.shifts);
    out.tbt = totalBlockingTime(raw.longTasks);
  }
  return out;
}

/**
 * Page timings and byte counts of single views in real Chromium, at the level of one page probe:
 * every view has FCP, LCP and load in a sensible order, and the two byte sources (CDP and
 * Resource Timing) agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright';
import { launchChromium, resolveExecutable } from '../../src/browser/launcher.js';
import { RESOURCE_BUFFER_SCRIPT } from '../../src/browser/page-timing.js';
import { PageProbe, type ViewOutcome } from '../../src/browser/view.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { pathOf } from './helpers.js';

const OPTS = { navigationTimeoutMs: 15_000 };

describe('page views measured in Chromium', () => {
  let target: DemoTarget;
  let browser: Browser;
  let context: BrowserContext;
  const outcomes: ViewOutcome[] = [];

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, noGzipFor: ['/static/vendor.js'] });
    ({ browser } = await launchChromium(resolveExecutable()));
    context = await browser.newContext();
    await context.addInitScript(RESOURCE_BUFFER_SCRIPT);
    const probe = await PageProbe.open(context);
    for (const path of ['/', '/dashboard/']) {
      for (let round = 0; round < 2; round++) {
        await probe.capture.clearCache();
        outcomes.push(await probe.measure(`${target.url}${path}`, 'cold', OPTS));
        outcomes.push(await probe.measure(`${target.url}${path}`, 'warm', OPTS));
      }
    }
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('has FCP, LCP and load on every view, ordered sensibly, and CLS as a number', () => {
    expect(outcomes).toHaveLength(8);
    for (const o of outcomes) {
      const label = `${pathOf(o.url)} [${o.view}]`;
      const m = o.metrics;
      expect(o.error, label).toBeNull();
      for (const name of ['ttfb', 'domContentLoaded', 'load', 'fcp', 'lcp'] as const) {
        expect(m[name], `${label} ${name}`).toBeGreaterThan(0);
      }
      expect(m.ttfb!, label).toBeLessThan(m.fcp!);
      expect(m.fcp!, label).toBeLessThanOrEqual(m.lcp!);
      expect(m.domInteractive!, label).toBeLessThanOrEqual(m.domContentLoaded!);
      expect(m.domContentLoaded!, label).toBeLessThanOrEqual(m.load!);
      expect(m.load!, label).toBeLessThan(10_000);
      expect(typeof m.cls, label).toBe('number');
      expect(m.cls!, label).toBeGreaterThanOrEqual(0);
      expect(m.tbt!, label).toBeGreaterThanOrEqual(0);
      expect(o.durationMs, label).toBe(m.load);
    }
  });

  it('agrees with Resource Timing on the body bytes of every network response (CDP vs encodedBodySize/decodedBodySize)', () => {
    let checked = 0;
    let chunked = 0;
    for (const o of outcomes.filter((x) => x.view === 'cold')) {
      for (const r of o.resources) {
        expect(r.timing, r.url).not.toBeNull();
        if (r.servedFrom !== 'network') continue;
        expect(r.wireBytes, r.url).toBe(r.timing!.encodedBodySize);
        // CDP counts the chunk-size lines of a chunked body too: a few bytes per chunk.
        if (r.chunked) {
          expect(r.cdpWireBytes! - r.timing!.encodedBodySize, r.url).toBeGreaterThan(0);
          expect(r.cdpWireBytes! - r.timing!.encodedBodySize, r.url).toBeLessThan(16 + r.timing!.encodedBodySize / 100);
          chunked++;
        } else {
          expect(r.cdpWireBytes, r.url).toBe(r.timing!.encodedBodySize);
        }
        expect(r.decodedBytes, r.url).toBe(r.timing!.decodedBodySize);
        // Resource Timing's transferSize is the body plus Chrome's fixed 300 for headers.
        expect(r.timing!.transferSize - r.timing!.encodedBodySize, r.url).toBe(300);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2 * (5 + 7));
    expect(checked - chunked, 'responses with a Content-Length').toBeGreaterThan(0);
  });

  it('sees the revalidation of vendor.js where Resource Timing sees no body, and cache hits as transferSize 0', () => {
    const warmHome = outcomes.find((o) => o.view === 'warm' && pathOf(o.url) === '/')!;
    const vendor = warmHome.resources.find((r) => pathOf(r.url) === '/static/vendor.js')!;
    expect(vendor.servedFrom).toBe('revalidated');
    expect(vendor.timing!.encodedBodySize).toBe(0);
    const css = warmHome.resources.find((r) => pathOf(r.url) === '/static/app.css')!;
    expect(css.servedFrom).toMatch(/cache/);
    expect(css.timing!.transferSize).toBe(0);
  });
});

/**
 * Network profiles in real Chromium against the demo target, at the level of one page probe:
 * a cold view of / under slow-4g pays its request latencies and its bytes at the profile's
 * throughput (DevTools' request-level emulation), is many times the unthrottled view, and the
 * same page without gzip is slower again by its extra bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { launchChromium, resolveExecutable } from '../../src/browser/launcher.js';
import { RESOURCE_BUFFER_SCRIPT } from '../../src/browser/page-timing.js';
import { PageProbe, type ViewOutcome } from '../../src/browser/view.js';
import { NETWORK_PRESETS } from '../../src/config/network-profiles.js';
import type { NetworkProfile } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';

const OPTS = { navigationTimeoutMs: 30_000 };
const SLOW_4G = NETWORK_PRESETS['slow-4g'];

describe('network profiles in Chromium', () => {
  let gzipped: DemoTarget;
  let plain: DemoTarget;
  let browser: Browser;

  /** Cold views of / in a fresh context whose page emulates the profile. */
  async function coldViews(target: DemoTarget, profile: NetworkProfile | undefined, n: number): Promise<ViewOutcome[]> {
    const context = await browser.newContext();
    try {
      await context.addInitScript(RESOURCE_BUFFER_SCRIPT);
      const probe = await PageProbe.open(context, profile);
      const out: ViewOutcome[] = [];
      for (let i = 0; i < n; i++) {
        await probe.capture.clearCache();
        out.push(await probe.measure(`${target.url}/`, 'cold', OPTS));
      }
      return out;
    } finally {
      await context.close();
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wireOf = (o: ViewOutcome): number => o.resources.reduce((n, r) => n + r.wireBytes, 0);

  let fast: ViewOutcome[];
  let slow: ViewOutcome[];
  let slowPlain: ViewOutcome[];

  beforeAll(async () => {
    gzipped = await startDemoTarget({ port: 0 });
    plain = await startDemoTarget({ port: 0, gzip: false });
    ({ browser } = await launchChromium(resolveExecutable()));
    fast = await coldViews(gzipped, undefined, 3);
    slow = await coldViews(gzipped, SLOW_4G, 2);
    slowPlain = await coldViews(plain, SLOW_4G, 2);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gzipped?.close();
    await plain?.close();
  });

  it('makes a slow-4g cold view pay its request latencies and every byte at the throughput', () => {
    const bytesPerMs = (SLOW_4G.downloadKbps * 1024) / 8 / 1000;
    const latency = SLOW_4G.requestLatencyMs;
    for (const o of [...slow, ...slowPlain]) {
      expect(o.error).toBeNull();
      expect(o.resources.length).toBeGreaterThan(1);
      const documentBytes = o.resources.find((r) => r.isDocument)!.wireBytes;
      // Every byte comes after the document's latency; the subresources' bytes after a second
      // latency too. The subresources are discovered while the document still streams, so its
      // last bytes may share the link with their latency: the floor is the larger of the two.
      const floor = Math.max(latency + wireOf(o) / bytesPerMs, 2 * latency + (wireOf(o) - documentBytes) / bytesPerMs);
      expect(o.durationMs).toBeGreaterThanOrEqual(floor);
    }
  });

  it('is at least 5× the unthrottled cold view, and unthrottled views stay fast', () => {
    for (const o of fast) expect(o.error).toBeNull();
    expect(median(slow.map((o) => o.durationMs))).toBeGreaterThanOrEqual(5 * median(fast.map((o) => o.durationMs)));
  });

  it('is at least 1.3× slower again with the demo target\'s gzip off', () => {
    expect(wireOf(slowPlain[0])).toBeGreaterThan(2 * wireOf(slow[0]));
    expect(median(slowPlain.map((o) => o.durationMs))).toBeGreaterThanOrEqual(1.3 * median(slow.map((o) => o.durationMs)));
  });
});

/**
 * Browser users against the demo target's `--tls` in real Chromium: a self-signed certificate is a
 * named failure until `--insecure`; with it, the view that opens the connection shows its connect
 * and TLS handshake, and the warm view that follows reuses the connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserUsers } from '../../src/browser/pool.js';
import type { BrowserSection } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { CollectingRecorder, countedFlow } from './helpers.js';

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0, tls: true, http2: true });
});
afterAll(async () => {
  await target?.close();
});

async function viewsOfHome(insecure: boolean, iterations: number, host = target.url): Promise<{ section: BrowserSection; recorder: CollectingRecorder }> {
  const recorder = new CollectingRecorder();
  const { flow, done } = countedFlow(iterations, (user) => user.visit('/'));
  const run = await startBrowserUsers({ host, users: 1, spawnRate: 10, views: ['cold', 'warm'], flow, recorder, insecure, navigationTimeoutMs: 10_000 });
  try {
    await done;
  } finally {
    await run.stop(2000);
  }
  return { section: run.section(false), recorder };
}

describe('browser users against a TLS demo target', () => {
  it('names the self-signed certificate as not trusted, without --insecure', async () => {
    const { recorder } = await viewsOfHome(false, 1);
    expect(recorder.rows.length).toBeGreaterThan(0);
    for (const row of recorder.rows) expect(row.error).toBe('TLS certificate not trusted (net::ERR_CERT_AUTHORITY_INVALID)');
  });

  it('with --insecure, a cold view shows a non-zero connect and TLS time; the warm view reuses the connection', async () => {
    const { section, recorder } = await viewsOfHome(true, 2);
    expect(recorder.rows.every((row) => row.ok)).toBe(true);
    const cold = section.pages.find((p) => p.view === 'cold')!;
    const warm = section.pages.find((p) => p.view === 'warm')!;
    expect(cold.url).toMatch(/^https:/);
    expect(cold.metrics.connect!.summary.max!).toBeGreaterThan(0);
    expect(cold.metrics.tls!.count).toBeGreaterThan(0);
    expect(cold.metrics.tls!.summary.max!).toBeGreaterThan(0);
    // TLS is part of the connection's setup, within its connect phase (Navigation Timing's split).
    expect(cold.metrics.tls!.summary.max!).toBeLessThanOrEqual(cold.metrics.connect!.summary.max!);
    expect(warm.metrics.connect!.summary.max).toBe(0);
  });

  it('loads the same bodies over HTTP/1.1 and HTTP/2: equal decoded and wire bytes per view', async () => {
    const h1Target = await startDemoTarget({ port: 0, tls: true });
    try {
      const h1 = (await viewsOfHome(true, 1, h1Target.url)).section.pages;
      const h2 = (await viewsOfHome(true, 1)).section.pages;
      const bytes = (pages: BrowserSection['pages']) => pages.map((p) => [p.name, p.avgWireBytes, p.avgDecodedBytes]).sort();
      expect(bytes(h2)).toEqual(bytes(h1));
      expect(h1.find((p) => p.view === 'cold')!.avgDecodedBytes).toBeGreaterThan(0);
    } finally {
      await h1Target.close();
    }
  });
});

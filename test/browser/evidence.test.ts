/**
 * Evidence on failure, in real Chromium against the demo target: every failed view (a 404 page)
 * leaves a JPEG screenshot in the run folder's evidence/, at most MAX_EVIDENCE per run (the rest
 * counted), each under the size cap; summary.json's browser section lists them and the HTML
 * report's pages section links to them relatively. A view that passes leaves nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { MAX_EVIDENCE, MAX_SCREENSHOT_BYTES, paintsFrames, SCREENSHOT_TIMEOUT_MS } from '../../src/browser/evidence.js';
import { launchChromium, resolveExecutable } from '../../src/browser/launcher.js';
import { FAULT_PATHS, startFaultTarget } from '../support/fault-target.js';
import { startBrowserUsers } from '../../src/browser/pool.js';
import { renderHtmlReport } from '../../src/report/html/report.js';
import type { BrowserSection } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { tempDir } from '../helpers.js';
import { makeSummary } from '../report/fixtures.js';
import { CollectingRecorder } from './helpers.js';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';
import { overLimit, viewLimits } from '../../src/browser/view-limits.js';

const spec = (expression: string) => parseThreshold(expression) as ThresholdSpec;

describe('evidence of failed views', () => {
  let target: DemoTarget;
  const runDir = tempDir();
  let section: BrowserSection;
  const recorder = new CollectingRecorder();

  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
    const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold'], flow: { pages: ['/', '/no-such-page/'] }, recorder, runDir });
    try {
      while (recorder.rows.filter((r) => !r.ok).length < MAX_EVIDENCE + 2) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await run.stop(5000);
    }
    section = run.section(false);
  }, 120_000);
  afterAll(async () => {
    await target?.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('keeps a screenshot per failed view up to the cap, counts the rest, and none for views that passed', () => {
    const failed = recorder.rows.filter((r) => !r.ok).length;
    expect(section.evidence).toHaveLength(MAX_EVIDENCE);
    expect(section.evidenceDropped).toBe(failed - MAX_EVIDENCE);
    for (const e of section.evidence!) {
      expect(e).toMatchObject({ page: '/no-such-page/ [cold]', error: 'HTTP 404' });
      expect(e.screenshot).toMatch(/^evidence\/\d{3}-no-such-page-cold\.jpg$/);
      const file = join(runDir, e.screenshot!);
      expect(readFileSync(file).subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG
      expect(statSync(file).size).toBeLessThanOrEqual(MAX_SCREENSHOT_BYTES);
      expect(e.trace).toBeUndefined();
    }
    expect(readdirSync(join(runDir, 'evidence'))).toHaveLength(MAX_EVIDENCE);
  });

  it('is linked from the HTML report\'s pages section, relative to the run folder', () => {
    const report = renderHtmlReport({ ...makeSummary(), browser: section });
    const pages = report.slice(report.indexOf('<section id="pages">'), report.indexOf('</section>', report.indexOf('<section id="pages">')));
    const links = [...pages.matchAll(/<a href="([^"]+)">screenshot<\/a>/g)].map((m) => m[1]);
    expect(links).toEqual(section.evidence!.map((e) => e.screenshot));
    for (const link of links) expect(existsSync(join(runDir, link))).toBe(true);
    expect(pages).toContain(`${section.evidenceDropped} more failed views not kept`);
  });
});

describe('traces of failed views', () => {
  it('with trace on-failure writes each failed view\'s Playwright trace beside its screenshot, and none for views that passed', async () => {
    const target = await startDemoTarget({ port: 0 });
    const runDir = tempDir();
    const recorder = new CollectingRecorder();
    try {
      const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold'], flow: { pages: ['/', '/no-such-page/'] }, recorder, runDir, trace: 'on-failure' });
      try {
        while (recorder.rows.filter((r) => !r.ok).length < 2) await new Promise((r) => setTimeout(r, 50));
      } finally {
        await run.stop(5000);
      }
      const evidence = run.section(false).evidence!;
      expect(evidence.length).toBeGreaterThanOrEqual(2);
      for (const e of evidence) {
        expect(e.trace).toMatch(/^evidence\/\d{3}-no-such-page-cold\.trace\.zip$/);
        expect(readFileSync(join(runDir, e.trace!)).subarray(0, 2).toString()).toBe('PK'); // a zip
      }
      const traces = readdirSync(join(runDir, 'evidence')).filter((f) => f.endsWith('.trace.zip'));
      expect(traces).toHaveLength(evidence.length);
    } finally {
      await target.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('evidence of views over a page threshold', () => {
  it('judges one view against the upper bounds of page rows only', () => {
    const limits = viewLimits(['PAGES:lcp<2500', 'PAGE / [cold]:p95<300', 'p95<1', 'PAGES:errors<1%', 'PAGES:lcp>10'].map(spec));
    expect(limits.map((t) => t.expression)).toEqual(['PAGES:lcp<2500', 'PAGE / [cold]:p95<300']);
    const view = { row: '/ [cold]', durationMs: 320, metrics: { lcp: 900 } };
    expect(overLimit(view, limits)).toBe('over PAGE / [cold]:p95<300 (load 320 ms)');
    expect(overLimit({ ...view, row: '/ [warm]' }, limits)).toBeNull();
    expect(overLimit({ ...view, metrics: { lcp: 2500 } }, limits)).toBe('over PAGES:lcp<2500 (lcp 2500 ms)');
  });

  it('keeps a screenshot of a view that passed but went over PAGES:lcp<1', async () => {
    const target = await startDemoTarget({ port: 0 });
    const runDir = tempDir();
    const recorder = new CollectingRecorder();
    try {
      const run = await startBrowserUsers({
        host: target.url, users: 1, spawnRate: 1, views: ['cold'], flow: { pages: ['/'] }, recorder, runDir, thresholds: [spec('PAGES:lcp<1')],
      });
      try {
        while (recorder.rows.length < 2) await new Promise((r) => setTimeout(r, 50));
      } finally {
        await run.stop(5000);
      }
      const evidence = run.section(false).evidence!;
      expect(recorder.rows.every((r) => r.ok)).toBe(true);
      expect(evidence.length).toBeGreaterThanOrEqual(2);
      expect(evidence[0].error).toMatch(/^over PAGES:lcp<1 \(lcp \d+ ms\)$/);
      expect(existsSync(join(runDir, evidence[0].screenshot!))).toBe(true);
    } finally {
      await target.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('evidence of pages that paint nothing', () => {
  it('keeps the entry of a document cut short mid-body without a screenshot, and does not hold the user for one', async () => {
    const target = await startFaultTarget();
    const runDir = tempDir();
    const recorder = new CollectingRecorder();
    try {
      const run = await startBrowserUsers({ host: target.url, users: 1, spawnRate: 1, views: ['cold', 'warm'], flow: { pages: [FAULT_PATHS.earlyClose] }, recorder, runDir });
      let elapsedMs = 0;
      try {
        while (recorder.rows.length < 1) await new Promise((r) => setTimeout(r, 10));
        const started = performance.now();
        while (recorder.rows.length < 5) await new Promise((r) => setTimeout(r, 10));
        elapsedMs = performance.now() - started;
      } finally {
        await run.stop(5000);
      }
      const evidence = run.section(false).evidence!;
      expect(evidence.length).toBeGreaterThanOrEqual(5);
      for (const e of evidence) expect(e).toMatchObject({ error: 'closed before the response ended (net::ERR_CONTENT_LENGTH_MISMATCH)', screenshot: null });
      // A screenshot of such a page waits for a frame that never comes: each of these 4 views would have taken its timeout.
      expect(elapsedMs).toBeLessThan(4 * SCREENSHOT_TIMEOUT_MS);
    } finally {
      await target.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('tells a page that paints from one whose navigation still waits for its answer, within a second', async () => {
    const target = await startFaultTarget();
    let browser: Browser | undefined;
    try {
      ({ browser } = await launchChromium(resolveExecutable()));
      const page = await browser.newPage();
      await page.goto(target.url + FAULT_PATHS.ok);
      expect(await paintsFrames(page)).toBe(true);
      page.goto(target.url + FAULT_PATHS.silence).catch(() => undefined);
      await page.waitForRequest((r) => r.url().endsWith(FAULT_PATHS.silence));
      const started = performance.now();
      expect(await paintsFrames(page)).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await browser?.close();
      await target.close();
    }
  }, 60_000);
});

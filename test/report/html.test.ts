import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../playwright.config.js';
import { compareSummaries, renderCompareHtml, writeReports } from '../../src/report/index.js';
import { headline } from '../../src/report/headline.js';
import type { Summary } from '../../src/schema/summary.js';
import { makeSummary, NASTY_NAME } from './fixtures.js';
import { openOffline } from './offline-page.js';

/** Screenshots are kept for people to look at (results/ is git-ignored). */
/** Kept after the run for a look, outside the repository (tests write only under temporary folders). */
const SHOT_DIR = join(tmpdir(), 'browse-load-report-screenshots');

let browser: Browser;
let dir: string;

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROMIUM_PATH)');
  browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  dir = await mkdtemp(join(tmpdir(), 'bl-html-'));
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a report with every other request refused and recorded, and console errors kept. */
const open = (file: string) => openOffline(browser, file);

async function report(summary: Summary, name: string): Promise<string> {
  const runDir = join(dir, name);
  const [file] = await writeReports(summary, runDir);
  return file;
}

/** Non-background pixels of a canvas: a drawn chart has many. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas) return -1;
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
    return inked;
  });
}

describe('report.html', () => {
  it('opens offline with no console errors and no network requests, and the charts render', async () => {
    const file = await report(makeSummary(), 'full');
    const { page, consoleErrors, requests } = await open(file);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('html', 'data-charts')).toBe('5');
    for (const id of ['chart-throughput', 'chart-users', 'chart-latency', 'chart-distribution', 'chart-cpu']) {
      expect(await page.getAttribute(`#${id}`, 'data-rendered'), id).toBe('true');
      expect(await inkedPixels(page, `#${id}`), id).toBeGreaterThan(2000);
    }
    // Legends show every series (browser and protocol together on the latency chart).
    const legend = await page.$$eval('#chart-latency .u-legend .u-label', (els) => els.map((e) => e.textContent));
    expect(legend).toEqual(expect.arrayContaining(['p50', 'p95', 'p99', 'browser pages p95']));
    await page.context().close();
  });

  it('is one file: no external scripts, styles, images or links to fetch', async () => {
    const text = await readFile(await report(makeSummary(), 'single'), 'utf8');
    expect(text).not.toMatch(/<script[^>]+src=/i);
    expect(text).not.toMatch(/<link[^>]+href=/i);
    expect(text).not.toMatch(/<img[^>]+src=/i);
    expect(text).toContain('uPlot');
    expect(text).toMatch(/Content-Security-Policy" content="default-src (&#39;|')none/);
  });

  it('shows headline numbers equal to summary.json', async () => {
    const summary = makeSummary({ failEvery: 7 });
    const file = await report(summary, 'headline');
    const fromDisk: Summary = JSON.parse(JSON.stringify(summary));
    const h = headline(fromDisk);
    const { page } = await open(file);
    const value = (id: string) => page.getAttribute(`#${id}`, 'data-value');
    expect(Number(await value('headline-rps'))).toBe(h.rps);
    expect(Number(await value('headline-p95'))).toBe(fromDisk.aggregate.latency.percentiles['95']);
    expect(Number(await value('headline-p99'))).toBe(fromDisk.aggregate.latency.percentiles['99']);
    expect(Number(await value('headline-errors'))).toBe((fromDisk.aggregate.failures / fromDisk.aggregate.count) * 100);
    expect(Number(await value('headline-requests'))).toBe(fromDisk.aggregate.count);
    expect(await value('headline-thresholds')).toBe(String(fromDisk.thresholds.every((t) => t.passed)));
    // And the visible text agrees with the raw value.
    expect(await page.textContent('#headline-p95')).toContain(String(Math.round(fromDisk.aggregate.latency.percentiles['95']!)));
    await page.context().close();
  });

  it('escapes names from user flows instead of running them', async () => {
    const file = await report(makeSummary(), 'escape');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('<img src=x');
    const { page, consoleErrors } = await open(file);
    expect(await page.$$eval('img', (els) => els.length)).toBe(0);
    const names = await page.$$eval('#stats-table tbody td:nth-child(2)', (els) => els.map((e) => e.textContent));
    expect(names).toContain(NASTY_NAME);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('sorts the per-name table when a column header is clicked', async () => {
    const summary = makeSummary();
    const { page } = await open(await report(summary, 'sort'));
    await page.click('#stats-table thead th:nth-child(3)'); // Requests, ascending
    const counts = await page.$$eval('#stats-table tbody td:nth-child(3)', (els) => els.map((e) => Number(e.getAttribute('data-v'))));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    await page.click('#stats-table thead th:nth-child(3)'); // descending
    const desc = await page.$$eval('#stats-table tbody td:nth-child(3)', (els) => els.map((e) => Number(e.getAttribute('data-v'))));
    expect(desc).toEqual([...counts].sort((a, b) => b - a));
    expect(await page.textContent('#stats-table tfoot')).toContain('Aggregated');
    await page.context().close();
  });

  it('shows pages cold vs warm, the audit, failures and generator health', async () => {
    const summary = makeSummary();
    summary.generator.saturated = true;
    summary.generator.saturatedSeconds = 12;
    const { page } = await open(await report(summary, 'sections'));
    expect(await page.$$eval('#pages .page', (els) => els.map((e) => e.getAttribute('data-page')))).toEqual(['/', '/dashboard/']);
    const lcpRow = await page.textContent('#pages .page[data-page="/dashboard/"] .page-metrics tbody tr:nth-child(9)');
    expect(lcpRow).toContain('LCP');
    expect(await page.textContent('#audit')).toContain('should-compress');
    expect(await page.textContent('#audit-table')).toContain('gzip would save');
    expect(await page.textContent('#failures')).toContain('HTTP 500');
    expect(await page.isVisible('#saturation-warning')).toBe(true);
    expect(await page.textContent('#warmup tfoot')).toContain('Aggregated');
    await page.context().close();
  });

  it('renders without browser, audit, failures or time series', async () => {
    const summary = makeSummary({ withBrowser: false, withAudit: false, failEvery: 0 });
    summary.timeSeries.points = [];
    summary.generator.samples = [];
    const { page, consoleErrors, requests } = await open(await report(summary, 'bare'));
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.$('#pages')).toBeNull();
    expect(await page.$('#audit')).toBeNull();
    await page.context().close();
  });

  it('keeps a screenshot of the report (non-trivial, not blank)', async () => {
    const file = await report(makeSummary({ seconds: 60 }), 'screenshot');
    const { page } = await open(file);
    await mkdir(SHOT_DIR, { recursive: true });
    const shot = join(SHOT_DIR, 'report.png');
    const png = await page.screenshot({ path: shot, fullPage: true });
    const top = await page.screenshot({ clip: { x: 0, y: 0, width: 1366, height: 900 } });
    await writeFile(join(SHOT_DIR, 'report-top.png'), top);
    expect((await stat(shot)).size).toBeGreaterThan(100_000);
    // Not blank: the rendered page has many distinct colours (charts, tiles, text).
    const colours = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = Math.min(img.height, 1600);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    }, png.toString('base64'));
    expect(colours).toBeGreaterThan(200);
    await page.context().close();
  });

  it('compare page: opens offline without errors, shows the verdict, sorts', async () => {
    const c = compareSummaries(makeSummary({ seed: 1 }), makeSummary({ seed: 1, extraLatencyMs: 100, vendorCompressed: true }));
    const file = join(dir, 'compare.html');
    await writeFile(file, renderCompareHtml(c));
    const { page, consoleErrors, requests } = await open(file);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.getAttribute('#compare-verdict', 'data-regressed')).toBe('true');
    expect(await page.textContent('#compare-headline tr[data-metric="p50"]')).toContain('worse');
    expect(await page.textContent('#compare-audit')).toContain('should-compress');
    await page.click('#compare-names thead th:nth-child(2)');
    expect(await page.getAttribute('#compare-names thead th:nth-child(2)', 'class')).toContain('sorted-asc');
    await page.context().close();
  });
});

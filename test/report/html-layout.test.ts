/**
 * The HTML report and compare.html as a reader sees them: real reports of the recorded golden runs
 * (and one with very long names and URLs) opened in Debian's Chromium at 1280 and 1920 px. Nothing
 * wider than the window or its card, every chart legend showing figures without a hover, p95 and
 * p99 drawn apart, every symbol drawn by an installed font or as SVG, no console errors, nothing
 * fetched. Screenshots go to a temporary folder, printed for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../playwright.config.js';
import { compareSummaries, renderCompareHtml, writeReports } from '../../src/report/index.js';
import { renderHtmlReport } from '../../src/report/html/report.js';
import { bytes } from '../../src/report/format.js';
import type { Summary } from '../../src/schema/summary.js';
import { openOffline } from './offline-page.js';

const WIDTHS = [1280, 1920] as const;
const golden = (name: string) => JSON.parse(readFileSync(`test/golden/${name}.summary.json`, 'utf8')) as Summary;

/** The mixed run with names and URLs far longer than a column: they must wrap, not overflow. */
function longNames(): Summary {
  const s = golden('mixed-run');
  const path = `/api/${'journal-entries/'.repeat(6)}?${Array.from({ length: 8 }, (_, i) => `filter${i}=value${i}`).join('&')}`;
  s.stats = [...s.stats, { ...s.stats[0], type: 'GET', method: 'GET', name: path }];
  if (s.audit) {
    const first = s.audit.resources[0];
    s.audit.resources = [...s.audit.resources, { ...first, url: `${s.run.host}${path}` }, { ...first, url: `https://cdn.example.org${path}` }];
  }
  return s;
}

let browser: Browser;
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium found (set CHROMIUM_PATH)');
  browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  dir = await mkdtemp(join(tmpdir(), 'bl-html-layout-'));
  for (const [name, summary] of [['mixed-run', golden('mixed-run')], ['faulty-run', golden('faulty-run')], ['long-names', longNames()]] as const) {
    [files[name]] = await writeReports(summary, join(dir, name));
  }
  files.compare = join(dir, 'compare.html');
  await writeFile(files.compare, renderCompareHtml(compareSummaries(golden('mixed-run'), golden('faulty-run'))));
  console.log(`html-layout screenshots: ${dir}`);
});
afterAll(async () => {
  await browser?.close();
});

const open = (file: string, width: number) => openOffline(browser, file, { width, height: 900 });

/** What sticks out: the document past the window, any element past its right edge, any card that scrolls. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const right = document.documentElement.clientWidth;
    return {
      documentWidth: document.documentElement.scrollWidth,
      window: right,
      pastTheWindow: Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > right + 0.5).map(describe),
      scrollingCards: Array.from(document.querySelectorAll('section, .tile, td, th')).filter((el) => el.scrollWidth > el.clientWidth + 1).map(describe),
    };
  });
}

/** Every distinct character outside ASCII in the page's visible text. */
async function symbols(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...new Set([...text].filter((c) => c.codePointAt(0)! > 0x7e))];
}

/** Installed font families (fontconfig) that have a glyph for the character. */
function fontsDrawing(char: string): string {
  const hex = char.codePointAt(0)!.toString(16);
  return spawnSync('fc-list', [`:charset=${hex}`, 'family'], { encoding: 'utf8' }).stdout.trim();
}

describe.each(WIDTHS)('report.html at %i px', (width) => {
  it.each(['mixed-run', 'faulty-run', 'long-names'])('%s: nothing is wider than the window or its card', async (name) => {
    const { page, consoleErrors, requests } = await open(files[name], width);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
    const found = await overflow(page);
    expect(found.documentWidth).toBeLessThanOrEqual(found.window);
    expect(found.pastTheWindow).toEqual([]);
    expect(found.scrollingCards).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('every chart legend shows figures before any hover, and p95 and p99 are drawn apart', async () => {
    const { page } = await open(files['mixed-run'], width);
    const legends = await page.$$eval('.chart', (charts) =>
      charts.map((chart) => ({
        id: chart.id,
        rows: Array.from(chart.querySelectorAll('.u-legend .u-series')).map((row) => ({
          label: row.querySelector('.u-label')?.textContent ?? '',
          value: row.querySelector('.u-value')?.textContent ?? '',
          border: (row.querySelector('.u-marker') as HTMLElement | null)?.style.border ?? '',
        })),
      })),
    );
    expect(legends.map((l) => l.id)).toEqual(['chart-throughput', 'chart-users', 'chart-latency', 'chart-distribution', 'chart-cpu']);
    for (const { id, rows } of legends) {
      const [x, ...ys] = rows;
      expect(x.value, id).toMatch(/^up to \S*\d/);
      expect(ys.length, id).toBeGreaterThan(0);
      for (const y of ys) expect(y.value, `${id} ${y.label}`).toMatch(/^-?\d[\d,]*(\.\d+)?$/);
    }
    const latency = legends.find((l) => l.id === 'chart-latency')!.rows;
    const border = (label: string) => latency.find((r) => r.label === label)!.border;
    const colour = (b: string) => b.replace(/^\S+ \S+ /, '');
    expect(colour(border('p95'))).not.toBe(colour(border('p99')));
    expect(border('p99')).toContain('dashed');
    expect(border('p95')).toContain('solid');
    // On the plot, the legend follows the cursor: the time under it, a figure or "no data" per series.
    const over = (await page.$('#chart-latency .u-over'))!;
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => !document.querySelector('#chart-latency .u-legend .u-value')?.textContent?.startsWith('up to'));
    const hovered = await page.$$eval('#chart-latency .u-legend .u-value', (els) => els.map((e) => e.textContent ?? ''));
    expect(hovered[0]).toMatch(/^\d\d:\d\d:\d\d$/);
    for (const value of hovered.slice(1)) expect(value).toMatch(/^(-?\d[\d,]*(\.\d+)?|no data)$/);
    await page.context().close();
  });

  it('draws every symbol with an installed font, and its own shapes as SVG', async () => {
    const { page } = await open(files['faulty-run'], width);
    for (const char of await symbols(page)) expect(fontsDrawing(char), `U+${char.codePointAt(0)!.toString(16)} ${char}`).not.toBe('');
    const icons = await page.$$eval('svg.icon', (els) => els.map((el) => el.getBoundingClientRect().width));
    expect(icons.length).toBeGreaterThan(0);
    for (const w of icons) expect(w).toBeGreaterThan(8);
    await page.context().close();
  });
});

describe.each(WIDTHS)('compare.html at %i px', (width) => {
  it('fits the window, and each verdict has a drawn shape beside its word', async () => {
    const { page, consoleErrors, requests } = await open(files.compare, width);
    await page.screenshot({ path: join(dir, `compare-${width}.png`), fullPage: true });
    // The emoji ✅ ❌ ➖ have no glyph in any installed font: this is where they showed as boxes.
    for (const char of await symbols(page)) expect(fontsDrawing(char), `U+${char.codePointAt(0)!.toString(16)} ${char}`).not.toBe('');
    const found = await overflow(page);
    expect(found.pastTheWindow).toEqual([]);
    expect(found.scrollingCards).toEqual([]);
    const verdicts = await page.$$eval('td.v-better, td.v-worse, td.v-same', (cells) =>
      cells.filter((c) => /^(better|worse|same)$/.test((c.textContent ?? '').trim())).map((c) => ({ text: c.textContent!.trim(), shape: c.querySelector('svg.icon')?.getBoundingClientRect().width ?? 0 })),
    );
    expect(new Set(verdicts.map((v) => v.text))).toEqual(new Set(['better', 'worse', 'same']));
    for (const v of verdicts) expect(v.shape, v.text).toBeGreaterThan(8);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });
});

describe('the settings list', () => {
  it('names each setting with its unit and never shows a credential, even one a newer key forgot to redact', () => {
    const s = golden('mixed-run');
    s.run.options = {
      ...s.run.options,
      runTimeS: 90,
      auth: { kind: 'jwt', username: 'alice', password: '[redacted]', loginPath: '/api/token/' },
      sessionToken: 'tok-123',
      proxy: { host: 'proxy.local', password: 'hunter2' },
    };
    const html = renderHtmlReport(s);
    const list = html.slice(html.indexOf('<dl class="settings-list"'), html.indexOf('</dl>'));
    expect(list).toContain('<dt>Credentials</dt><dd>JWT login as alice at /api/token/ (password not shown)</dd>');
    expect(list).toContain('<dt>Run time</dt><dd>1m30s</dd>');
    expect(list).toContain('<dt>Request deadline</dt><dd>30,000 ms</dd>');
    expect(list).toContain('proxy.local');
    for (const secret of ['hunter2', 'tok-123', '[redacted]', 'sessionToken']) expect(list).not.toContain(secret);
    expect(list).not.toMatch(/\w+=\w+/);
  });
});

describe('sizes and URLs', () => {
  it("shows each row's wire size beside its decoded size, both said", () => {
    const s = golden('mixed-run');
    const html = renderHtmlReport(s);
    expect(html).toContain('>Avg wire</th>');
    expect(html).toContain('>Avg size (decoded)</th>');
    for (const row of s.stats) expect(html).toContain(`<td data-v="${row.wireBytes / row.count}">${bytes(row.wireBytes / row.count)}</td>`);
  });

  it("shows the audit's URLs on the run's host as paths, breakable after / ? & =, and other hosts whole", () => {
    const s = longNames();
    const html = renderHtmlReport(s);
    const table = html.slice(html.indexOf('id="audit-table"'), html.indexOf('</table>', html.indexOf('id="audit-table"')));
    const cells = [...table.matchAll(/<td class="text url"[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.length).toBe(s.audit!.resources.length);
    expect(cells.filter((c) => c.includes(s.run.host))).toEqual([]);
    expect(cells.filter((c) => c.startsWith('https://<wbr>cdn.example.org/<wbr>api/'))).toHaveLength(1);
    const long = cells.find((c) => c.startsWith('/<wbr>api/') && c.includes('filter7'))!;
    expect(long).toContain('?<wbr>filter0=<wbr>value0&amp;<wbr>filter1');
  });
});

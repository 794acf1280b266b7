import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderHtmlReport } from '../../src/report/index.js';
import { headline } from '../../src/report/headline.js';
import { makeSummary } from './fixtures.js';
import { auditFixture } from '../audit/fixtures.js';

describe('terminal summary', () => {
  const summary = makeSummary({ seed: 9 });
  const h = headline(summary);

  it('leads with RPS, p95 and errors, then a row per name and the Aggregated row', () => {
    const text = renderTerminal(summary);
    const lines = text.split('\n');
    expect(lines[2]).toContain(`${h.rps.toFixed(2)} req/s`);
    expect(lines[2]).toContain(`p95 ${Math.round(h.p95!)} ms`);
    expect(lines[2]).toContain(`errors ${h.errorPct.toFixed(2)}%`);
    for (const s of summary.stats) expect(text).toContain(s.type);
    expect(lines.find((l) => l.trimStart().startsWith('Aggregated'))).toContain(summary.aggregate.count.toLocaleString('en-US'));
    expect(text).toMatch(/✓ pass {2}p95<500/);
    expect(text).not.toContain('\u001b[');
  });

  it('colours only when asked and never passes control characters from names through', () => {
    const s = makeSummary({ seed: 9 });
    s.stats[0].name = '/evil\u001b[2J\u0007name';
    const plain = renderTerminal(s);
    expect(plain).not.toContain('\u001b');
    expect(plain).not.toContain('\u0007');
    expect(renderTerminal(s, { color: true })).toContain('\u001b[1m');
  });

  it('flags failed thresholds and a saturated generator', () => {
    const s = makeSummary({ seed: 9 });
    s.thresholds[0].passed = false;
    s.generator.saturated = true;
    s.generator.saturatedSeconds = 4;
    const text = renderTerminal(s);
    expect(text).toContain('✗ FAIL  p95<500');
    expect(text).toMatch(/saturated for 4s/);
  });

  it('names a threshold\'s missing row and the nearest existing names, in the terminal and the Markdown', () => {
    const s = makeSummary({ seed: 9 });
    s.thresholds = [{ expression: 'GET /api/serch/:p95<500', target: 'GET /api/serch/', metric: 'p95', comparator: '<', limit: 500, actual: null, passed: false, missingRow: { nearest: ['GET /api/search/', 'API'] } }];
    const line = "no row 'GET /api/serch/' in this run; nearest: 'GET /api/search/', 'API'";
    expect(renderTerminal(s)).toContain(`✗ FAIL  GET /api/serch/:p95<500  (${line})`);
    expect(renderMarkdown(s)).toContain(`(${line})`);
  });

  it('says what the audit found, or that it found nothing', () => {
    const s = makeSummary({ seed: 9 });
    s.audit = auditFixture();
    expect(renderTerminal(s)).toMatch(/Audit: .*\d+ should-compress/);
    s.audit = { ...auditFixture({ vendorCompressed: true }), findingCounts: {} };
    expect(renderTerminal(s)).toContain('Audit: compression and caching as the headers promise, no findings');
  });
});

describe('Markdown results block', () => {
  it('has date/time and environment, RPS, p95 in ms and errors in %, and escapes names', () => {
    const summary = makeSummary({ seed: 9 });
    const h = headline(summary);
    const md = renderMarkdown(summary);
    const row = md.split('\n').find((l) => l.startsWith('| 2026-11-27 09:00:05 |'))!;
    expect(row).toContain('http://127.0.0.1:8077');
    expect(row).toContain('2 CPUs');
    expect(row.endsWith(`| ${h.rps.toFixed(2)} | ${Math.round(h.p95!)} | ${h.errorPct.toFixed(2)} |`)).toBe(true);
    expect(md).toContain('\\|c\\<img'); // the pipe and markup of the nasty name are escaped
    expect(md).toMatch(/\| {2}\| \*\*Aggregated\*\* \|/);
  });
});

describe('HTML audit section', () => {
  it("shows the savings, the conditional GETs and the server's own cache, first against repeat", () => {
    const s = makeSummary({ seed: 9 });
    s.audit = auditFixture();
    s.audit.serverCache.names = [{ name: '/api/search/', source: 'protocol', xCache: { MISS: 12, HIT: 88 }, maxAgeSeconds: null, firstMs: 24.5, repeatMs: 2.25 }];
    const page = renderHtmlReport(s);
    expect(page).toContain('id="server-cache"');
    expect(page).toMatch(/\/<wbr>api\/<wbr>search\/<\/td><td class="text">protocol<\/td><td class="text">MISS 12, HIT 88<\/td><td>[^<]*<\/td><td>24.5 ms<\/td><td>2.25 ms<\/td>/);
    expect(page).toContain('per 1,000 calls');
  });
});

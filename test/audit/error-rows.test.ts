/**
 * Error pages are not content: rows whose every response was a 4xx/5xx are listed as "not
 * audited: HTTP 404" with no verdicts. Pure cases over stats, then a static site (the demo target
 * with --no-api) audited with the ERP flow's routes and pages: its /api rows carry no findings,
 * the table has no verdict row for them and says which routes the target does not serve.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { mergeAudit } from '../../src/result/merge-audit.js';
import { renderAuditTable } from '../../src/report/audit/table.js';
import { renderHtmlReport } from '../../src/report/html/report.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { ResponseProfile, StatEntry } from '../../src/schema/summary.js';
import { auditDemo, erpRoutes, label, type DemoAudit } from './helpers.js';

function stat(name: string, statuses: Record<string, number>): StatEntry {
  const count = Object.values(statuses).reduce((a, b) => a + b, 0);
  const responses: ResponseProfile = {
    contentType: 'text/html', encodings: { identity: { count, wireBytes: 9000 * count, decodedBytes: 9000 * count } }, cacheControl: null, expires: null,
    etag: false, lastModified: false, vary: null, maxAge: null, xCache: {}, statuses, conditionalRequests: 1,
  };
  const latency = { min: 1, max: 1, mean: 1, percentiles: {} } as unknown as StatEntry['latency'];
  return { type: 'GET', method: 'GET', name, count, failures: 0, latency, histogram: '', wireBytes: 0, decodedBytes: 0, firstAt: null, lastAt: null, responses };
}

describe('buildAudit on HTTP errors', () => {
  it('lists a route whose every answer was 404 as not audited, without findings or savings', () => {
    const audit = buildAudit({ stats: [stat('/api/search/', { 404: 2 })], revalidate: true, exactRepeats: true });
    expect(audit.resources[0]).toMatchObject({ notAudited: { code: 'http-error', status: 404 }, findings: [], potentialSavingBytes: 0 });
    expect(audit.findingCounts).toEqual({});
    expect(audit.savings.per1000ApiCalls).toBe(0);
  });

  it('in merged runs, keeps a row unaudited only when every part saw only errors', () => {
    const errors = buildAudit({ stats: [stat('/api/search/', { 404: 2 })], revalidate: true, exactRepeats: true });
    const served = buildAudit({ stats: [stat('/api/search/', { 200: 2 })], revalidate: true, exactRepeats: true });
    expect(mergeAudit([{ audit: errors }, { audit: errors }])!.resources[0].notAudited).toEqual({ code: 'http-error', status: 404 });
    expect(mergeAudit([{ audit: errors }, { audit: served }])!.resources[0].notAudited).toBeUndefined();
  });

  it('still judges a route that answered 200 at least once', () => {
    const audit = buildAudit({ stats: [stat('/api/search/', { 200: 1, 500: 1 })], revalidate: true, exactRepeats: true });
    expect(audit.resources[0].notAudited).toBeUndefined();
    expect(audit.resources[0].findings.map((f) => f.code)).toContain('should-compress');
  });
});

describe('a static site without API routes (demo target --no-api)', () => {
  let site: DemoAudit;
  beforeAll(async () => {
    site = await auditDemo({ api: false }, { pages: ['/', '/dashboard/'], routes: await erpRoutes() });
  }, 120_000);

  it('lists every /api row, browser and protocol, as not audited: HTTP 404, without findings', () => {
    const api = site.audit.resources.filter((r) => new URL(r.url, site.url).pathname.startsWith('/api/'));
    expect(api.map((r) => label(r, site.url)).sort()).toEqual(
      ['/api/journal-entries/?page=1', '/api/search/?q=cash', 'GET /api/journal-entries/', 'GET /api/journal-entries/[id]/', 'GET /api/reports/monthly/', 'GET /api/search/'].sort(),
    );
    for (const r of api) {
      expect(r.notAudited, label(r, site.url)).toEqual({ code: 'http-error', status: 404 });
      expect(r.findings).toEqual([]);
    }
    // Nor do the 404s count as routes that never answer 304, or as the server's cache.
    expect(site.audit.revalidation.routes).toEqual([]);
    expect(site.audit.serverCache.names.filter((n) => n.name.includes('/api/'))).toEqual([]);
  });

  it('prints no verdict row for the 404s, one "not audited" line each, and the routes the target does not serve', () => {
    const table = renderAuditTable(site.audit, site.url);
    const lines = table.split('\n');
    const apiLines = lines.filter((l) => /^(GET )?\/api\//.test(l));
    expect(apiLines).toHaveLength(6);
    for (const l of apiLines) expect(l).toMatch(/ not audited: HTTP 404$/);
    expect(table).not.toMatch(/\/api\/[^\n]*: (too-small|refetched|no-validator|no-304|should-compress)/);
    expect(table).toMatch(/^Not served by the target .*GET \/api\/search\/ \(404\)/m);
    expect(site.audit.resources.filter((r) => !r.notAudited).map((r) => label(r, site.url)).every((l) => !l.includes('/api/'))).toBe(true);
  });

  it("says so in the run's terminal summary, the Markdown block and the HTML report too", () => {
    for (const text of [renderTerminal(site.summary), renderMarkdown(site.summary)]) expect(text).toMatch(/Not served by the target .*GET \/api\/search\/ \(404\)/);
    const html = renderHtmlReport(site.summary);
    expect(html.match(/<tr class="not-audited">/g)).toHaveLength(6);
    expect(html).toContain('not audited: HTTP 404');
  });
});

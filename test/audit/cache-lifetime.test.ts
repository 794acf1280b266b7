/**
 * Cache lifetimes by Lighthouse's uses-long-cache-ttl rule in real audits of the demo target (the
 * curve and the skipping rules as pure functions: lifetime-rules.test.ts), whose lifetime findings
 * must be exactly the URLs the rule lists, computed here by a separate small implementation from
 * the response headers the browser received (with the defaults, with --expires 1h, with --no-max-age).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheHitProbability } from '../../src/audit/cache-lifetime.js';
import { runAuditCommand } from '../../src/commands/audit.js';
import { EXIT } from '../../src/errors.js';
import { renderHtmlReport } from '../../src/report/html/report.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { NoCacheLifetimeFinding, ShortCacheLifetimeFinding } from '../../src/schema/audit.js';
import type { ResourceObservation } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, auditDemo, row, rowsWith, type DemoAudit } from './helpers.js';

const HOUR = 3600;

/**
 * Lighthouse's rule written again from its description, apart from ours: the URLs it would list
 * for the browser's cold-view network responses.
 */
function lighthouseList(resources: ResourceObservation[], now: number): string[] {
  const deciles: [number, number][] = [[0, 0], [0.2, 0.1], [1, 0.2], [3, 0.3], [8, 0.4], [12, 0.5], [24, 0.6], [48, 0.7], [72, 0.8], [168, 0.9], [8760, 1]];
  const probability = (hours: number): number => {
    if (hours >= 8760) return 1;
    for (let i = 1; i < deciles.length; i += 1) {
      const [[h0, p0], [h1, p1]] = [deciles[i - 1], deciles[i]];
      if (hours <= h1) return p0 + ((p1 - p0) * (hours - h0)) / (h1 - h0);
    }
    return 1;
  };
  const listed = new Set<string>();
  for (const r of resources) {
    if (r.servedFrom !== 'network' || ![200, 203, 206].includes(r.status)) continue;
    if (!['script', 'stylesheet', 'image', 'font', 'media'].includes(r.resourceType)) continue;
    const cc = (r.headers['cache-control'] ?? '').toLowerCase();
    if (/(^|,)\s*(no-cache|no-store|must-revalidate|stale-while-revalidate|private)\b/.test(cc)) continue;
    const maxAge = /max-age=(\d+)/.exec(cc.replace(/s-maxage=\d+/, ''));
    let lifetime = 0;
    if (maxAge) lifetime = Number(maxAge[1]);
    else if (r.headers.expires) lifetime = Math.ceil((Date.parse(r.headers.expires) - now) / 1000);
    if ((maxAge || r.headers.expires) && !(lifetime > 0)) continue;
    if (probability(lifetime / 3600) <= 0.925) listed.add(new URL(r.url).pathname);
  }
  return [...listed].sort();
}

const lifetimeRows = (a: DemoAudit) => [...rowsWith(a.audit, a.url, 'short-cache-lifetime'), ...rowsWith(a.audit, a.url, 'no-cache-lifetime')].sort();

describe('the demo target, audited', () => {
  let defaults: DemoAudit;
  let expiring: DemoAudit;
  let heuristic: DemoAudit;
  beforeAll(async () => {
    defaults = await auditDemo({}, { pages: ['/', '/dashboard/'], routes: [] });
    expiring = await auditDemo({ expiresS: HOUR }, { pages: ['/'], routes: [] });
    heuristic = await auditDemo({ maxAge: false }, { pages: ['/'], routes: [] });
  }, 180_000);

  it("lists with its defaults exactly the URLs Lighthouse's rule lists (none: every lifetime is a year, or no-cache)", () => {
    const expected = lighthouseList(defaults.summary.browser!.resources, Date.now());
    expect(lifetimeRows(defaults)).toEqual(expected);
    expect(expected).toEqual([]);
    expect(row(defaults.audit, defaults.url, '/static/app.css').lifetime).toMatchObject({ source: 'max-age', seconds: 31_536_000, hitProbability: 1, immutable: true, fingerprinted: false });
  });

  it('with --expires 1h, lists every static asset as short-cache-lifetime, as Lighthouse does', () => {
    const expected = lighthouseList(expiring.summary.browser!.resources, Date.now());
    expect(expected).toEqual(['/static/app.css', '/static/app.js', '/static/logo.svg', '/static/vendor.js']);
    expect(rowsWith(expiring.audit, expiring.url, 'short-cache-lifetime')).toEqual(expected);
    const css = row(expiring.audit, expiring.url, '/static/app.css');
    const finding = css.findings.find((f) => f.code === 'short-cache-lifetime') as ShortCacheLifetimeFinding;
    expect(finding.source).toBe('expires');
    expect(finding.lifetimeS).toBeGreaterThan(HOUR - 120);
    expect(finding.lifetimeS).toBeLessThanOrEqual(HOUR);
    expect(finding.wastedBytes).toBe(Math.round((1 - cacheHitProbability(finding.lifetimeS)) * css.wireBytes));
  });

  it('shows the finding in the terminal summary, the Markdown block and the HTML report', () => {
    expect(renderTerminal(expiring.summary)).toMatch(/Audit: .*4 short-cache-lifetime/);
    expect(renderMarkdown(expiring.summary)).toMatch(/^- \/static\/app\.css: short-cache-lifetime: cached for (59m|1h00m)\d\ds \(expires\): a repeat visit finds it fresh with probability 20 %/m);
    expect(renderHtmlReport(expiring.summary)).toMatch(/<li>short-cache-lifetime: cached for [^<]* \(expires\)/);
  });

  it('with --no-max-age, lists every static asset as no-cache-lifetime with the heuristic lifetime from Last-Modified', () => {
    const expected = lighthouseList(heuristic.summary.browser!.resources, Date.now());
    expect(rowsWith(heuristic.audit, heuristic.url, 'no-cache-lifetime')).toEqual(expected);
    expect(expected).toHaveLength(4);
    const logo = row(heuristic.audit, heuristic.url, '/static/logo.svg');
    const lastModified = heuristic.summary.browser!.resources.find((r) => r.url === logo.url)!.headers['last-modified'];
    const finding = logo.findings.find((f) => f.code === 'no-cache-lifetime') as NoCacheLifetimeFinding;
    const tenPercent = (0.1 * (Date.now() - Date.parse(lastModified))) / 1000;
    expect(finding.heuristicS).toBeGreaterThan(tenPercent - 60);
    expect(finding.heuristicS).toBeLessThanOrEqual(Math.round(tenPercent));
  });
});

describe('--strict=cache', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, expiresS: HOUR });
  });
  afterAll(() => target?.close());

  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

  it('leaves a short lifetime out of --strict, and fails on it with --strict=cache', async () => {
    const raw = { host: target.url, apiKey: API_KEY.apiKey, pages: '/', routes: '/health' };
    expect(await runAuditCommand({ ...raw, strict: true }, quiet, quiet)).toBe(EXIT.ok);
    expect(await runAuditCommand({ ...raw, strict: 'cache' }, quiet, quiet)).toBe(EXIT.thresholdFailed);
  }, 120_000);

  it('refuses another value as a usage error', async () => {
    await expect(runAuditCommand({ host: target.url, strict: 'lifetime' }, quiet, quiet)).rejects.toThrow(/--strict takes no value, or =cache/);
  });
});

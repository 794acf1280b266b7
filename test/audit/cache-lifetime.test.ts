/**
 * Cache lifetimes by Lighthouse's uses-long-cache-ttl rule: the curve and the skipping rules as
 * pure functions, then real audits of the demo target, whose lifetime findings must be exactly
 * the URLs the rule lists, computed here by a separate small implementation from the response
 * headers the browser received (with the defaults, with --expires 1h, with --no-max-age).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheHitProbability, cacheLifetime, isFingerprinted, lifetimeFinding, type LifetimeSubject } from '../../src/audit/cache-lifetime.js';
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
const NOW = Date.parse('2026-06-01T00:00:00Z');

function subject(over: Partial<LifetimeSubject> & { cacheControl?: string | null; expires?: string | null; lastModified?: string | null }): LifetimeSubject {
  return {
    url: 'http://t/static/app.css', resourceType: 'stylesheet', status: 200, sharedCache: false, wireBytes: 10_000, now: NOW,
    headers: { cacheControl: over.cacheControl ?? null, expires: over.expires ?? null, lastModified: over.lastModified ?? null },
    ...over,
  };
}

describe("Lighthouse's cache-hit curve", () => {
  it('reads the decile points: 1 h is the 20th percentile, 12 h the 50th, a day the 60th, a week the 90th', () => {
    expect(cacheHitProbability(0)).toBe(0);
    expect(cacheHitProbability(HOUR)).toBeCloseTo(0.2, 10);
    expect(cacheHitProbability(12 * HOUR)).toBeCloseTo(0.5, 10);
    expect(cacheHitProbability(24 * HOUR)).toBeCloseTo(0.6, 10);
    expect(cacheHitProbability(168 * HOUR)).toBeCloseTo(0.9, 10);
    expect(cacheHitProbability(8760 * HOUR)).toBeCloseTo(1, 10);
    expect(cacheHitProbability(10 * 8760 * HOUR)).toBe(1);
  });

  it('interpolates between the points: 2 h lies halfway from the 20th to the 30th percentile', () => {
    expect(cacheHitProbability(2 * HOUR)).toBeCloseTo(0.25, 10);
  });

  it('lists a lifetime up to 0.925 (about 96 days) and not one above', () => {
    const edgeHours = 168 + 0.25 * (8760 - 168);
    expect(lifetimeFinding(cacheLifetime(subject({ cacheControl: `max-age=${Math.floor(edgeHours * HOUR) - 60}` }))!, 10_000)?.code).toBe('short-cache-lifetime');
    expect(lifetimeFinding(cacheLifetime(subject({ cacheControl: `max-age=${Math.ceil(edgeHours * HOUR) + 60}` }))!, 10_000)).toBeNull();
  });
});

describe('cacheLifetime', () => {
  it('takes max-age before Expires, and Expires as seconds from now', () => {
    expect(cacheLifetime(subject({ cacheControl: 'public, max-age=600', expires: new Date(NOW + 86_400_000).toUTCString() }))).toMatchObject({ source: 'max-age', seconds: 600 });
    expect(cacheLifetime(subject({ expires: new Date(NOW + 3_600_000).toUTCString() }))).toMatchObject({ source: 'expires', seconds: 3600 });
  });

  it('takes s-maxage only where a shared cache answered', () => {
    const cc = 'max-age=60, s-maxage=86400';
    expect(cacheLifetime(subject({ cacheControl: cc }))).toMatchObject({ source: 'max-age', seconds: 60 });
    expect(cacheLifetime(subject({ cacheControl: cc, sharedCache: true }))).toMatchObject({ source: 's-maxage', seconds: 86_400 });
  });

  it('leaves alone what asks to be revalidated or kept private, zero lifetimes, non-static types and errors', () => {
    for (const cc of ['no-cache', 'no-store', 'must-revalidate, max-age=60', 'max-age=60, stale-while-revalidate=30', 'private, max-age=60', 'max-age=0']) {
      expect(cacheLifetime(subject({ cacheControl: cc })), cc).toBeNull();
    }
    expect(cacheLifetime(subject({ expires: new Date(NOW - 1000).toUTCString() }))).toBeNull();
    expect(cacheLifetime(subject({ resourceType: 'fetch' }))).toBeNull();
    expect(cacheLifetime(subject({ resourceType: 'document' }))).toBeNull();
    expect(cacheLifetime(subject({ status: 404 }))).toBeNull();
  });

  it('gives an asset without a lifetime the heuristic 10 % of its age since Last-Modified', () => {
    const life = cacheLifetime(subject({ lastModified: new Date(NOW - 10 * 86_400_000).toUTCString() }))!;
    expect(life).toMatchObject({ source: 'none', seconds: null, heuristicSeconds: 86_400, hitProbability: 0 });
    const finding = lifetimeFinding(life, 10_000) as NoCacheLifetimeFinding;
    expect(finding).toEqual({ code: 'no-cache-lifetime', heuristicS: 86_400, wastedBytes: 10_000, fingerprinted: false });
    expect((lifetimeFinding(cacheLifetime(subject({}))!, 10_000) as NoCacheLifetimeFinding).heuristicS).toBeNull();
  });

  it('notes immutable and fingerprinted names, and wastes (1 − probability) of the wire bytes', () => {
    const life = cacheLifetime(subject({ url: 'http://t/static/app.3f2a9c1e.css', cacheControl: 'max-age=3600, immutable' }))!;
    const finding = lifetimeFinding(life, 10_000) as ShortCacheLifetimeFinding;
    expect(finding).toEqual({ code: 'short-cache-lifetime', lifetimeS: 3600, source: 'max-age', hitProbability: 0.2, wastedBytes: 8000, immutable: true, fingerprinted: true });
    expect(isFingerprinted('http://t/static/main-5UJ3VQ2K.js?v=1')).toBe(true);
    expect(isFingerprinted('http://t/static/vendor.js')).toBe(false);
    expect(isFingerprinted('http://t/static/jquery-datepicker.js')).toBe(false);
  });
});

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

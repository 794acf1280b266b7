/**
 * `browse-load audit` end to end (options → a short run of the runner → table or JSON → exit code)
 * against the demo target: a clean target gives no findings and warm views that keep the headers' promises; --strict
 * fails on should-compress; options and unreachable hosts fail with one line and exit 2 / 4.
 */
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand, type RawAuditOptions } from '../../src/commands/audit.js';
import { runAudit } from '../../src/runner/audit/plan.js';
import type { AuditResource } from '../../src/schema/audit.js';
import { EXIT, UserFacingError } from '../../src/errors.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, ASSETS, ERP_GETS } from './helpers.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function audit(raw: RawAuditOptions): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runAuditCommand({ apiKey: API_KEY.apiKey, ...raw }, out, err);
  return { code, out: out.text, err: err.text };
}

const label = (r: AuditResource, base: string) => (r.source === 'protocol' ? `${r.method} ${r.url}` : r.url.slice(base.length));

describe('a clean demo target', () => {
  let target: DemoTarget;
  let result: { code: number; out: string; err: string };
  let rows: AuditResource[];
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
    result = await audit({ host: target.url, json: true, strict: true });
    rows = JSON.parse(result.out) as AuditResource[];
  });
  afterAll(() => target?.close());

  it('prints one JSON object per resource with the documented fields, and exits 0 under --strict', () => {
    expect(result.err).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(rows.map((r) => label(r, target.url)).sort()).toEqual(
      ['/', ...ASSETS, '/dashboard/', '/api/journal-entries/?page=1', '/api/search/?q=cash', ...ERP_GETS].sort(),
    );
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['url', 'compression', 'wireBytes', 'decodedBytes', 'encoding', 'cache', 'findings']));
    }
  });

  it('has no findings at all, and every body is compressed', () => {
    expect(rows.filter((r) => r.findings.length > 0).map((r) => [label(r, target.url), r.findings])).toEqual([]);
    expect(new Set(rows.map((r) => r.compression))).toEqual(new Set(['compressed']));
  });

  it("serves from cache what max-age promises and revalidates with a 304 what no-cache and ETags promise, on the warm view", () => {
    const warm = Object.fromEntries(rows.filter((r) => r.source === 'browser').map((r) => [label(r, target.url), [r.cache, r.promisedCache]]));
    expect(warm).toEqual({
      '/': ['revalidated', 'revalidated'],
      '/static/app.css': ['hit', 'hit'],
      '/static/app.js': ['hit', 'hit'],
      '/static/vendor.js': ['revalidated', 'revalidated'],
      '/static/logo.svg': ['hit', 'hit'],
      '/dashboard/': ['refetched', 'refetched'],
      '/api/journal-entries/?page=1': ['revalidated', 'revalidated'],
      '/api/search/?q=cash': ['revalidated', 'revalidated'],
    });
  });

  it('finds that every GET route of the flow answers its conditional repeat with 304', () => {
    for (const r of rows.filter((x) => x.source === 'protocol')) {
      expect(r, r.url).toMatchObject({ method: 'GET', cache: 'revalidated', count: 2, notModified: 1 });
    }
  });
});

describe('gzip turned off for an API route', () => {
  let target: DemoTarget;
  const routes = '/api/journal-entries/?page=2,/api/search/?q=zzzz-nothing';
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0, noGzipFor: ['/api/journal-entries/'] });
  });
  afterAll(() => target?.close());

  it('fails --strict and reports the route as should-compress, the tiny search answer as too-small', async () => {
    const { code, out } = await audit({ host: target.url, browser: false, routes, json: true, strict: true });
    expect(code).toBe(EXIT.thresholdFailed);
    const rows = JSON.parse(out) as AuditResource[];
    const byName = Object.fromEntries(rows.map((r) => [r.url, r]));
    expect(byName['/api/journal-entries/?page=2'].compression).toBe('should-compress');
    expect(byName['/api/search/?q=zzzz-nothing']).toMatchObject({ compression: 'too-small', encoding: 'identity', findings: [] });
    expect(byName['/api/search/?q=zzzz-nothing'].decodedBytes).toBeLessThan(200);
  });

  it('puts the re-gzip saving on the route and averages it over all API calls per 1,000', async () => {
    const res = await fetch(`${target.url}/api/journal-entries/?page=2`, { headers: { 'x-api-key': API_KEY.apiKey } });
    const body = Buffer.from(await res.arrayBuffer());
    const saving = body.length - gzipSync(body).length;
    const { summary } = await runAudit({ host: target.url, auth: API_KEY, pages: [], routes: routes.split(',').map((p) => ({ name: p, path: p })), requestTimeoutMs: 10_000, resultsDir: null });
    const a = summary.audit!;
    const journal = a.resources.find((r) => r.url === '/api/journal-entries/?page=2')!;
    expect(journal).toMatchObject({ savingMethod: 're-gzip', potentialSavingBytes: saving, decodedBytes: body.length });
    // 4 calls: each route once plus its 304 repeat; one uncompressed journal body among them.
    expect(a.savings).toMatchObject({ apiCalls: 4, per1000ApiCalls: Math.round((saving / 4) * 1000) });
    expect(a.revalidation.answering304.sort()).toEqual(routes.split(',').sort());
  });

  it("at the end of a run, re-gzips the browser's uncompressed API body fetched with the run's credentials", async () => {
    const { summary } = await runAudit({ host: target.url, auth: API_KEY, pages: ['/dashboard/'], routes: [], requestTimeoutMs: 10_000, resultsDir: null });
    const a = summary.audit!;
    const list = a.resources.find((r) => r.url === `${target.url}/api/journal-entries/?page=1`)!;
    expect(list).toMatchObject({ source: 'browser', resourceType: 'fetch', encoding: 'identity', compression: 'should-compress', savingMethod: 're-gzip' });
    const res = await fetch(list.url, { headers: { 'x-api-key': API_KEY.apiKey } });
    const body = Buffer.from(await res.arrayBuffer());
    expect(list.potentialSavingBytes).toBe(body.length - gzipSync(body).length);
    expect(a.resources.filter((r) => r.compression === 'should-compress').map((r) => r.url)).toEqual([list.url]);
  });

  it('prints the table with the verdict and the finding in words', async () => {
    const { code, out } = await audit({ host: target.url, browser: false, routes });
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/GET \/api\/journal-entries\/\?page=2 +protocol +json +identity .* should-compress/);
    expect(out).toMatch(/should-compress: sent uncompressed to protocol users: gzip would save/);
    expect(out).toMatch(/Conditional GETs: 2 of 2 routes answered 304/);
  });
});

describe('errors', () => {
  const failure = async (raw: RawAuditOptions) => {
    const error = await audit(raw).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    return error as UserFacingError;
  };

  it('reports every bad option at once, as a usage error (exit 2)', async () => {
    const e = await failure({ host: 'ftp://example', pages: 'dashboard', routes: 'api/search/' });
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toMatch(/--host wants an http\(s\) URL/);
    expect(e.message).toMatch(/--pages wants paths starting with \/, got 'dashboard'/);
    expect(e.message).toMatch(/--routes wants paths starting with \//);
    expect(e.message).not.toMatch(/\n/);
  });

  it('says it cannot run when Chromium is missing (exit 4)', async () => {
    const target = await startDemoTarget({ port: 0 });
    try {
      const e = await failure({ host: target.url, chromium: '/nonexistent/chromium', routes: '/api/search/?q=x' });
      expect(e.exitCode).toBe(EXIT.cannotRun);
      expect(e.message).toMatch(/^Chromium not found at \/nonexistent\/chromium/);
    } finally {
      await target.close();
    }
  });

  it('says it cannot run when the host does not answer (exit 4)', async () => {
    const e = await failure({ host: 'http://127.0.0.1:9', browser: false, routes: '/api/search/?q=x' });
    expect(e.exitCode).toBe(EXIT.cannotRun);
    expect(e.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});

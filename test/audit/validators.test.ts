/**
 * Validators that never validate in real audits of the demo target (the probe's answers judged as
 * pure cases: validator-rules.test.ts): with its defaults every probed resource answers 304; with
 * --etag-suffix-gzip (Apache mod_deflate's -gzip) the compressed resources are validator-ignored for an ETag per
 * encoding; with --per-request-etag for an ETag per request. The row's `revalidation` says what
 * was sent and what came back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorFinding } from '../../src/audit/validators.js';
import { probeValidators } from '../../src/runner/audit/validators.js';
import type { ValidatorIgnoredFinding } from '../../src/schema/audit.js';
import { auditDemo, erpRoutes, row, rowsWith, type DemoAudit } from './helpers.js';

const PAGES = ['/'];
const COMPRESSED_BROWSER = ['/', '/static/app.css', '/static/app.js', '/static/logo.svg', '/static/vendor.js'];

describe('the demo target, probed', () => {
  let clean: DemoAudit;
  let suffixed: DemoAudit;
  let perRequest: DemoAudit;
  beforeAll(async () => {
    const routes = await erpRoutes();
    clean = await auditDemo({}, { pages: PAGES, routes });
    suffixed = await auditDemo({ etagSuffixGzip: true }, { pages: PAGES, routes });
    perRequest = await auditDemo({ perRequestEtag: true }, { pages: [], routes });
  }, 240_000);

  it('with its defaults, every resource with a validator answers the probe with 304 and none is validator-ignored', () => {
    expect(rowsWith(clean.audit, clean.url, 'validator-ignored')).toEqual([]);
    const probed = clean.audit.resources.filter((r) => r.revalidation);
    expect(probed.length).toBeGreaterThanOrEqual(COMPRESSED_BROWSER.length + 4);
    for (const r of probed) expect(r.revalidation!.status, r.url).toBe(304);
    const css = row(clean.audit, clean.url, '/static/app.css').revalidation!;
    expect(css.sent.ifNoneMatch).toMatch(/^W\/"/);
    expect(css.sent.ifModifiedSince).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(css.sent.acceptEncoding).toContain('gzip');
  });

  it("with --etag-suffix-gzip, finds every compressed resource validator-ignored for an ETag per encoding", () => {
    expect(rowsWith(suffixed.audit, suffixed.url, 'validator-ignored')).toEqual(
      [...COMPRESSED_BROWSER, 'GET /api/journal-entries/', 'GET /api/journal-entries/[id]/', 'GET /api/reports/monthly/', 'GET /api/search/'].sort(),
    );
    const js = row(suffixed.audit, suffixed.url, '/static/app.js');
    const finding = js.findings.find((f) => f.code === 'validator-ignored') as ValidatorIgnoredFinding;
    expect(finding.cause).toBe('etag-per-encoding');
    expect(finding.sentEtag).toMatch(/-gzip"$/);
    expect(finding.identityEtag).toBe(finding.sentEtag!.replace('-gzip"', '"'));
    expect(js.revalidation).toMatchObject({ status: 200, encoding: 'gzip' });
  });

  it('with --per-request-etag, finds every GET route validator-ignored for an ETag per request', () => {
    const causes = perRequest.audit.resources.map((r) => (r.findings.find((f) => f.code === 'validator-ignored') as ValidatorIgnoredFinding | undefined)?.cause);
    expect(causes).toEqual(perRequest.audit.resources.map(() => 'etag-per-request'));
    expect(perRequest.audit.resources).toHaveLength(4);
  });
});

describe('probeValidators against a body that changed since the run', () => {
  // A correct server whose content changes once: the first request sees version 1, later ones version 2.
  let server: Server;
  let url = '';
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      const etag = requests === 1 ? '"v1"' : '"v2"';
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { etag, 'content-type': 'application/json' }).end(JSON.stringify({ version: etag }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/search/`;
    await fetch(url).then((r) => r.text()); // what "the run" saw: version 1
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks again with the new ETag and records the 304, so no validator-ignored is found', async () => {
    const probes = await probeValidators([{ key: 'protocol /api/search/', url, etag: '"v1"', lastModified: null, encoding: 'identity', acceptEncoding: 'gzip' }], { origin: url });
    const p = probes.get('protocol /api/search/')!;
    expect(p).toMatchObject({ status: 304, sent: { ifNoneMatch: '"v2"' } });
    expect(validatorFinding(p)).toBeNull();
    expect(requests).toBe(3);
  });
});

/**
 * The audit against the demo target's misconfiguration switches, in real Chromium: each mistake is
 * reported on exactly the resources it affects, and nowhere else.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAudit } from '../../src/audit/build.js';
import { ASSETS, ERP_GETS, auditDemo, findingMap, row, rowsWith, type DemoAudit } from './helpers.js';

describe('gzip turned off for /static/vendor.js', () => {
  let a: DemoAudit;
  beforeAll(async () => {
    a = await auditDemo({ noGzipFor: ['/static/vendor.js'] });
  });

  it('reports vendor.js, and only vendor.js, as should-compress', () => {
    expect(a.failures).toEqual([]);
    expect(rowsWith(a.audit, a.url, 'should-compress')).toEqual(['/static/vendor.js']);
    expect(a.audit.resources.filter((r) => r.compression === 'should-compress').map((r) => r.url)).toEqual([`${a.url}/static/vendor.js`]);
    expect(findingMap(a.audit, a.url)).toEqual({ '/static/vendor.js': ['should-compress'] });
  });

  it("saves what gzip saves on vendor.js's body, per cold view of each page that loads it", async () => {
    const body = await a.identityBody('/static/vendor.js');
    const saving = body.length - gzipSync(body).length;
    const vendor = row(a.audit, a.url, '/static/vendor.js');
    expect(vendor).toMatchObject({ encoding: 'identity', wireBytes: body.length, decodedBytes: body.length, savingMethod: 're-gzip', potentialSavingBytes: saving });
    expect(saving).toBeGreaterThan(100_000);
    expect(vendor.findings).toEqual([
      { code: 'should-compress', side: 'browser', savingBytes: saving, decodedBytes: body.length, sharePct: Math.round((saving / body.length) * 100), method: 're-gzip' },
    ]);
    const perView = Object.fromEntries(a.audit.savings.perPageView.map((v) => [`${v.page} [${v.view}]`, v.bytes]));
    // The warm views revalidate vendor.js (304): no body, nothing to save.
    expect(perView).toEqual({ '/ [cold]': saving, '/ [warm]': 0, '/dashboard/ [cold]': saving, '/dashboard/ [warm]': 0 });
  });

  it('still reports it from sizes alone (a run without bodies), with a smaller, estimated saving', async () => {
    const body = await a.identityBody('/static/vendor.js');
    const rebuilt = buildAudit({ ...a.input, bodies: undefined });
    const vendor = row(rebuilt, a.url, '/static/vendor.js');
    expect(vendor.compression).toBe('should-compress');
    expect(vendor.savingMethod).toBe('type-estimate');
    expect(vendor.potentialSavingBytes).toBeLessThan(body.length - gzipSync(body).length);
  });

  it('reports the gzipped assets as compressed with their achieved ratio', () => {
    for (const path of ['/static/app.css', '/static/app.js', '/']) {
      const r = row(a.audit, a.url, path);
      expect(r.compression, path).toBe('compressed');
      expect(r.encoding).toBe('gzip');
      expect(r.ratio!).toBeLessThan(0.5);
    }
  });
});

describe('no-store on /static/app.css', () => {
  let a: DemoAudit;
  beforeAll(async () => {
    a = await auditDemo({ cacheControl: { '/static/app.css': 'no-store' } });
  });

  it('reports no-store and the warm-view download on app.css and on nothing else', () => {
    expect(findingMap(a.audit, a.url)).toEqual({ '/static/app.css': ['no-store', 'refetched-on-warm-view'] });
    const css = row(a.audit, a.url, '/static/app.css');
    expect(css).toMatchObject({ cache: 'refetched', promisedCache: 'refetched' });
    expect(css.headers.cacheControl).toBe('no-store');
  });
});

describe('validators stripped (--no-validators)', () => {
  let a: DemoAudit;
  beforeAll(async () => {
    a = await auditDemo({ validators: false });
  });

  it('reports a missing validator on every static asset, on /, and on every API GET repeated conditionally', () => {
    expect(rowsWith(a.audit, a.url, 'no-validator')).toEqual(['/', ...ASSETS, ...ERP_GETS].sort());
  });

  it('reports the warm-view download only where the headers allowed no cache hit (vendor.js is no-cache)', () => {
    expect(rowsWith(a.audit, a.url, 'refetched-on-warm-view')).toEqual(['/static/vendor.js']);
    // Immutable assets are still served from the cache: missing validators do not stop that.
    for (const path of ['/static/app.css', '/static/app.js']) expect(row(a.audit, a.url, path).cache).toBe('hit');
  });

  it('leaves the no-store dashboard and the API fetches without findings', () => {
    const map = findingMap(a.audit, a.url);
    for (const path of ['/dashboard/', '/api/journal-entries/?page=1', '/api/search/?q=cash']) expect(map[path], path).toBeUndefined();
  });

  it('finds no route that answers 304, and says the warm views did what the headers promise', () => {
    expect(a.audit.revalidation.requested).toBe(true);
    expect(a.audit.revalidation.answering304).toEqual([]);
    expect(a.audit.revalidation.routes.map((r) => `GET ${r.name}`).sort()).toEqual(ERP_GETS);
    for (const name of ERP_GETS) expect(row(a.audit, a.url, name).cache, name).toBe('refetched');
    expect(rowsWith(a.audit, a.url, 'cache-not-as-promised')).toEqual([]);
  });
});

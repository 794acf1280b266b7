/** The audit section of merged runs, on hand-made sections: rows by key, findings by code, revalidation, the server cache. */
import { describe, expect, it } from 'vitest';
import { mergeAudit } from '../../src/result/merge-audit.js';
import type { AuditFinding, AuditResource, AuditSection, WarmupEffect } from '../../src/schema/audit.js';

const finding = (code: string, note = ''): AuditFinding => ({ code, note }) as unknown as AuditFinding;

function row(url: string, fields: Partial<AuditResource> = {}): AuditResource {
  return {
    url, source: 'protocol', method: 'GET', contentType: 'application/json', status: 200, wireBytes: 100, decodedBytes: 400, encoding: 'gzip',
    ratio: 0.25, gzipBytes: null, potentialSavingBytes: 0, headers: { age: null, xCache: {} }, count: 1, findings: [], ...fields,
  } as unknown as AuditResource;
}

function audit(fields: Partial<AuditSection> = {}): AuditSection {
  return {
    version: 1, resources: [], savings: { perPageView: [], per1000ApiCalls: 0, apiCalls: 0 },
    revalidation: { requested: true, routes: [], answering304: [] }, serverCache: { names: [], warmup: null }, findingCounts: {}, ...fields,
  } as AuditSection;
}

const figures = (p50: number | null, p95: number | null) => ({ warmupP50Ms: p50, measuredP50Ms: p50, warmupP95Ms: p95, measuredP95Ms: p95 });

describe('merged audit rows', () => {
  it('merge nothing into nothing, and one part’s row as it is', () => {
    expect(mergeAudit([])).toBeUndefined();
    const only = row('/a');
    expect(mergeAudit([{ audit: audit({ resources: [only] }) }])!.resources[0]).toBe(only);
  });

  it('meet by source, method and URL; weigh means by count; keep the largest Age and sum X-Cache', () => {
    const a = row('/a', { count: 1, wireBytes: 100, decodedBytes: 400, gzipBytes: 90, potentialSavingBytes: 10, headers: { age: 5, xCache: { HIT: 1 } } as unknown as AuditResource['headers'], findings: [finding('no-validator', 'first')] });
    const b = row('/a', { count: 3, wireBytes: 200, decodedBytes: 800, gzipBytes: null, potentialSavingBytes: 30, headers: { age: null, xCache: { HIT: 2, MISS: 1 } } as unknown as AuditResource['headers'], findings: [finding('no-validator', 'second'), finding('should-compress')] });
    const m = mergeAudit([{ audit: audit({ resources: [a, row('/a', { method: 'POST' })] }) }, { audit: audit({ resources: [b, row('/a', { source: 'browser' } as Partial<AuditResource>)] }) }])!;
    expect(m.resources.map((r) => [r.source, r.method, r.url, r.count])).toEqual([['protocol', 'GET', '/a', 4], ['protocol', 'POST', '/a', 1], ['browser', 'GET', '/a', 1]]);
    const merged = m.resources[0];
    expect(merged).toMatchObject({ wireBytes: 175, decodedBytes: 700, ratio: 0.25, gzipBytes: 90, potentialSavingBytes: 25, headers: { age: 5, xCache: { HIT: 3, MISS: 1 } } });
    expect(merged.findings).toEqual([finding('no-validator', 'first'), finding('should-compress')]);
    expect(m.findingCounts).toEqual({ 'no-validator': 1, 'should-compress': 1 });
  });

  it('has no ratio without decoded bytes and no gzip size when no part had one', () => {
    const m = mergeAudit([{ audit: audit({ resources: [row('/e', { decodedBytes: 0, wireBytes: 0 })] }) }, { audit: audit({ resources: [row('/e', { decodedBytes: 0, wireBytes: 0 })] }) }])!;
    expect(m.resources[0]).toMatchObject({ ratio: null, gzipBytes: null, headers: { age: null } });
  });

  it('joins pages, encodings and 304s where any part had them; an error page only where every part saw one', () => {
    const m = mergeAudit([
      { audit: audit({ resources: [row('/p', { pages: ['/x'], encodings: { gzip: 1 }, notModified: 2, notAudited: { code: 'http-error', status: 500 } })] }) },
      { audit: audit({ resources: [row('/p', { pages: ['/x', '/y'], revalidation: { r: 1 }, lifetime: { l: 1 } } as unknown as Partial<AuditResource>)] }) },
    ])!;
    const r = m.resources[0];
    expect(r).toMatchObject({ pages: ['/x', '/y'], encodings: { gzip: 1 }, notModified: 2, revalidation: { r: 1 }, lifetime: { l: 1 } });
    expect(r).not.toHaveProperty('notAudited');
    const plain = mergeAudit([{ audit: audit({ resources: [row('/q', { notAudited: { code: 'http-error', status: 500 } })] }) }, { audit: audit({ resources: [row('/q', { notAudited: { code: 'http-error', status: 500 } })] }) }])!.resources[0];
    expect(plain).toMatchObject({ notAudited: { code: 'http-error', status: 500 } });
    for (const key of ['pages', 'encodings', 'notModified', 'revalidation', 'lifetime']) expect(plain).not.toHaveProperty(key);
  });
});

describe('merged savings, revalidation and server cache', () => {
  it('weigh per-view savings by each part’s views of the page (1 without them) and API savings by calls', () => {
    const browser = (views: number) => ({ pages: [{ name: '/ [cold]', url: '/', view: 'cold', views }] }) as never;
    const m = mergeAudit([
      { audit: audit({ savings: { perPageView: [{ page: '/', view: 'cold', bytes: 100 }], per1000ApiCalls: 10, apiCalls: 1 } }), browser: browser(3) },
      { audit: audit({ savings: { perPageView: [{ page: '/', view: 'cold', bytes: 200 }, { page: '/', view: 'warm', bytes: 0 }], per1000ApiCalls: 50, apiCalls: 3 } }) },
    ])!;
    expect(m.savings).toEqual({ perPageView: [{ page: '/', view: 'cold', bytes: 125 }, { page: '/', view: 'warm', bytes: 0 }], per1000ApiCalls: 40, apiCalls: 4 });
  });

  it('add each route’s calls and 304s, OR its validators, and list the routes that answered 304', () => {
    const route = (name: string, calls: number, notModified: number, etag: boolean, lastModified: boolean) => ({ name, calls, notModified, etag, lastModified });
    const m = mergeAudit([
      { audit: audit({ revalidation: { requested: true, routes: [route('/a', 2, 0, false, true), route('/b', 1, 0, false, false)], answering304: [] } }) },
      { audit: audit({ revalidation: { requested: false, routes: [route('/a', 3, 1, true, false)], answering304: ['/a'] } }) },
    ])!;
    expect(m.revalidation).toEqual({ requested: false, routes: [route('/a', 5, 1, true, true), route('/b', 1, 0, false, false)], answering304: ['/a'] });
  });

  it('sum the server cache’s X-Cache by source and name with the largest max-age, and bound warm-up effects by the larger', () => {
    const name = (n: string, xCache: Record<string, number>, maxAgeSeconds: number | null) => ({ source: 'protocol', name: n, xCache, maxAgeSeconds }) as never;
    const effect = (durationS: number, p50: number | null, p95: number | null): WarmupEffect => ({ durationS, names: [{ type: 'GET', name: '/a', ...figures(p50, p95) }], aggregate: figures(p50, p95) });
    const one = effect(5, 10, null);
    const m = mergeAudit([
      { audit: audit({ serverCache: { names: [name('/a', { HIT: 1 }, null)], warmup: one } }) },
      { audit: audit({ serverCache: { names: [name('/a', { HIT: 2, MISS: 1 }, 60)], warmup: effect(8, 4, 30) } }) },
      { audit: audit({ serverCache: { names: [], warmup: null } }) },
    ])!;
    expect(m.serverCache.names).toEqual([{ source: 'protocol', name: '/a', xCache: { HIT: 3, MISS: 1 }, maxAgeSeconds: 60 }]);
    expect(m.serverCache.warmup).toEqual({ durationS: 8, names: [{ type: 'GET', name: '/a', ...figures(10, 30) }], aggregate: figures(10, 30) });
    expect(mergeAudit([{ audit: audit({ serverCache: { names: [], warmup: one } }) }, { audit: audit() }])!.serverCache.warmup).toBe(one);
    expect(mergeAudit([{ audit: audit() }, { audit: audit() }])!.serverCache.warmup).toBeNull();
  });
});

describe('merged audit rows, field by field', () => {
  it("keep the earliest part's verdicts and version, and weigh gzip sizes over the parts that had one", () => {
    const a = row('/a', { count: 1, gzipBytes: 90, compression: 'should-compress', savingMethod: 'type-estimate', encodings: { identity: 1 }, notModified: 1 } as Partial<AuditResource>);
    const b = row('/a', { count: 3, gzipBytes: 30, compression: 'compressed', savingMethod: null } as Partial<AuditResource>);
    const c = row('/a', { count: 4, gzipBytes: null, compression: 'compressed', encodings: { gzip: 4 } } as Partial<AuditResource>);
    const m = mergeAudit([{ audit: audit({ version: 2, resources: [a] } as Partial<AuditSection>) }, { audit: audit({ resources: [b] }) }, { audit: audit({ resources: [c] }) }])!;
    expect(m.version).toBe(2);
    expect(m.resources[0]).toMatchObject({ compression: 'should-compress', savingMethod: 'type-estimate', gzipBytes: 45, count: 8, encodings: { identity: 1, gzip: 4 }, notModified: 1 });
  });

  it('keep the largest Age of the parts that had one, and round the ratio to three decimals', () => {
    const headers = (age: number | null) => ({ age, xCache: {} }) as unknown as AuditResource['headers'];
    const m = mergeAudit([
      { audit: audit({ resources: [row('/a', { headers: headers(null), wireBytes: 100, decodedBytes: 300 })] }) },
      { audit: audit({ resources: [row('/a', { headers: headers(7), wireBytes: 100, decodedBytes: 300 })] }) },
      { audit: audit({ resources: [row('/a', { headers: headers(3), wireBytes: 100, decodedBytes: 300 })] }) },
    ])!;
    expect(m.resources[0].headers.age).toBe(7);
    expect(m.resources[0].ratio).toBe(0.333);
  });

  it('count each code once per merged row, over every row', () => {
    const m = mergeAudit([
      { audit: audit({ resources: [row('/a', { findings: [finding('no-vary')] }), row('/b', { findings: [finding('no-vary'), finding('no-validator')] })] }) },
      { audit: audit({ resources: [row('/a', { findings: [finding('no-vary')] })] }) },
    ])!;
    expect(m.findingCounts).toEqual({ 'no-vary': 2, 'no-validator': 1 });
  });
});

describe('merged per-view savings', () => {
  const slow = { name: 'slow-4g', requestLatencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 1 };
  const pageRow = (name: string, url: string, view: 'cold' | 'warm', views: number, profile?: typeof slow) => ({ name, url, view, views, ...(profile ? { profile } : {}) });
  const browser = (...pages: ReturnType<typeof pageRow>[]) => ({ pages }) as never;
  const saving = (bytes: number, view: 'cold' | 'warm' = 'cold') => audit({ savings: { perPageView: [{ page: '/', view, bytes }], per1000ApiCalls: 0, apiCalls: 0 } });

  it("find a part's views of a page by its URL or by its name with a profile, in the same view only", () => {
    const byName = mergeAudit([
      { audit: saving(100), browser: browser(pageRow('/ [cold, slow-4g]', 'http://h/', 'cold', 3)) },
      { audit: saving(200), browser: browser(pageRow('/ [warm]', '/', 'warm', 50)) },
    ])!;
    // 3 views of 100 B against one view (none found for cold) of 200 B.
    expect(byName.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: 125 }]);
    const byUrl = mergeAudit([{ audit: saving(100), browser: browser(pageRow('home', '/', 'cold', 3)) }, { audit: saving(200) }])!;
    expect(byUrl.savings.perPageView[0].bytes).toBe(125);
    const neither = mergeAudit([{ audit: saving(100), browser: browser(pageRow('/x [cold]', '/x', 'cold', 3)) }, { audit: saving(200) }])!;
    expect(neither.savings.perPageView[0].bytes).toBe(150);
  });

  it("weigh a part by the views of a page under every network profile it was loaded under", () => {
    const fast = { ...slow, name: 'fast-3g' };
    const twoProfiles = browser(pageRow('/ [cold, slow-4g]', '/x', 'cold', 1, slow), pageRow('/ [cold, fast-3g]', '/x', 'cold', 2, fast));
    const m = mergeAudit([{ audit: saving(100), browser: twoProfiles }, { audit: saving(200) }])!;
    // 1 + 2 views of 100 B against one view of 200 B.
    expect(m.savings.perPageView[0].bytes).toBe(125);
  });

  it("price the merged bytes under every part's throttled profiles, each once, and leave a view that saves nothing unpriced", () => {
    const throttled = browser(pageRow('/ [cold, slow-4g]', '/', 'cold', 1, slow));
    const m = mergeAudit([
      { audit: audit({ savings: { perPageView: [{ page: '/', view: 'cold', bytes: 8000 }, { page: '/', view: 'warm', bytes: 0 }], per1000ApiCalls: 0, apiCalls: 0 } }), browser: throttled },
      { audit: saving(8000), browser: throttled },
    ])!;
    const [cold, warm] = m.savings.perPageView;
    expect(cold).toEqual({ page: '/', view: 'cold', bytes: 8000, timeSaved: [{ profile: 'slow-4g', downloadKbps: 1600, ms: expect.any(Number) }] });
    expect(cold.timeSaved![0].ms).toBeGreaterThan(0);
    expect(warm).toEqual({ page: '/', view: 'warm', bytes: 0 });
    const unthrottled = mergeAudit([{ audit: saving(8000) }, { audit: saving(8000) }])!;
    expect(unthrottled.savings.perPageView).toEqual([{ page: '/', view: 'cold', bytes: 8000 }]);
  });
});

describe('merged server cache', () => {
  it('keep names of two sources apart, and warm-up names of two methods apart', () => {
    const name = (source: string, xCache: Record<string, number>) => ({ source, name: '/a', xCache, maxAgeSeconds: null }) as never;
    const effect = (type: string, p50: number): WarmupEffect => ({ durationS: 5, names: [{ type, name: '/a', ...figures(p50, p50) }], aggregate: figures(p50, p50) });
    const m = mergeAudit([
      { audit: audit({ serverCache: { names: [name('protocol', { HIT: 1 })], warmup: effect('GET', 3) } }) },
      { audit: audit({ serverCache: { names: [name('browser', { HIT: 2 })], warmup: effect('POST', 9) } }) },
    ])!;
    expect(m.serverCache.names).toEqual([
      { source: 'protocol', name: '/a', xCache: { HIT: 1 }, maxAgeSeconds: null },
      { source: 'browser', name: '/a', xCache: { HIT: 2 }, maxAgeSeconds: null },
    ]);
    expect(m.serverCache.warmup!.names).toEqual([{ type: 'GET', name: '/a', ...figures(3, 3) }, { type: 'POST', name: '/a', ...figures(9, 9) }]);
    expect(m.serverCache.warmup!.aggregate).toEqual(figures(9, 9));
  });
});

describe('merged audit rows from parts of different ages', () => {
  it('join the pages of the parts that have them, and add the 304s of those that counted them', () => {
    const m = mergeAudit([
      { audit: audit({ resources: [row('/p', { pages: ['/x'], notModified: 2 })] }) },
      { audit: audit({ resources: [row('/p')] }) },
      { audit: audit({ resources: [row('/p', { pages: ['/y'], notModified: 3 })] }) },
    ])!;
    expect(m.resources[0]).toMatchObject({ pages: ['/x', '/y'], notModified: 5 });
  });

  it('asked to revalidate only when every part was', () => {
    const asked = (requested: boolean) => audit({ revalidation: { requested, routes: [], answering304: [] } });
    expect(mergeAudit([{ audit: asked(true) }, { audit: asked(true) }])!.revalidation.requested).toBe(true);
    expect(mergeAudit([{ audit: asked(true) }, { audit: asked(false) }])!.revalidation.requested).toBe(false);
  });
});

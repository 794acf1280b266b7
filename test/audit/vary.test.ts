/**
 * `no-vary`: a response whose encoding depends on the request must carry Vary: Accept-Encoding.
 * Pure cases, then the demo target: with its defaults no row has the finding; with --no-vary
 * every compressed row has it, and the terminal table words it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { varyFinding } from '../../src/audit/vary.js';
import { renderAuditTable } from '../../src/report/audit/table.js';
import { compareSummaries } from '../../src/report/compare/model.js';
import { renderCompareMarkdown } from '../../src/report/compare/render.js';
import { auditDemo, erpRoutes, rowsWith, type DemoAudit } from './helpers.js';

describe('varyFinding', () => {
  it('flags a compressed response without Vary, or with Vary: *', () => {
    expect(varyFinding({ status: 200, vary: null, encodings: ['gzip'] })).toEqual({ code: 'no-vary', vary: null, encodings: ['gzip'] });
    expect(varyFinding({ status: 200, vary: '*', encodings: ['identity', 'gzip'] })).toEqual({ code: 'no-vary', vary: '*', encodings: ['gzip', 'identity'] });
    expect(varyFinding({ status: 200, vary: 'Cookie', encodings: ['br'] })?.code).toBe('no-vary');
  });

  it('leaves alone Vary naming Accept-Encoding in any case, bodies only ever identity, and errors', () => {
    expect(varyFinding({ status: 200, vary: 'Cookie, Accept-Encoding', encodings: ['gzip'] })).toBeNull();
    expect(varyFinding({ status: 200, vary: null, encodings: ['identity'] })).toBeNull();
    expect(varyFinding({ status: 404, vary: null, encodings: ['gzip'] })).toBeNull();
  });
});

describe('the demo target', () => {
  let clean: DemoAudit;
  let noVary: DemoAudit;
  beforeAll(async () => {
    const routes = await erpRoutes();
    clean = await auditDemo({}, { pages: ['/'], routes });
    noVary = await auditDemo({ vary: false }, { pages: ['/'], routes });
  }, 180_000);

  it('with its defaults, has no no-vary finding (and, serving its API, no row left unaudited)', () => {
    expect(rowsWith(clean.audit, clean.url, 'no-vary')).toEqual([]);
    expect(clean.audit.resources.filter((r) => r.notAudited)).toEqual([]);
  });

  it('with --no-vary, flags every compressed row, browser and protocol, and the table says to send Vary', () => {
    const compressed = noVary.audit.resources.filter((r) => r.compression === 'compressed').map((r) => (r.source === 'protocol' ? `${r.method} ${r.url}` : r.url.slice(noVary.url.length)));
    expect(compressed.length).toBeGreaterThanOrEqual(9);
    expect(rowsWith(noVary.audit, noVary.url, 'no-vary')).toEqual(compressed.sort());
    expect(renderAuditTable(noVary.audit, noVary.url)).toMatch(/\/static\/app\.css: no-vary: seen gzip but sent without Vary: .*send Vary: Accept-Encoding/);
  });

  it('compare shows the finding appear from one run to the next', () => {
    expect(renderCompareMarkdown(compareSummaries(clean.summary, noVary.summary))).toContain('- /api/search/: findings none → no-vary');
    expect(renderCompareMarkdown(compareSummaries(noVary.summary, clean.summary))).toContain('- /api/search/: findings no-vary → none');
  });
});

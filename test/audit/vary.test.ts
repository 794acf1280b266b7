/**
 * `no-vary`: a response whose encoding depends on the request must carry Vary: Accept-Encoding.
 * The demo target (pure cases: vary-rules.test.ts): with its defaults no row has the finding; with --no-vary
 * every compressed row has it, and the terminal table words it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAuditTable } from '../../src/report/audit/table.js';
import { compareSummaries } from '../../src/report/compare/model.js';
import { renderCompareMarkdown } from '../../src/report/compare/render.js';
import { auditDemo, erpRoutes, rowsWith, type DemoAudit } from './helpers.js';

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

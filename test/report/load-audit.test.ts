/**
 * A summary.json whose audit section is of another version (version 1 worded its findings and
 * carried no numbers): the reports cannot word it, so they leave it out and say why.
 */
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { validateSummary } from '../../src/report/load.js';
import { auditFixture } from '../audit/fixtures.js';
import { makeSummary } from './fixtures.js';

describe('a summary.json whose audit is version 1', () => {
  it('is still reported, without the audit and with a warning that says why', () => {
    const s = makeSummary({ seed: 3 });
    const v1 = { ...auditFixture(), version: 1 };
    const loaded = validateSummary(JSON.parse(JSON.stringify({ ...s, audit: v1 })));
    expect(loaded.audit).toBeUndefined();
    expect(loaded.warnings.at(-1)).toMatch(/^the audit section is version 1; this browse-load reads version 2/);
    expect(renderHtmlReport(loaded)).not.toContain('id="audit"');
  });

  it('keeps a version 2 audit as it is', () => {
    const s = { ...makeSummary({ seed: 3 }), audit: auditFixture() };
    expect(validateSummary(JSON.parse(JSON.stringify(s))).audit).toEqual(s.audit);
  });
});

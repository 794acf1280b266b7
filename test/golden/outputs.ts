/**
 * Every rendered form of a recorded run, by file name: the golden comparison renders these from
 * two summaries recorded against the demo target and compares them with test/golden/expected/,
 * so a refactor that changes a report by accident fails. `npx tsx test/golden/update.ts` writes
 * the expected files again after a deliberate change (say which in the commit).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAuditTable } from '../../src/report/audit/table.js';
import { locustCsvFiles } from '../../src/report/csv/index.js';
import { compareSummaries, renderCompareMarkdown, renderHtmlReport, renderMarkdown, renderTerminal } from '../../src/report/index.js';
import type { Summary } from '../../src/schema/summary.js';

export const GOLDEN_DIR = fileURLToPath(new URL('.', import.meta.url));
export const EXPECTED_DIR = fileURLToPath(new URL('./expected/', import.meta.url));

export function recordedSummary(name: 'mixed-run' | 'faulty-run'): Summary {
  return JSON.parse(readFileSync(`${GOLDEN_DIR}${name}.summary.json`, 'utf8')) as Summary;
}

function renderedForms(prefix: string, summary: Summary): Record<string, string> {
  const out: Record<string, string> = {};
  out[`${prefix}.terminal.txt`] = renderTerminal(summary, { color: false });
  out[`${prefix}.markdown.md`] = renderMarkdown(summary);
  for (const [suffix, text] of locustCsvFiles(summary, true)) out[`${prefix}${suffix}`] = text;
  out[`${prefix}.audit.txt`] = summary.audit ? renderAuditTable(summary.audit, summary.run.host) : '';
  out[`${prefix}.audit.json`] = `${JSON.stringify(summary.audit?.resources ?? [], null, 2)}\n`;
  // The HTML report inlines uPlot (tens of KB): its digest is enough to notice a change.
  out[`${prefix}.report.html.sha256`] = `${createHash('sha256').update(renderHtmlReport(summary)).digest('hex')}\n`;
  return out;
}

export function goldenOutputs(): Record<string, string> {
  const mixed = recordedSummary('mixed-run');
  const faulty = recordedSummary('faulty-run');
  return {
    ...renderedForms('mixed-run', mixed),
    ...renderedForms('faulty-run', faulty),
    'compare.md': renderCompareMarkdown(compareSummaries(mixed, faulty, { tolerancePct: 5 })),
  };
}

/** report.html: one self-contained file (styles, uPlot, data and script inline; no network). */
import type { Summary } from '../../schema/summary.js';
import { REPORT_CSS, uplotAssets } from './assets.js';
import { auditSection, pagesSection } from './browser.js';
import { CHARTS_SCRIPT, SORT_SCRIPT } from './client.js';
import { connectionsSection } from './connections.js';
import { chartData } from './data.js';
import { chartsSection, failuresSection, headerSection, headlineSection, healthSection, shardsSection, statsSection, warmupSection } from './sections.js';
import { html, inlineScript, jsonScript, page } from './template.js';

export function renderHtmlReport(summary: Summary): string {
  const uplot = uplotAssets();
  const body = html`${headerSection(summary)}
<main>
${headlineSection(summary)}
${chartsSection()}
${statsSection(summary)}
${warmupSection(summary)}${connectionsSection(summary)}
${pagesSection(summary)}
${auditSection(summary)}
${failuresSection(summary)}
${shardsSection(summary)}${healthSection(summary)}
</main>
<footer>browse-load ${summary.tool.version} · summary schema v${summary.schemaVersion} · run ${summary.run.id}</footer>
${jsonScript('report-data', { charts: chartData(summary) })}`;
  return page(`browse-load · ${summary.run.id} · ${summary.run.host}`, uplot.css + REPORT_CSS, body, [
    inlineScript(uplot.js),
    inlineScript(CHARTS_SCRIPT),
    inlineScript(SORT_SCRIPT),
  ]);
}

/** compare's two faces: Markdown for stdout (paste-ready) and a self-contained HTML page. */
import { REPORT_CSS } from '../html/assets.js';
import { SORT_SCRIPT } from '../html/client.js';
import { icon, type IconName } from '../html/icons.js';
import { html, inlineScript, page, type SafeHtml } from '../html/template.js';
import { breakable } from '../html/url.js';
import { DASH, escapeMarkdown as md, ms, utc } from '../format.js';
import type { ChangeNote, Comparison, Delta, PageComparison, Verdict } from './model.js';

/** Markdown is pasted where emoji render (GitHub, chat); the HTML page draws its own shapes (icons.ts). */
const MARK: Record<Verdict, string> = { better: '✅ better', worse: '❌ worse', same: '➖ same', 'n/a': 'n/a' };
const HTML_ICON: Record<Verdict, IconName | null> = { better: 'check', worse: 'cross', same: 'same', 'n/a': null };

function value(d: Delta, v: number | null): string {
  if (v === null) return DASH;
  if (d.metric === 'rps') return v.toFixed(2);
  if (d.metric === 'errors') return v.toFixed(2);
  if (d.metric === 'requests') return String(Math.round(v));
  if (d.metric === 'wire') return v.toFixed(1);
  return ms(v);
}

function change(d: Delta): string {
  if (d.change === null) return DASH;
  const sign = d.change > 0 ? '+' : d.change < 0 ? '-' : '±';
  const abs = Math.abs(d.change);
  const amount = d.metric === 'errors' ? `${abs.toFixed(2)} pp` : value(d, abs);
  return d.changePct === null ? `${sign}${amount}` : `${sign}${amount} (${d.changePct > 0 ? '+' : ''}${d.changePct.toFixed(1)}%)`;
}

/** "12.3 → 15.1 (+22.8%)", for compact per-name cells. */
function cellFigures(d: Delta): string {
  if (d.baseline === null && d.after === null) return DASH;
  const pct = d.changePct === null ? '' : ` (${d.changePct > 0 ? '+' : ''}${d.changePct.toFixed(1)}%)`;
  return `${value(d, d.baseline)} → ${value(d, d.after)}${pct}`;
}

/** Only a change beyond the tolerance is flagged, in a compact cell. */
const flagged = (d: Delta) => (d.baseline !== null || d.after !== null) && (d.verdict === 'worse' || d.verdict === 'better');

function cell(d: Delta): string {
  return `${cellFigures(d)}${flagged(d) ? (d.verdict === 'worse' ? ' ❌' : ' ✅') : ''}`;
}

function htmlCell(d: Delta): SafeHtml {
  return html`<td class="text v-${d.verdict}">${cellFigures(d)}${flagged(d) ? html` ${icon(d.verdict === 'worse' ? 'cross' : 'check')}` : ''}</td>`;
}

/** The baseline audit's estimate beside the measured change (compression priced at the row's throughput). */
const ESTIMATE_LABEL = 'Audit estimate: gzip saves (ms)';
const estimates = (c: Comparison): boolean => c.pages.some((p) => p.estimatedSavingMs !== undefined);
const estimate = (p: PageComparison): string => (p.estimatedSavingMs === undefined ? DASH : ms(p.estimatedSavingMs));

function summaryLine(c: Comparison): string {
  const verdict = c.regressed ? `**Regressed**: ${c.counts.worse} figure(s) worse` : '**No regression**';
  return `${verdict}; ${c.counts.better} better, ${c.counts.same} the same within ±${c.tolerancePct}% (changes under 1 ms or 0.1 pp count as the same).`;
}

export function renderCompareMarkdown(c: Comparison): string {
  const out: string[] = [];
  out.push('## Baseline vs after tuning');
  out.push('');
  out.push(`Baseline: \`${c.baseline.id}\` (${utc(c.baseline.when)}, ${md(c.baseline.host)}) · After: \`${c.after.id}\` (${utc(c.after.when)}, ${md(c.after.host)})`);
  out.push('');
  out.push('| Metric | Baseline | After tuning | Change | Verdict |');
  out.push('| --- | ---: | ---: | ---: | --- |');
  for (const d of c.headline) out.push(`| ${d.label} | ${value(d, d.baseline)} | ${value(d, d.after)} | ${change(d)} | ${MARK[d.verdict]} |`);
  out.push('');
  out.push(summaryLine(c));
  out.push('');
  out.push('### Per name');
  out.push('');
  out.push('| Type | Name | RPS | p50 (ms) | p95 (ms) | p99 (ms) | Errors (%) | Verdict |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const n of c.names) {
    const note = n.presence === 'both' ? MARK[n.verdict] : n.presence;
    out.push(`| ${md(n.type)} | ${md(n.name)} | ${n.deltas.map((d) => md(cell(d))).join(' | ')} | ${note} |`);
  }
  if (c.pages.length > 0) {
    out.push('');
    out.push('### Browser pages (p75)');
    out.push('');
    const withEstimates = estimates(c);
    out.push(`| Page | ${c.pages[0].deltas.map((d) => d.label).join(' | ')} | Verdict |${withEstimates ? ` ${ESTIMATE_LABEL} |` : ''}`);
    out.push(`| --- | ${c.pages[0].deltas.map(() => '---').join(' | ')} | --- |${withEstimates ? ' ---: |' : ''}`);
    for (const p of c.pages) out.push(`| ${md(p.page)} | ${p.deltas.map((d) => md(cell(d))).join(' | ')} | ${MARK[p.verdict]} |${withEstimates ? ` ${estimate(p)} |` : ''}`);
  }
  out.push('');
  out.push('### Audit differences');
  out.push('');
  if (c.changes.length === 0) out.push('No compression or caching differences.');
  for (const n of c.changes) out.push(`- ${md(n.subject)}: ${md(n.what)} ${md(n.baseline)} → ${md(n.after)}`);
  return `${out.join('\n')}\n`;
}

const VERDICT_CSS = `
.v-better { color: var(--good); font-weight: 600; } .v-worse { color: var(--bad); font-weight: 600; } .v-same, .v-n\\/a { color: var(--muted); }
td.v-worse { background: #fdecea; } td.v-better { background: #e9f6ee; }
`;

function verdictCell(v: Verdict): SafeHtml {
  const shape = HTML_ICON[v];
  return html`<td class="text v-${v}">${shape ? html`${icon(shape)} ` : ''}${v}</td>`;
}

function changesList(changes: ChangeNote[]): SafeHtml {
  if (changes.length === 0) return html`<p class="muted">No compression or caching differences.</p>`;
  return html`<table><thead><tr><th class="text">Resource</th><th class="text">What</th><th class="text">Baseline</th><th class="text">After</th></tr></thead><tbody>
  ${changes.map((n) => html`<tr><td class="text">${n.subject}</td><td class="text">${n.what}</td><td class="text">${n.baseline}</td><td class="text">${n.after}</td></tr>`)}
  </tbody></table>`;
}

export function renderCompareHtml(c: Comparison): string {
  const body = html`<header class="top"><h1>Baseline vs after tuning</h1>
  <div class="meta">baseline ${c.baseline.id} (${utc(c.baseline.when)}, ${c.baseline.host}) · after ${c.after.id} (${utc(c.after.when)}, ${c.after.host}) · tolerance ±${c.tolerancePct}%</div></header>
<main>
<section id="compare-headline">
  <h2 class="${c.regressed ? 'fail' : 'pass'}" id="compare-verdict" data-regressed="${String(c.regressed)}">${c.regressed ? `Regressed: ${c.counts.worse} figure(s) worse` : 'No regression'}</h2>
  <p class="muted">${c.counts.better} better, ${c.counts.same} the same within ±${c.tolerancePct}% (changes under 1 ms or 0.1 percentage points count as the same).</p>
  <table><thead><tr><th class="text">Metric</th><th>Baseline</th><th>After tuning</th><th>Change</th><th class="text">Verdict</th></tr></thead><tbody>
  ${c.headline.map((d) => html`<tr data-metric="${d.metric}"><td class="text">${d.label}</td><td>${value(d, d.baseline)}</td><td>${value(d, d.after)}</td><td>${change(d)}</td>${verdictCell(d.verdict)}</tr>`)}
  </tbody></table>
</section>
<section id="compare-names"><h2>Per name</h2>
  <table class="sortable"><thead><tr><th class="text">Type</th><th class="text">Name</th><th class="text">RPS</th><th class="text">p50 (ms)</th><th class="text">p95 (ms)</th><th class="text">p99 (ms)</th><th class="text">Errors (%)</th><th class="text">Verdict</th></tr></thead><tbody>
  ${c.names.map((n) => html`<tr><td class="text">${n.type}</td><td class="text name">${breakable(n.name)}</td>${n.deltas.map(htmlCell)}${n.presence === 'both' ? verdictCell(n.verdict) : html`<td class="text muted">${n.presence}</td>`}</tr>`)}
  </tbody></table>
</section>
${c.pages.length === 0 ? '' : html`<section id="compare-pages"><h2>Browser pages (p75)</h2>
  <table><thead><tr><th class="text">Page</th>${c.pages[0].deltas.map((d) => html`<th class="text">${d.label}</th>`)}<th class="text">Verdict</th>${estimates(c) ? html`<th>${ESTIMATE_LABEL}</th>` : ''}</tr></thead><tbody>
  ${c.pages.map((p) => html`<tr><td class="text">${p.page}</td>${p.deltas.map(htmlCell)}${verdictCell(p.verdict)}${estimates(c) ? html`<td>${estimate(p)}</td>` : ''}</tr>`)}
  </tbody></table></section>`}
<section id="compare-audit"><h2>Audit differences: what became compressed or cached</h2>${changesList(c.changes)}</section>
</main>`;
  return page(`browse-load compare · ${c.baseline.id} vs ${c.after.id}`, REPORT_CSS + VERDICT_CSS, body, [inlineScript(SORT_SCRIPT)]);
}

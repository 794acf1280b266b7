/**
 * The browser sections: pages with their timing breakdown and web vitals, cold against warm,
 * and the compression and caching audit (its findings worded by ../audit/words.ts).
 */
import type { PageMetricName, PageStats, Summary } from '../../schema/summary.js';
import { bytes, DASH, int, ms, percent } from '../format.js';
import type { AuditResource } from '../../schema/audit.js';
import { rowSource, verdictTone } from '../audit-view.js';
import { findingLine, notAuditedWords, timeSavedWords } from '../audit/words.js';
import { html, type SafeHtml } from './template.js';
import { originOf, urlText } from './url.js';
import { ratingRows, VITAL_LABELS, type PageRatingsRow } from '../vitals-view.js';

const METRIC_ROWS: Array<[PageMetricName, string]> = [
  // The TLS handshake is part of Connect (Navigation Timing's split), shown apart over https.
  ['dns', 'DNS'], ['connect', 'Connect'], ['tls', 'of which TLS'], ['ttfb', 'TTFB'], ['download', 'Download'],
  ['domInteractive', 'DOM interactive'], ['domContentLoaded', 'DOMContentLoaded'], ['load', 'Load'],
  ['fcp', 'FCP'], ['lcp', 'LCP'], ['cls', 'CLS'], ['tbt', 'TBT'], ['inp', 'INP'],
];

/** "/dashboard/ [cold]" → "/dashboard/"; "/ [warm, slow-4g]" → "/ · slow-4g" (a profile's views group apart). */
function pageName(p: PageStats): string {
  const m = /^(.*?)\s*\[(?:cold|warm)(?:, (.+))?\]\s*$/.exec(p.name);
  if (!m) return p.name;
  return m[2] ? `${m[1]} · ${m[2]}` : m[1];
}

/** Each view's vitals at p75 with its web.dev rating; nothing when no vital was measured. */
function ratingsTable(rows: PageRatingsRow[]): SafeHtml | string {
  if (rows.length === 0) return '';
  // Views can rate different vitals (INP only where the flow interacted): columns are their union.
  const labels = Object.values(VITAL_LABELS).filter((label) => rows.some((row) => row.vitals.some((v) => v.label === label)));
  const cell = (row: PageRatingsRow, label: string): SafeHtml => {
    const v = row.vitals.find((x) => x.label === label);
    return v ? html`<td class="rating-${v.rating}" title="${v.bounds}" data-rating="${v.rating}">${v.value} ${v.rating}</td>` : html`<td>${DASH}</td>`;
  };
  return html`<table class="vital-ratings"><thead><tr><th class="text">Web vitals at p75</th>${labels.map((label) => html`<th>${label}</th>`)}</tr></thead><tbody>
  ${rows.map((row) => html`<tr><td class="text">${row.page}</td>${labels.map((label) => cell(row, label))}</tr>`)}
  </tbody></table>`;
}

export function pagesSection(summary: Summary): SafeHtml | string {
  const browser = summary.browser;
  if (!browser || browser.pages.length === 0) return '';
  const groups = new Map<string, { cold?: PageStats; warm?: PageStats }>();
  for (const p of browser.pages) {
    const group = groups.get(pageName(p)) ?? {};
    group[p.view] = p;
    groups.set(pageName(p), group);
  }
  return html`<section id="pages">
  <h2>Pages in real Chromium: cold vs warm</h2>
  <p class="muted">${browser.users} browser users · ${browser.executable} ${browser.version}. Cold: a first visit, in a new browser context (no cookies, an empty cache, new connections); warm: the repeat visit right after it, in the same context. Figures are p50 / p95 in ms (CLS unitless); "missing" views could not measure a metric and are not counted as 0. Web vitals are rated at p75 by web.dev's bounds, good / needs-improvement / poor (a rating's tooltip gives its bounds); a profile other than the default follows the page's name.</p>
  ${[...groups].map(([name, views]) => pageBlock(name, views))}
  ${evidenceList(browser)}
</section>`;
}

/** Failed views' screenshots and traces, linked relative to the run folder this report is written in. */
function evidenceList(browser: NonNullable<Summary['browser']>): SafeHtml | string {
  const kept = browser.evidence ?? [];
  if (kept.length === 0) return '';
  const dropped = browser.evidenceDropped ? html` · ${browser.evidenceDropped} more failed views not kept (the cap)` : '';
  return html`<h3 id="evidence">Evidence of failed views</h3>
  <p class="muted">In the run folder's evidence/${dropped}. A trace opens with <code>npx playwright show-trace FILE</code>.</p>
  <table><thead><tr><th class="text">Page</th><th class="text">Error</th><th class="text">When</th><th class="text">Evidence</th></tr></thead><tbody>
  ${kept.map((e) => html`<tr><td class="text">${e.page}</td><td class="text">${e.error}</td><td class="text">${new Date(e.at).toISOString().slice(11, 19)} UTC</td><td class="text">${
    e.screenshot ? html`<a href="${e.screenshot}">screenshot</a>` : 'no screenshot'}${e.trace ? html` · <a href="${e.trace}">trace</a>` : ''}</td></tr>`)}
  </tbody></table>`;
}

function pageBlock(name: string, views: { cold?: PageStats; warm?: PageStats }): SafeHtml {
  const order = (['cold', 'warm'] as const).filter((v) => views[v]);
  const fig = (p: PageStats | undefined, metric: PageMetricName, pct: '50' | '95') => {
    const value = p?.metrics[metric]?.summary.percentiles[pct];
    if (value === null || value === undefined) return DASH;
    return metric === 'cls' ? value.toFixed(3) : ms(value);
  };
  const change = (metric: PageMetricName) => {
    const cold = views.cold?.metrics[metric]?.summary.percentiles['50'];
    const warm = views.warm?.metrics[metric]?.summary.percentiles['50'];
    if (cold === null || cold === undefined || warm === null || warm === undefined || cold === 0) return DASH;
    return percent(((warm - cold) / cold) * 100, 0);
  };
  const ratings = ratingRows(order.map((v) => views[v]!));
  return html`<div class="page" data-page="${name}">
  <h3>${name}</h3>
  ${waterfall(views)}
  ${ratingsTable(ratings)}
  <table class="page-metrics"><thead><tr><th class="text">Metric</th>${order.map((v) => html`<th>${v} p50 / p95</th><th>${v} missing</th>`)}${order.length === 2 ? html`<th>warm vs cold (p50)</th>` : ''}</tr></thead><tbody>
  ${METRIC_ROWS.filter(([m]) => order.some((v) => views[v]?.metrics[m])).map(([metric, label]) => html`<tr><td class="text">${label}</td>${order.map((v) => html`<td>${fig(views[v], metric, '50')} / ${fig(views[v], metric, '95')}</td><td>${views[v]?.metrics[metric]?.missing ?? DASH}</td>`)}${order.length === 2 ? html`<td>${change(metric)}</td>` : ''}</tr>`)}
  <tr><td class="text">Views (failures)</td>${order.map((v) => html`<td>${int(views[v]!.views)} (${int(views[v]!.failures)})</td><td></td>`)}${order.length === 2 ? html`<td></td>` : ''}</tr>
  <tr><td class="text">Transferred / decoded per view</td>${order.map((v) => html`<td>${bytes(views[v]!.avgWireBytes)} / ${bytes(views[v]!.avgDecodedBytes)}</td><td></td>`)}${order.length === 2 ? html`<td>${views.cold && views.warm && views.cold.avgWireBytes > 0 ? percent(((views.warm.avgWireBytes - views.cold.avgWireBytes) / views.cold.avgWireBytes) * 100, 0) : DASH}</td>` : ''}</tr>
  </tbody></table>
</div>`;
}

/** p50 timeline per view: connection, waiting for the first byte, download; then milestones. */
function waterfall(views: { cold?: PageStats; warm?: PageStats }): SafeHtml {
  const p50 = (p: PageStats | undefined, m: PageMetricName) => p?.metrics[m]?.summary.percentiles['50'] ?? null;
  const end = (p: PageStats | undefined) => Math.max(0, ...(['load', 'lcp', 'fcp', 'domContentLoaded'] as const).map((m) => p50(p, m) ?? 0));
  const scale = Math.max(1, end(views.cold), end(views.warm));
  const pct = (v: number) => `${Math.max(0, Math.min(100, (v / scale) * 100)).toFixed(2)}%`;
  const rows = (['cold', 'warm'] as const).filter((v) => views[v]).map((view) => {
    const p = views[view];
    const connect = (p50(p, 'dns') ?? 0) + (p50(p, 'connect') ?? 0);
    const ttfb = p50(p, 'ttfb') ?? connect;
    const download = p50(p, 'download') ?? 0;
    const marks: Array<[PageMetricName, string]> = [['domContentLoaded', '#7b3fc4'], ['load', '#1d2330'], ['fcp', '#17803d'], ['lcp', '#c62828']];
    return html`<tr><td class="text">${view}</td><td class="text"><div class="wf" title="${`connect ${ms(connect)} ms · TTFB ${ms(ttfb)} ms · download ${ms(download)} ms`}">
      <span style="${`left:0;width:${pct(connect)};background:#9aa3b0`}"></span>
      <span style="${`left:${pct(connect)};width:${pct(Math.max(0, ttfb - connect))};background:#e0a100`}"></span>
      <span style="${`left:${pct(ttfb)};width:${pct(download)};background:#2457c5`}"></span>
      ${marks.filter(([m]) => p50(p, m) !== null).map(([m, color]) => html`<span title="${`${m} ${ms(p50(p, m))} ms`}" style="${`left:${pct(p50(p, m)!)};width:2px;background:${color}`}"></span>`)}
    </div></td><td>${ms(ttfb)}</td><td>${ms(p50(p, 'fcp'))}</td><td>${ms(p50(p, 'lcp'))}</td><td>${ms(p50(p, 'load'))}</td></tr>`;
  });
  return html`<table class="waterfall"><thead><tr><th class="text">View</th><th class="text">p50 timeline: <span style="color:#9aa3b0">■</span> connect <span style="color:#e0a100">■</span> waiting <span style="color:#2457c5">■</span> download · marks: <span style="color:#7b3fc4">|</span> DCL <span style="color:#1d2330">|</span> load <span style="color:#17803d">|</span> FCP <span style="color:#c62828">|</span> LCP</th><th>TTFB</th><th>FCP</th><th>LCP</th><th>Load</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** "200.1 KiB" kept on one line: a narrow cell breaks at the " / " between two sizes, not inside one. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

export function auditSection(summary: Summary): SafeHtml | string {
  const audit = summary.audit;
  if (!audit) return '';
  const counts = Object.entries(audit.findingCounts);
  const tone = (text: string) => ({ bad: 'fail', good: 'pass', neutral: '' })[verdictTone(text)];
  const verdict = (value: string) => html`<td class="text ${tone(value)}">${value}</td>`;
  const saving = (r: AuditResource) => (r.potentialSavingBytes ? bytes(r.potentialSavingBytes) : '');
  const origin = originOf(summary.run.host);
  return html`<section id="audit">
  <h2>Compression and caching audit</h2>
  ${counts.length > 0
    ? html`<p>Findings: ${counts.map(([code, n], i) => html`${i ? ' · ' : ''}<b>${code}</b> ${n ?? DASH}`)}</p>`
    : html`<p class="pass">No findings.</p>`}
  <table class="sortable" id="audit-table"><thead><tr><th class="text">URL (paths on ${origin ?? summary.run.host})</th><th class="text">Seen by</th><th class="text">Compression</th><th class="text">Encoding</th><th>Wire / decoded</th><th>Could save</th><th class="text">Repeat view</th><th class="text">Findings</th></tr></thead><tbody>
  ${audit.resources.map((r) => r.notAudited ? html`<tr class="not-audited"><td class="text url" title="${r.url}">${urlText(r.url, origin)}</td><td class="text">${rowSource(r)}</td><td class="text findings" colspan="6">${notAuditedWords(r)}</td></tr>` : html`<tr><td class="text url" title="${r.url}">${urlText(r.url, origin)}</td><td class="text">${rowSource(r)}</td>${verdict(r.compression)}<td class="text">${r.encoding}</td><td data-v="${r.wireBytes}">${unbroken(bytes(r.wireBytes))} / ${unbroken(bytes(r.decodedBytes))}</td><td data-v="${r.potentialSavingBytes}">${saving(r)}</td>${verdict(r.cache)}<td class="text findings">${r.findings.length > 0 ? html`<ul>${r.findings.map((f) => html`<li>${findingLine(f)}</li>`)}</ul>` : ''}</td></tr>`)}
  </tbody></table>
  ${auditExtras(summary)}
</section>`;
}

/** Savings per page view and per 1,000 API calls, conditional GETs, and the server's own cache. */
function auditExtras(summary: Summary): SafeHtml | string {
  const audit = summary.audit;
  if (!audit?.savings || !audit.revalidation || !audit.serverCache) return '';
  const ms = (v: number | null) => (v === null ? DASH : `${v} ms`);
  const saved = audit.savings.perPageView.filter((p) => p.bytes > 0);
  const cacheNames = audit.serverCache.names;
  return html`<h3>What compression would save</h3>
  <p>${saved.length === 0 ? 'Nothing: every compressible response was compressed.' : html`${saved.map((p, i) => html`${i ? ' · ' : ''}<b>${p.page} [${p.view}]</b> ${bytes(p.bytes)} per view${p.timeSaved?.length ? ` (about ${timeSavedWords(p.timeSaved)})` : ''}`)}`}
  · API: ${bytes(audit.savings.per1000ApiCalls)} per 1,000 calls (${audit.savings.apiCalls} calls seen)</p>
  <h3>Conditional GETs</h3>
  <p>${!audit.revalidation.requested
    ? 'Not asked for in this run (run with --revalidate, or use browse-load audit).'
    : audit.revalidation.routes.length === 0
      ? 'No user fetched the same URL twice in this run, so no conditional GET was sent (browse-load audit repeats each route).'
      : html`${audit.revalidation.answering304.length} of ${audit.revalidation.routes.length} GET routes answered 304 to a conditional repeat${audit.revalidation.answering304.length ? html`: ${audit.revalidation.answering304.join(', ')}` : ''}.`}</p>
  ${cacheNames.length === 0 ? '' : html`<h3>The server's own cache</h3>
  <table id="server-cache"><thead><tr><th class="text">Name</th><th class="text">Seen by</th><th class="text">X-Cache</th><th>Max Age</th><th>First (miss) p50</th><th>Repeat (hit) p50</th></tr></thead><tbody>
  ${cacheNames.map((n) => html`<tr><td class="text url">${urlText(n.name, originOf(summary.run.host))}</td><td class="text">${n.source}</td><td class="text">${Object.entries(n.xCache).map(([k, v]) => `${k} ${v}`).join(', ') || DASH}</td><td>${n.maxAgeSeconds === null ? DASH : `${n.maxAgeSeconds} s`}</td><td>${ms(n.firstMs)}</td><td>${ms(n.repeatMs)}</td></tr>`)}
  </tbody></table>`}`;
}

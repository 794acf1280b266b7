/** The report's run-level sections: headline, charts, per-name table, failures, a merge's shards, generator health. */
import type { LatencySummary, StatEntry, Summary } from '../../schema/summary.js';
import { bytes, DASH, duration, int, ms, percent, rate, thresholdActual, thresholdValue, utc } from '../format.js';
import { errorPercent, failuresPerSecond, headline, populations, rateSeconds, requestsPerSecond, sortedStats, TWO_ERROR_RATES, type Population } from '../headline.js';
import { saturatedWorkerWords } from '../saturation.js';
import { SHARDS_HEADER, SHARDS_NOTE, shardCells, shardRows } from '../shards-view.js';
import { icon } from './icons.js';
import { settingsList } from './settings.js';
import { html, type SafeHtml } from './template.js';
import { breakable } from './url.js';

export function headerSection(summary: Summary): SafeHtml {
  const { run } = summary;
  return html`<header class="top">
  <h1>browse-load report · ${run.id}</h1>
  <div class="meta">${run.host} · ${utc(run.measuredFrom)} → ${utc(run.endedAt)} · flow ${run.flow} · ${summary.tool.name} ${summary.tool.version}</div>
</header>`;
}

function tile(id: string, label: string, value: string, raw: number | string | null, unit = '', cls = ''): SafeHtml {
  return html`<div class="tile"><div class="label">${label}</div><div class="value ${cls}" id="${id}" data-value="${raw ?? ''}">${value}<span class="unit">${unit}</span></div></div>`;
}

/** A checkpoint (run.complete false): the run was killed, or is still going on. */
function incompleteBanner(summary: Summary): SafeHtml | '' {
  if (summary.run.complete !== false) return '';
  return html`<div class="banner bad" id="incomplete-run">${icon('warning')} Incomplete run: a checkpoint written at ${utc(summary.run.endedAt)} while the run was going on. The run was killed, or is still running; its figures stop there.</div>`;
}

/** Requests in flight at stop are in no figure below: said at the top, louder when nothing completed. */
function cutBanner(aggregate: StatEntry): SafeHtml | '' {
  const cut = aggregate.cutAtStop ?? 0;
  if (cut === 0) return '';
  if (aggregate.count === 0) return html`<div class="banner bad" id="cut-at-stop">${icon('warning')} No request completed: ${int(cut)} were sent and still in flight when the run stopped. Nothing was measured.</div>`;
  return html`<div class="banner warn" id="cut-at-stop">${icon('warning')} ${int(cut)} requests were still in flight when the run stopped: cut at stop, they are in none of the figures.</div>`;
}

export function headlineSection(summary: Summary): SafeHtml {
  const h = headline(summary);
  const { run } = summary;
  const thresholds = h.thresholdsPassed === null ? 'none' : h.thresholdsPassed ? 'passed' : `${h.thresholdsFailed} failed`;
  const thresholdsClass = h.thresholdsPassed === null ? 'muted' : h.thresholdsPassed ? 'pass' : 'fail';
  const env = run.environment;
  return html`<section id="headline">
  <h2>Headline</h2>
  ${incompleteBanner(summary)}${cutBanner(summary.aggregate)}${summary.generator.saturated ? html`<div class="banner bad" id="saturation-warning">${icon('warning')} The load generator was saturated for ${summary.generator.saturatedSeconds}s (peak CPU ${Math.round(summary.generator.peakMachinePct)}% of ${summary.generator.cores} cores${saturatedWorkerWords(summary.generator)}): timings partly measure the tester, not the target.</div>` : ''}
  ${summary.browser?.suspect ? html`<div class="banner warn">${icon('warning')} Browser page timings were taken while the generator was saturated; treat them as suspect.</div>` : ''}
  <div class="tiles">
    ${tile('headline-rps', 'Requests/s', rate(h.rps), h.rps)}
    ${tile('headline-p95', 'p95', ms(h.p95), h.p95, 'ms')}
    ${tile('headline-p50', 'p50', ms(h.p50), h.p50, 'ms')}
    ${tile('headline-p99', 'p99', ms(h.p99), h.p99, 'ms')}
    ${tile('headline-errors', 'Errors', percent(h.errorPct), h.errorPct, '', h.failures > 0 ? 'fail' : '')}
    ${tile('headline-requests', 'Requests', int(h.requests), h.requests)}
    ${tile('headline-users', 'Peak users', `${h.peakUsers}${h.peakBrowserUsers ? `\u00a0+\u00a0${h.peakBrowserUsers}` : ''}`, h.peakUsers, h.peakBrowserUsers ? 'browser' : '')}
    ${tile('headline-thresholds', 'Thresholds', thresholds, h.thresholdsPassed === null ? '' : String(h.thresholdsPassed), '', thresholdsClass)}
  </div>
  <div class="settings">
    <div><b>When</b> ${utc(run.startedAt)} (measured from ${utc(run.measuredFrom)}, ${duration(h.measuredSeconds)}; stopped by ${run.stoppedBy})</div>
    <div><b>Where</b> ${run.host} from ${env.hostname} (${env.platform}, ${env.cpus} CPUs, Node ${env.node})</div>
    ${populationsLine(summary)}
    ${summary.openModel ? html`<div><b>Open model</b> ${int(summary.openModel.scheduled)} scheduled, ${int(summary.openModel.started)} started, <span class="${summary.openModel.dropped > 0 ? 'fail' : ''}">${int(summary.openModel.dropped)} dropped</span>, ${int(summary.openModel.late)} late (max ${summary.openModel.maxUsers} users)</div>` : ''}
  </div>
  <h3>Settings</h3>
  ${settingsList(run.options)}
  ${thresholdsTable(summary)}
</section>`;
}

/** A mixed run's API and pages apart (each from its merged histograms), and which errors a threshold judges. */
function populationsLine(summary: Summary): SafeHtml | string {
  const { api, pages } = populations(summary);
  if (!api || !pages) return '';
  const part = (label: string, p: Population) => html`<b>${label}</b> ${int(p.requests)}, p95 ${ms(p.p95)} ms, errors ${percent(p.errorPct)}`;
  return html`<div id="populations">${part('API', api)} · ${part('Pages', pages)}. ${TWO_ERROR_RATES}</div>`;
}

function thresholdsTable(summary: Summary): SafeHtml | string {
  if (summary.thresholds.length === 0) return '';
  return html`<h3>Thresholds</h3>
  <table id="thresholds"><thead><tr><th class="text">Threshold</th><th class="text">Applies to</th><th>Limit</th><th>Actual</th><th class="text">Result</th></tr></thead><tbody>
  ${summary.thresholds.map((t) => html`<tr><td class="text"><code>${t.expression}</code></td><td class="text">${t.target}${t.page ? html`: worst <code>${t.page}</code>` : ''}</td><td>${t.comparator} ${thresholdValue(t.metric, t.limit)}</td><td${t.missingRow ? html` class="text"` : ''}>${t.missingRow ? thresholdActual(t) : thresholdValue(t.metric, t.actual)}</td><td class="text ${t.passed ? 'pass' : 'fail'}">${t.passed ? html`${icon('check')} passed` : html`${icon('cross')} failed`}</td></tr>`)}
  </tbody></table>`;
}

export function chartsSection(): SafeHtml {
  return html`<section id="charts">
  <h2>Over time</h2>
  <div class="charts">
    <div><h3>Requests/s and failures/s</h3><div class="chart" id="chart-throughput"></div></div>
    <div><h3>Users</h3><div class="chart" id="chart-users"></div></div>
    <div><h3>Response time percentiles (all requests, browser pages dashed)</h3><div class="chart" id="chart-latency"></div></div>
    <div><h3>Latency by percentile</h3><div class="chart" id="chart-distribution"></div></div>
  </div>
</section>`;
}

function statRow(s: StatEntry, seconds: number, total = false): SafeHtml {
  const p = s.latency.percentiles;
  const num = (v: number | null | undefined, text: string) => html`<td data-v="${v ?? ''}">${text}</td>`;
  return html`<tr class="${total ? 'total' : ''}">
    <td class="text">${total ? '' : html`<span class="badge ${s.type === 'PAGE' ? 'page' : ''}">${s.type}</span>`}</td>
    <td class="text name">${total ? 'Aggregated' : breakable(s.name)}</td>
    ${num(s.count, int(s.count))}${num(s.failures, int(s.failures))}${num(errorPercent(s), percent(errorPercent(s)))}
    ${num(requestsPerSecond(s, seconds), rate(requestsPerSecond(s, seconds)))}
    ${num(s.latency.mean, ms(s.latency.mean))}${num(s.latency.min, ms(s.latency.min))}
    ${num(p['50'], ms(p['50']))}${num(p['90'], ms(p['90']))}${num(p['95'], ms(p['95']))}${num(p['99'], ms(p['99']))}${num(p['99.9'], ms(p['99.9']))}
    ${num(s.latency.max, ms(s.latency.max))}
    ${num(s.count ? s.wireBytes / s.count : null, s.count ? bytes(s.wireBytes / s.count) : DASH)}
    ${num(s.count ? s.decodedBytes / s.count : null, s.count ? bytes(s.decodedBytes / s.count) : DASH)}
    ${num(failuresPerSecond(s, seconds), rate(failuresPerSecond(s, seconds)))}
  </tr>`;
}

export function statsSection(summary: Summary): SafeHtml {
  const seconds = rateSeconds(summary);
  return html`<section id="stats">
  <h2>Requests and pages by name</h2>
  <p class="muted">Times in ms, from one HDR histogram per row. Sizes per request: on the wire as sent (compressed; 0 B when a browser served it from its cache) and decoded. Click a column to sort.</p>
  <table class="sortable" id="stats-table"><thead><tr>
    <th class="text">Type</th><th class="text">Name</th><th>Requests</th><th>Failures</th><th>Error %</th><th>Req/s</th><th>Avg</th><th>Min</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>Max</th><th title="bytes on the wire per request, as sent (compressed, 0 when served from cache)">Avg wire</th><th title="decoded body bytes per request (Locust's Average size)">Avg size (decoded)</th><th>Fail/s</th>
  </tr></thead>
  <tbody>${sortedStats(summary.stats).map((s) => statRow(s, seconds))}</tbody>
  <tfoot>${statRow(summary.aggregate, seconds, true)}</tfoot>
  </table>
</section>`;
}

export function failuresSection(summary: Summary): SafeHtml {
  // Status codes are digits, which sort alike by code unit and by locale; localeCompare would start
  // ICU's collator (15 ms of CPU a run) for this one sort.
  const codes = Object.entries(summary.statusCodes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return html`<section id="failures">
  <h2>Failures</h2>
  ${summary.failures.length === 0 ? html`<p class="pass">No failed requests.</p>` : html`<table class="sortable" id="failures-table"><thead><tr><th class="text">Method</th><th class="text">Name</th><th class="text">Error</th><th>Occurrences</th><th class="text">First seen</th><th class="text">Last seen</th></tr></thead><tbody>
  ${[...summary.failures].sort((a, b) => b.occurrences - a.occurrences).map((f) => html`<tr><td class="text">${f.method}</td><td class="text">${breakable(f.name)}</td><td class="text">${f.error}</td><td data-v="${f.occurrences}">${int(f.occurrences)}</td><td class="text">${utc(f.firstSeen)}</td><td class="text">${utc(f.lastSeen)}</td></tr>`)}
  </tbody></table>`}
  ${summary.exceptions.length === 0 ? '' : html`<h3>Exceptions in flow code</h3><table><thead><tr><th>Count</th><th class="text">Message</th><th class="text">Traceback</th></tr></thead><tbody>
  ${summary.exceptions.map((e) => html`<tr><td>${int(e.count)}</td><td class="text">${e.message}</td><td class="text"><pre>${e.traceback}</pre></td></tr>`)}
  </tbody></table>`}
  ${codes.length === 0 ? '' : html`<h3>Status codes</h3><p>${codes.map(([code, n], i) => html`${i ? ' · ' : ''}<b>${code}</b> ${int(n)}`)}</p>`}
</section>`;
}

/** A merge of shards: each shard's start against the plan, its CPU and saturation, its own verdict (its own line; none otherwise). */
export function shardsSection(summary: Summary): SafeHtml | string {
  const rows = shardRows(summary);
  if (rows.length === 0) return '';
  return html`<section id="shards">
  <h2>Shards</h2>
  <p class="muted">${SHARDS_NOTE[0].toUpperCase()}${SHARDS_NOTE.slice(1)}.</p>
  <table id="shards-table"><thead><tr>${SHARDS_HEADER.map((h) => html`<th class="text">${h}</th>`)}</tr></thead><tbody>
  ${rows.map((row) => html`<tr class="${row.saturated ? 'warn' : ''}">${shardCells(row).map((cell, c) => html`<td class="${c === 6 && row.ownVerdict !== null ? (row.ownVerdict === 'passed' ? 'text pass' : 'text fail') : 'text'}">${cell}</td>`)}</tr>`)}
  </tbody></table>
</section>
`;
}

export function healthSection(summary: Summary): SafeHtml {
  const g = summary.generator;
  return html`<section id="generator">
  <h2>Load generator health</h2>
  ${g.saturated ? html`<div class="banner bad">${icon('warning')} Saturated for ${g.saturatedSeconds}s: above the CPU limit${saturatedWorkerWords(g)}, response times include the tester's own queueing.</div>` : html`<p class="pass">Not saturated: the generator had CPU to spare.</p>`}
  <p>${g.cores} cores · peak machine CPU <b>${Math.round(g.peakMachinePct)}%</b> · peak Node RSS ${Math.round(g.peakNodeRssMb)} MB${summary.browser ? html` · Chromium ${summary.browser.version}, ${summary.browser.crashes.pages} page / ${summary.browser.crashes.browsers} browser crashes` : ''}</p>
  ${g.samples.length > 0 ? html`<div class="chart" id="chart-cpu"></div>` : html`<p class="muted">No CPU samples were recorded.</p>`}
  ${summary.warnings.length > 0 ? html`<h3>Warnings</h3><ul>${summary.warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul>` : ''}
</section>`;
}

/** What warm-up measured before its samples left the stats: the cold server against the measured run. */
export function warmupSection(summary: Summary): SafeHtml | string {
  const w = summary.warmup;
  if (!w) return '';
  const measured = new Map(summary.stats.map((s) => [`${s.type} ${s.name}`, s]));
  const row = (label: SafeHtml | string, cold: LatencySummary, warm: LatencySummary | undefined, count: number) => html`<tr>
    <td class="text">${label}</td><td>${int(count)}</td>
    <td>${ms(cold.percentiles['50'])}</td><td>${ms(warm?.percentiles['50'])}</td>
    <td>${ms(cold.percentiles['95'])}</td><td>${ms(warm?.percentiles['95'])}</td></tr>`;
  return html`<section id="warmup">
  <h2>Warm-up (left out of the stats)</h2>
  <p class="muted">${duration(w.durationS)} of load before measurement began: how the cold server answered compared with the measured run.</p>
  <table><thead><tr><th class="text">Name</th><th>Warm-up requests</th><th>p50 warm-up</th><th>p50 measured</th><th>p95 warm-up</th><th>p95 measured</th></tr></thead><tbody>
  ${sortedStats(w.stats).map((s) => row(html`<span class="badge">${s.type}</span> ${s.name}`, s.latency, measured.get(`${s.type} ${s.name}`)?.latency, s.count))}
  </tbody><tfoot>${row('Aggregated', w.aggregate.latency, summary.aggregate.latency, w.aggregate.count)}</tfoot></table>
</section>`;
}

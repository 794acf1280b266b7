/**
 * One second of the live view: the run's summary so far (the same redacted Summary a checkpoint
 * writes) turned into the page's parts, and the charts' seconds a page has not had yet. The
 * tiles, thresholds and the per-name table are the live view's own (they add the current second);
 * failures, pages, audit and health are the HTML report's sections, rendered from the snapshot by
 * the report's own renderers. The series is not sent whole every second (a frame would grow with
 * the run): a page gets it once when it connects, in frames of at most MAX_POINTS_PER_FRAME
 * seconds, then only each new second, and appends.
 */
import { DASH, int, ms, percent, rate, thresholdActual } from '../report/format.js';
import { auditSection, pagesSection } from '../report/html/browser.js';
import { failuresSection, healthSection } from '../report/html/sections.js';
import { type SeriesColumns, seriesColumns } from '../report/html/data.js';
import { html, type SafeHtml } from '../report/html/template.js';
import type { SeriesPoint, StatEntry, Summary } from '../schema/summary.js';

/** Where the run is on its clock, and what the page may change. */
export interface LiveStatus {
  elapsedS: number;
  /** Warm-up and run time together. */
  totalS: number;
  model: 'closed' | 'open';
  /** The closed model's users, or the open model's arrival rate, as last set. */
  target: number;
  /** The browser users as last set (the run's --browser-users until the page changes them). */
  browserTarget: number;
  /** Users running now: protocol and browser. */
  users: number;
  browserUsers: number;
  /** The run stopped (its final summary is being written, or is written). */
  ended: boolean;
}

/** The charts' seconds from index `from` of the run's series on, in the report's columns (t in Unix seconds). */
export type LivePoints = SeriesColumns & {
  /** Where these seconds go in the series: the page drops what it has from there on, then appends. */
  from: number;
};

/**
 * What one server-sent event carries: which run (a `ui` session hosts several), where it is, the
 * markup of each region of the page (empty in the frames that only catch a page up on the
 * series), and the seconds of the series the page lacks (null when no run has started).
 */
export interface LiveFrame {
  run: number;
  status: LiveStatus | null;
  parts: Record<string, string>;
  points: LivePoints | null;
}

/** The most seconds one frame carries: a page that connects late is caught up in several frames. */
export const MAX_POINTS_PER_FRAME = 120;

/** The regions of the page, rendered from the summary so far. */
export function liveParts(summary: Summary, status: LiveStatus): Record<string, string> {
  const last = summary.timeSeries.points.at(-1);
  const seconds = summary.timeSeries.intervalMs / 1000;
  return {
    tiles: tiles(summary, status, last, seconds).value,
    thresholds: thresholds(summary).value,
    names: namesTable(summary, last, seconds).value,
    // The report's sections carry their own ids (failures, pages, …): their regions are live-*.
    'live-failures': failuresSection(summary).value,
    'live-pages': String(pagesSection(summary)),
    'live-audit': String(auditSection(summary)),
    'live-health': healthSection(summary).value,
  };
}

/** The series' seconds from index `from`, at most MAX_POINTS_PER_FRAME of them. */
export function livePoints(summary: Summary, from: number): LivePoints {
  const { points, intervalMs } = summary.timeSeries;
  return { from, ...seriesColumns(points.slice(from, from + MAX_POINTS_PER_FRAME), intervalMs) };
}

function tile(label: string, value: string, id: string): SafeHtml {
  return html`<div class="tile"><div class="label">${label}</div><div class="value" id="${id}">${value}</div></div>`;
}

function tiles(summary: Summary, status: LiveStatus, last: SeriesPoint | undefined, seconds: number): SafeHtml {
  const a = summary.aggregate;
  const p = a.latency.percentiles;
  const remaining = Math.max(0, status.totalS - status.elapsedS);
  return html`<div class="tiles">
${tile('elapsed', `${Math.floor(status.elapsedS)} s`, 'live-elapsed')}
${tile('remaining', status.ended ? 'ended' : `${Math.ceil(remaining)} s`, 'live-remaining')}
${tile('users', int(status.users), 'live-users')}
${tile('browser users', int(status.browserUsers), 'live-browser-users')}
${tile('req/s now', last ? rate(last.requests / seconds) : DASH, 'live-rps')}
${tile('requests', int(a.count), 'live-requests')}
${tile('p50 ms', ms(p['50']), 'live-p50')}
${tile('p95 ms', ms(p['95']), 'live-p95')}
${tile('p99 ms', ms(p['99']), 'live-p99')}
${tile('errors', `${int(a.failures)} (${percent(a.count > 0 ? (a.failures / a.count) * 100 : 0)})`, 'live-errors')}
</div>`;
}

function thresholds(summary: Summary): SafeHtml {
  if (summary.thresholds.length === 0) return html`<p class="muted">No thresholds given.</p>`;
  return html`<ul class="thresholds">${summary.thresholds.map(
    (t) => html`<li class="${t.passed ? 'pass' : 'fail'}" data-passed="${String(t.passed)}">${t.passed ? '✓' : '✗'} ${t.expression}: ${thresholdActual(t)}</li>`,
  )}</ul>`;
}

/** Locust's columns, then the last second's requests and failures per second of each name. */
function namesTable(summary: Summary, last: SeriesPoint | undefined, seconds: number): SafeHtml {
  const row = (s: StatEntry, total = false) => {
    const now = total ? last : last?.byName[`${s.type} ${s.name}`];
    const p = s.latency.percentiles;
    const cells = [s.count, s.failures].map((n) => html`<td>${int(n)}</td>`);
    const times = [p['50'], p['95'], p['99'], s.latency.mean, s.latency.min, s.latency.max].map((v) => html`<td>${ms(v)}</td>`);
    const size = s.count > 0 ? Math.round(s.decodedBytes / s.count) : 0;
    return html`<tr class="${total ? 'total' : ''}"><td class="text">${s.type}</td><td class="text name">${s.name}</td>${cells}${times}<td>${int(size)}</td><td>${now ? rate(now.requests / seconds) : DASH}</td><td>${now ? rate(now.failures / seconds) : DASH}</td></tr>`;
  };
  return html`<table id="names-table"><thead><tr><th class="text">Type</th><th class="text">Name</th><th># Requests</th><th># Fails</th><th>Median (ms)</th><th>95%ile (ms)</th><th>99%ile (ms)</th><th>Average (ms)</th><th>Min (ms)</th><th>Max (ms)</th><th>Average size (bytes)</th><th>Current RPS</th><th>Current Failures/s</th></tr></thead>
<tbody>${summary.stats.map((s) => row(s))}</tbody><tfoot>${row(summary.aggregate, true)}</tfoot></table>`;
}

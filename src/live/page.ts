/**
 * The live view's page: the report's stylesheet and uPlot inlined (nothing is fetched from
 * anywhere but this server), empty regions the event stream fills every second, the Stop button,
 * the users (or rate) form and the downloads. No figure and no credential is in the page itself.
 */
import { REPORT_CSS, uplotAssets } from '../report/html/assets.js';
import { html, inlineScript, page, raw, type SafeHtml } from '../report/html/template.js';
import { LIVE_SCRIPT } from './client.js';
import { DOWNLOADS } from './downloads.js';

/** Only this server: the event stream and the controls' POSTs; nothing else may load. */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'self'; form-action 'self'";

const LIVE_CSS = `
.controls { display:flex; flex-wrap:wrap; gap:14px; align-items:center; }
.controls form { display:flex; gap:6px; align-items:center; margin:0; }
.controls input { width:7em; padding:4px 6px; }
button { padding:5px 14px; border-radius:6px; border:1px solid var(--line); background:#fff; cursor:pointer; font:inherit; }
button.stop { background:var(--bad); color:#fff; border-color:var(--bad); font-weight:600; }
button:disabled { opacity:.5; cursor:default; }
ul.thresholds { list-style:none; padding:0; margin:0; }
ul.thresholds li { padding:2px 0; font-weight:600; }
#live-state { margin-left:auto; }
`;

export interface PageOptions {
  model: 'closed' | 'open';
  /** What the page calls the run: its host, as the report's title does. */
  title: string;
  /** The run has browser users, whose number the page can change. */
  browserUsers: boolean;
}

export interface ControlsOptions {
  model: 'closed' | 'open';
  browserUsers: boolean;
  /** Words after the fields' names ("now" on the `ui` page, whose start form has fields of those names). */
  suffix?: string;
  /** Where the downloads are (`download/`), and whether the Stop button starts disabled (no run yet). */
  idle?: boolean;
}

/** The field's label, "Users" or "Users now". */
const named = (name: string, suffix?: string) => (suffix ? `${name} ${suffix}` : name);

/** Stop, the change of users (or rate) and of browser users, the state, the downloads. */
export function liveControls(options: ControlsOptions): SafeHtml {
  const isOpen = options.model === 'open';
  const label = named(isOpen ? 'Arrival rate (iterations/s)' : 'Users', options.suffix);
  const browser = options.browserUsers
    ? html`<form id="resize-browser"><label for="browser-target">${named('Browser users', options.suffix)}</label><input id="browser-target" name="target" type="number" min="0" step="1" required><button type="submit" aria-label="Apply browser users">Apply</button></form>`
    : '';
  return html`<section id="controls"><div class="controls">
<button type="button" class="stop" id="stop"${raw(options.idle ? ' disabled' : '')}>Stop</button>
<form id="resize"><label for="target">${label}</label><input id="target" name="target" type="number" min="0" step="${isOpen ? 'any' : '1'}" required><button type="submit">Apply</button></form>
${browser}
<span class="muted" id="live-state">${options.idle ? 'no run yet' : 'connecting…'}</span>
</div>
<p class="muted">Downloads of the run so far: ${DOWNLOADS.map((d, i) => html`${i ? ' · ' : ''}<a href="download/${d.file}" download>${d.file}</a>`)}</p>
</section>`;
}

const region = (id: string, title: string) => html`<section id="${id}-section"><h2>${title}</h2><div id="${id}"></div></section>`;

/** The regions the event stream fills: tiles, thresholds, charts, the table, the report's sections. */
export function liveRegions(): SafeHtml {
  return html`<section id="now"><div id="tiles"></div></section>
${region('thresholds', 'Thresholds (on the figures so far)')}
<section id="charts"><h2>Over the run so far</h2><div class="charts">
<div class="chart"><h3>Throughput</h3><div id="chart-throughput"></div></div>
<div class="chart"><h3>Users</h3><div id="chart-users"></div></div>
<div class="chart"><h3>Latency</h3><div id="chart-latency"></div></div>
</div></section>
${region('names', 'Requests and pages by name')}
<div id="live-failures"></div>
<div id="live-pages"></div>
<div id="live-audit"></div>
<div id="live-health"></div>`;
}

/** The document around a body: the CSP, the report's stylesheet and uPlot inlined, the script. */
export function pageShell(title: string, body: SafeHtml, extraCss: string, script: string, mode: 'run' | 'ui' = 'run'): string {
  const uplot = uplotAssets();
  return page(title, uplot.css + REPORT_CSS + LIVE_CSS + extraCss, body, [inlineScript(uplot.js), inlineScript(script)], { csp: CSP, mode });
}

export function livePage(options: PageOptions): string {
  const body = html`<header class="top"><h1>browse-load · live</h1><div class="meta">${options.title}</div></header>
<main>
${liveControls(options)}
${liveRegions()}
</main>`;
  return pageShell(`browse-load · live · ${options.title}`, body, '', LIVE_SCRIPT);
}

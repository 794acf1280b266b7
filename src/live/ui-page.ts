/**
 * The `ui` page: the start form (Host, Users, Spawn rate, Run time, Browser users, Start), the
 * line that says what is wrong with it, the runs of this session with their reports, and below
 * them the live view of the run going on (the same regions and controls as `run --web`'s page,
 * its fields named "… now" so that each name on the page is one field). The form's defaults come
 * from the command's flags; no credential is ever in the page.
 */
import { html, type SafeHtml } from '../report/html/template.js';
import { LIVE_SCRIPT } from './client.js';
import { liveControls, liveRegions, pageShell } from './page.js';

/** The start form's fields, as the page sends them (strings, as flags are: '' leaves the default). */
export interface StartFields {
  host: string;
  users: string;
  spawnRate: string;
  runTime: string;
  browserUsers: string;
}

export const START_FIELDS: ReadonlyArray<{ key: keyof StartFields; label: string; type: 'url' | 'number' | 'text'; hint: string }> = [
  { key: 'host', label: 'Host', type: 'url', hint: 'http://127.0.0.1:8000' },
  { key: 'users', label: 'Users', type: 'number', hint: 'protocol users' },
  { key: 'spawnRate', label: 'Spawn rate', type: 'number', hint: 'all within 1 s' },
  { key: 'runTime', label: 'Run time', type: 'text', hint: '30s, 5m, 1h30m' },
  { key: 'browserUsers', label: 'Browser users', type: 'number', hint: 'real Chromium users' },
];

const UI_CSS = `
#start-form { display:flex; flex-wrap:wrap; gap:10px 18px; align-items:end; }
#start-form label { display:flex; flex-direction:column; gap:3px; font-size:13px; }
#start-form input { width:9em; padding:4px 6px; }
#start-form input[name=host] { width:20em; }
#start-form button { background:var(--accent, #2457c5); color:#fff; font-weight:600; }
#start-problem { color:var(--bad); font-weight:600; min-height:1.2em; margin:8px 0 0; }
ul.runs { padding-left:1.2em; }
`;

function startForm(defaults: StartFields): SafeHtml {
  // Plain fields, no min or pattern: the run's own validation judges them, in the same words as `run`.
  const inputs = START_FIELDS.map(
    (f) => html`<label>${f.label}<input name="${f.key}" type="${f.type === 'number' ? 'text' : f.type}"${f.type === 'number' ? html` inputmode="decimal"` : ''} value="${defaults[f.key]}" placeholder="${f.hint}"></label>`,
  );
  return html`<section id="start-section"><h2>Start a run</h2>
<form id="start-form">${inputs}<button type="submit" id="start">Start</button></form>
<p id="start-problem" role="alert"></p>
</section>`;
}

export function uiPage(defaults: StartFields, browserUsers: boolean): string {
  const body = html`<header class="top"><h1>browse-load · ui</h1><div class="meta">start runs, watch and steer them</div></header>
<main>
${startForm(defaults)}
<section id="runs-section"><h2>Runs of this session</h2><div id="ui-runs"><p class="muted">None yet.</p></div></section>
<h2>The run</h2>
${liveControls({ model: 'closed', browserUsers, suffix: 'now', idle: true })}
${liveRegions()}
</main>`;
  return pageShell('browse-load · ui', body, UI_CSS, LIVE_SCRIPT, 'ui');
}

/**
 * The two HTML pages: the home page (generated once per start) and the dashboard (rendered
 * on every request from an aggregate over all entries).
 */
import { formatCents, type Entry } from './entry.js';
import { intBetween, pick, seededRandom } from '../random.js';
import type { DashboardFigures } from './reports.js';
import { capitalize, KEYWORDS, paragraph, sentence, VOCABULARY } from './words.js';

export const HOME_SIZE = 15 * 1024;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function head(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Demo ERP</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/vendor.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="header-panel">
<a href="/"><img src="/static/logo.svg" alt="Demo ERP" width="120" height="32"></a>
<nav class="header-nav"><a href="/">Home</a> <a href="/dashboard/">Dashboard</a></nav>
</header>
`;
}

const FOOT = `<footer class="footer-panel"><p>Demo ERP · served by browse-load demo-target</p></footer>
</body>
</html>
`;

export function homePage(seed: number): string {
  const r = seededRandom(seed + 4);
  const sections: string[] = [];
  let length = 0;
  while (length < HOME_SIZE - 1200) {
    const title = `${capitalize(pick(r, KEYWORDS))} ${pick(r, VOCABULARY)}`;
    const items = Array.from({ length: intBetween(r, 2, 5) }, () => `<li>${sentence(r, 3, 9)}</li>`).join('');
    const section = `<section class="card-${pick(r, VOCABULARY)}">
<h2>${title}</h2>
<p>${paragraph(r, intBetween(r, 2, 4))}</p>
<ul>${items}</ul>
</section>
`;
    sections.push(section);
    length += section.length;
  }
  return `${head('Home')}<main class="home-grid">
<h1>Welcome to the demo ledger</h1>
${sections.join('')}</main>
${FOOT}`;
}

const money = formatCents;

function entryRow(entry: Entry): string {
  const lines = entry.lines
    .map((l) => `<li><span class="account">${escapeHtml(l.account)}</span> <span class="debit">${money(l.debit)}</span> <span class="credit">${money(l.credit)}</span></li>`)
    .join('');
  return `<tr id="entry-${entry.id}"><td class="ref"><a href="/api/journal-entries/${entry.id}/">${escapeHtml(entry.reference)}</a></td><td class="date">${entry.date}</td><td class="desc">${escapeHtml(entry.description)}</td><td class="lines"><ul>${lines}</ul></td></tr>\n`;
}

/** After load, two fetch() calls to the API (authorised by the session cookie). */
const DASHBOARD_SCRIPT = `<script>
window.addEventListener('load', function () {
  var out = document.getElementById('live-count');
  Promise.all([
    fetch('/api/journal-entries/?page=1', { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error('entries ' + r.status); return r.json(); }),
    fetch('/api/search/?q=cash', { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error('search ' + r.status); return r.json(); })
  ]).then(function (res) {
    out.textContent = res[0].count + ' entries, ' + res[1].count + ' match "cash"';
    out.setAttribute('data-state', 'done');
  }).catch(function (err) {
    out.textContent = 'live data failed: ' + err.message;
    out.setAttribute('data-state', 'failed');
  });
  // The flows' interaction (INP): reverses the recent entries. It also spends ~40 ms of script,
  // as a real table re-sort would, so that the Event Timing API (16 ms and up) reports it.
  var button = document.getElementById('reverse-recent');
  button.addEventListener('click', function () {
    var until = performance.now() + 40;
    while (performance.now() < until) { /* a re-sort's worth of work */ }
    var body = document.querySelector('.entry-table tbody');
    var rows = Array.prototype.slice.call(body.rows).reverse();
    rows.forEach(function (row) { body.appendChild(row); });
    button.setAttribute('data-order', button.getAttribute('data-order') === 'oldest' ? 'newest' : 'oldest');
  });
});
</script>
`;

export function dashboardPage(f: DashboardFigures): string {
  const tiles = [
    ['Journal entries', String(f.entryCount)],
    ['Total volume', money(f.volume)],
    ['Active accounts', String(f.accounts)],
    ['Largest entry', money(f.largest)],
    [`Entries in ${f.latestMonth}`, String(f.latestMonthEntries)],
    [`Volume in ${f.latestMonth}`, money(f.latestMonthVolume)],
  ]
    .map(([label, value]) => `<div class="kpi-tile"><span class="kpi-label">${label}</span><strong class="kpi-value">${value}</strong></div>`)
    .join('\n');
  const months = f.months.map(([month, count, volume]) => `<tr><td>${month}</td><td>${count}</td><td>${money(volume)}</td></tr>`).join('\n');
  const accounts = f.topAccounts
    .map((a) => `<tr><td>${escapeHtml(a.account)}</td><td>${money(a.debit)}</td><td>${money(a.credit)}</td><td>${money(a.debit - a.credit)}</td><td>${a.entries}</td></tr>`)
    .join('\n');
  return `${head('Dashboard')}<main class="dashboard-grid">
<h1>Dashboard</h1>
<section class="kpi-row">
${tiles}
<div class="kpi-tile"><span class="kpi-label">Live</span><strong class="kpi-value" id="live-count" data-state="loading">loading…</strong></div>
</section>
<section class="chart-panel"><h2>Volume by month</h2>
<table class="month-table"><thead><tr><th>Month</th><th>Entries</th><th>Volume</th></tr></thead><tbody>
${months}
</tbody></table></section>
<section class="account-panel"><h2>Top accounts</h2>
<table class="account-table"><thead><tr><th>Account</th><th>Debits</th><th>Credits</th><th>Balance</th><th>Entries</th></tr></thead><tbody>
${accounts}
</tbody></table></section>
<section class="recent-panel"><h2>Recent entries</h2>
<button type="button" id="reverse-recent" data-order="newest">Reverse order</button>
<table class="entry-table"><thead><tr><th>Reference</th><th>Date</th><th>Description</th><th>Lines</th></tr></thead><tbody>
${f.recent.map(entryRow).join('')}</tbody></table></section>
</main>
${DASHBOARD_SCRIPT}${FOOT}`;
}

/**
 * What the report inlines: uPlot (a small, maintained chart library) read from node_modules at
 * render time, and our own stylesheet. Nothing is fetched when the report is opened.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: { js: string; css: string } | undefined;

/** uPlot's minified IIFE build (defines `uPlot`) and its stylesheet. */
export function uplotAssets(): { js: string; css: string } {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('uplot/package.json')), 'dist');
    cached = {
      js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}

export const REPORT_CSS = `
:root { --fg:#1d2330; --muted:#5d6675; --line:#e3e6eb; --bg:#f6f7f9; --card:#fff; --good:#17803d; --bad:#c62828; --warn:#a15c00; --accent:#2457c5; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#1d2330; color:#fff; padding:18px 28px; }
header.top h1 { margin:0 0 4px; font-size:20px; font-weight:600; }
header.top .meta { color:#c6ccd6; font-size:13px; }
main { padding:18px 28px 40px; max-width:1500px; margin:0 auto; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin:0 0 18px; }
section h2 { margin:0 0 12px; font-size:16px; }
section h3 { margin:14px 0 8px; font-size:14px; }
.tiles { display:grid; grid-template-columns:repeat(auto-fit, minmax(130px, 1fr)); gap:12px; }
.tile { border:1px solid var(--line); border-radius:8px; padding:10px 12px; background:#fbfcfd; }
.tile .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
.tile .value { font-size:24px; font-weight:600; font-variant-numeric:tabular-nums; }
.tile .unit { white-space:nowrap; font-size:13px; color:var(--muted); font-weight:400; margin-left:3px; }
.pass { color:var(--good); } .fail { color:var(--bad); } .warn { color:var(--warn); }
.rating-good { color:var(--good); } .rating-needs-improvement { color:var(--warn); } .rating-poor { color:var(--bad); font-weight:600; }
.banner { border-radius:6px; padding:10px 14px; margin:0 0 14px; }
.banner.bad { background:#fdecea; color:#8a1c1c; border:1px solid #f5c2c0; }
.banner.warn { background:#fff4e0; color:#6b4100; border:1px solid #f3d39b; }
.settings { color:var(--muted); font-size:13px; margin-top:10px; word-break:break-word; }
/* At most two charts a row: a wide window makes them wider, not a lone fourth chart. */
.charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(max(440px, 40%), 1fr)); gap:16px; }
.chart { min-height:260px; }
.chart h3 { margin:0 0 6px; }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:right; vertical-align:top; }
th { background:#f0f2f5; font-weight:600; white-space:nowrap; }
th.sortable { cursor:pointer; user-select:none; }
th.sortable::after { content:" ↕"; color:#9aa3b0; font-size:11px; }
th.sorted-asc::after { content:" ▲"; color:var(--accent); } th.sorted-desc::after { content:" ▼"; color:var(--accent); }
td.text, th.text { text-align:left; overflow-wrap:break-word; }
/* Names and URLs break only after / ? & = (the renderer puts <wbr> there), never inside a word. */
td.name, td.url { overflow-wrap:normal; word-break:normal; min-width:9em; }
#stats-table td.name { min-width:14em; }
/* Findings are sentences: they get the room, the URL column wraps at its separators. */
#audit-table td.findings { min-width:18em; }
#audit-table th { white-space:normal; vertical-align:bottom; }
#audit-table td.findings ul { margin:0; padding-left:1.1em; }
/* The per-name table's 17 columns fit a 1280 px window: narrower padding, headers may wrap. */
#stats-table th, #stats-table td { padding:5px 6px; }
#stats-table th { white-space:normal; vertical-align:bottom; }
#stats-table td:not(.text) { white-space:nowrap; }
.icon { width:1em; height:1em; vertical-align:-0.15em; flex:none; }
.settings-list { display:grid; grid-template-columns:repeat(auto-fill, minmax(230px, 1fr)); gap:6px 18px; margin:4px 0 0; font-size:13px; }
.settings-list dt { color:var(--muted); font-size:12px; }
.settings-list dd { margin:0; overflow-wrap:break-word; }
tr.total td { font-weight:600; border-top:2px solid var(--line); }
.badge { display:inline-block; white-space:nowrap; padding:0 6px; border-radius:4px; font-size:11px; font-weight:600; background:#e8ecf3; color:#3b4658; }
.badge.page { background:#e3f1e8; color:#17633a; }
.muted { color:var(--muted); }
.wf { position:relative; height:14px; background:#f0f2f5; border-radius:3px; min-width:220px; }
.wf span { position:absolute; top:0; height:14px; }
pre { white-space:pre-wrap; word-break:break-word; font-size:12px; margin:0; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:10px; }
`;

/** The compact end-of-run summary printed on the terminal: headline, per-name table, thresholds, a merge's shards, the error report. */
import type { Summary } from '../schema/summary.js';
import { notServedLine, timeSavedLine } from './audit/brief.js';
import { errorReportLines } from './error-report.js';
import { saturatedWorkerWords } from './saturation.js';
import { SHARDS_HEADER, SHARDS_NOTE, shardCells, shardRows } from './shards-view.js';
import { duration, int, ms, percent, rate, thresholdActual, utc } from './format.js';
import { errorPercent, failuresPerSecond, headline, populations, rateSeconds, requestsPerSecond, sortedStats, TWO_ERROR_RATES, type Population } from './headline.js';
import { ratingLine, ratingRows } from './vitals-view.js';

const NAME_WIDTH = 48;

export function renderTerminal(summary: Summary, opts: { color?: boolean } = {}): string {
  const paint = painter(opts.color ?? false);
  const h = headline(summary);
  const seconds = rateSeconds(summary);
  const lines: string[] = [];

  if (summary.run.complete === false) {
    lines.push(paint.red(paint.bold(`⚠ INCOMPLETE RUN: a checkpoint of ${utc(summary.run.endedAt)}; the run was killed or is still running`)));
  }
  lines.push(paint.bold(`browse-load ${summary.run.id}: ${summary.run.host}`));
  lines.push(
    `${utc(summary.run.measuredFrom)} · ${duration(h.measuredSeconds)} measured · ${summary.run.model} model · ` +
      `${h.peakUsers} users${h.peakBrowserUsers ? ` + ${h.peakBrowserUsers} browser` : ''}`,
  );
  const err = percent(h.errorPct);
  lines.push(
    `${paint.bold(`${rate(h.rps)} req/s`)}  p50 ${ms(h.p50)} ms  p95 ${paint.bold(`${ms(h.p95)} ms`)}  p99 ${ms(h.p99)} ms  ` +
      `errors ${h.failures > 0 ? paint.red(err) : err} (${int(h.failures)} of ${int(h.requests)})`,
  );
  const cut = summary.aggregate.cutAtStop ?? 0;
  if (cut > 0) {
    const line = `${int(cut)} requests cut at stop (in flight when the run stopped, in no figure)`;
    lines.push(h.requests === 0 ? paint.red(paint.bold(`no request completed: ${line}`)) : paint.yellow(line));
  }
  lines.push(...populationLines(summary));
  lines.push('');

  const header = ['Type', 'Name', '# reqs', '# fails', 'req/s', 'fail/s', 'p50', 'p95', 'p99', 'max'];
  const rows = sortedStats(summary.stats).map((s) => [
    s.type,
    clip(s.name, NAME_WIDTH),
    int(s.count),
    `${int(s.failures)} (${percent(errorPercent(s), 1)})`,
    rate(requestsPerSecond(s, seconds)),
    rate(failuresPerSecond(s, seconds)),
    ms(s.latency.percentiles['50']),
    ms(s.latency.percentiles['95']),
    ms(s.latency.percentiles['99']),
    ms(s.latency.max),
  ]);
  const agg = summary.aggregate;
  const total = [
    '', 'Aggregated', int(agg.count), `${int(agg.failures)} (${percent(errorPercent(agg), 1)})`,
    rate(requestsPerSecond(agg, seconds)), rate(failuresPerSecond(agg, seconds)),
    ms(agg.latency.percentiles['50']), ms(agg.latency.percentiles['95']), ms(agg.latency.percentiles['99']), ms(agg.latency.max),
  ];
  lines.push(...table(header, rows, total));

  if (summary.thresholds.length > 0) {
    lines.push('');
    lines.push(paint.bold('Thresholds'));
    for (const t of summary.thresholds) {
      const mark = t.passed ? paint.green('✓ pass') : paint.red('✗ FAIL');
      const on = t.page ? ` on PAGE ${t.page}` : '';
      lines.push(`  ${mark}  ${clip(t.expression, 80)}  (${clip(thresholdActual(t), 200)}${on})`);
    }
  }
  const ratings = ratingRows(summary.browser?.pages ?? []);
  if (ratings.length > 0) {
    lines.push('');
    lines.push(paint.bold('Web vitals at p75 (web.dev: good / needs-improvement / poor)'));
    const width = Math.max(...ratings.map((row) => clip(row.page, NAME_WIDTH).length));
    for (const row of ratings) lines.push(`  ${clip(row.page, NAME_WIDTH).padEnd(width)}  ${ratingLine(row)}`);
  }
  if (summary.audit) {
    const counts = Object.entries(summary.audit.findingCounts).filter(([, n]) => (n ?? 0) > 0);
    lines.push('');
    lines.push(
      counts.length === 0
        ? paint.green('Audit: compression and caching as the headers promise, no findings')
        : paint.yellow(`Audit: ${counts.map(([code, n]) => `${n} ${code}`).join(', ')} (see the report, or browse-load audit)`),
    );
    const saved = timeSavedLine(summary.audit);
    if (saved) lines.push(paint.yellow(clip(saved, 300)));
    const notServed = notServedLine(summary.audit, summary.run.host);
    if (notServed) lines.push(paint.yellow(clip(notServed, 300)));
  }
  lines.push(...shardLines(summary, paint));
  const health = summary.generator;
  if (health.saturated) {
    lines.push('');
    lines.push(paint.red(`⚠ load generator saturated for ${health.saturatedSeconds}s (peak CPU ${Math.round(health.peakMachinePct)}%${saturatedWorkerWords(health)}): timings partly measure the tester`));
  }
  for (const warning of summary.warnings) lines.push(paint.yellow(`⚠ ${clip(warning, 200)}`));
  lines.push(...errorReportLines(summary, { paint, clip }));
  return `${lines.join('\n')}\n`;
}

/** A mixed run's API and pages apart (each from its merged histogram), and which errors are which. */
function populationLines(summary: Summary): string[] {
  const { api, pages } = populations(summary);
  if (!api || !pages) return [];
  const line = (label: string, p: Population, unit: string) =>
    `  ${label.padEnd(5)}  p50 ${ms(p.p50)} ms  p95 ${ms(p.p95)} ms  p99 ${ms(p.p99)} ms  errors ${percent(p.errorPct)} (${int(p.failures)} of ${int(p.requests)} ${unit})`;
  return [line('API', api, 'requests'), line('pages', pages, 'page loads'), `  ${TWO_ERROR_RATES}`];
}

/** A merge of shards: one aligned line per shard under its header (nothing for any other run). */
function shardLines(summary: Summary, paint: ReturnType<typeof painter>): string[] {
  const rows = shardRows(summary);
  if (rows.length === 0) return [];
  const cells = [[...SHARDS_HEADER], ...rows.map((row) => shardCells(row).map((cell) => clip(cell, 60)))];
  const widths = SHARDS_HEADER.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const fmt = (r: string[]) => `  ${r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`;
  const lines = ['', paint.bold(`Shards (${SHARDS_NOTE})`), fmt(cells[0])];
  rows.forEach((row, i) => {
    const line = fmt(cells[i + 1]);
    lines.push(row.saturated || row.ownVerdict === 'failed' ? paint.yellow(line) : line);
  });
  return lines;
}

function table(header: string[], rows: string[][], total: string[]): string[] {
  const all = [header, ...rows, total];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const fmt = (r: string[]) =>
    r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(header), rule, ...rows.map(fmt), rule, fmt(total)];
}

function clip(text: string, width: number): string {
  // Names come from user flows: no control characters (escape sequences) reach the terminal.
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ');
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}

function painter(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), red: wrap('31'), green: wrap('32'), yellow: wrap('33') };
}

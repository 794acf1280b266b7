/**
 * `browse-load summary RUN`: the results block the team pastes into its performance notes —
 * date/time and environment, RPS, p95 in ms, errors in % — then the per-name figures.
 */
import type { AuditSection } from '../schema/audit.js';
import type { Summary } from '../schema/summary.js';
import { findingLines, notServedLine, timeSavedLine } from './audit/brief.js';
import { duration, escapeMarkdown as md, ms, rate, thresholdActual, utc } from './format.js';
import { errorPercent, headline, populations, rateSeconds, requestsPerSecond, sortedStats, TWO_ERROR_RATES } from './headline.js';
import { SHARDS_HEADER, SHARDS_NOTE, shardCells, shardRows } from './shards-view.js';
import { ratingLine, ratingRows } from './vitals-view.js';

/** One line describing where and how the run was made. */
export function environmentLine(summary: Summary): string {
  const { run } = summary;
  const env = run.environment;
  const h = headline(summary);
  const users = `${h.peakUsers} users${h.peakBrowserUsers ? ` + ${h.peakBrowserUsers} browser` : ''}`;
  return `${run.host} · ${run.flow} · ${users} · ${duration(h.measuredSeconds)} · ${run.model} model · ` +
    `Node ${env.node}, ${env.platform}, ${env.cpus} CPUs (${env.hostname})`;
}

/** A mixed run's API and pages rows (each from its merged histogram) under the table, and which errors are which. */
function populationRows(summary: Summary, seconds: number): string[] {
  const { api, pages } = populations(summary);
  if (!api || !pages) return [];
  const rps = (n: number) => rate(seconds > 0 ? n / seconds : 0);
  const rows = ([['API (all protocol requests)', api], ['PAGES (all page loads)', pages]] as const).map(
    ([label, p]) => `| | *${label}* | ${p.requests} | ${rps(p.requests)} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${p.errorPct.toFixed(2)} |`,
  );
  return [...rows, '', TWO_ERROR_RATES];
}

export function renderMarkdown(summary: Summary): string {
  const h = headline(summary);
  const seconds = rateSeconds(summary);
  const out: string[] = [];
  out.push(`### Load test ${md(summary.run.id)} — ${utc(summary.run.measuredFrom)}`);
  out.push('');
  out.push('| Date/time (UTC) | Environment | RPS | p95 (ms) | Errors (%) |');
  out.push('| --- | --- | ---: | ---: | ---: |');
  out.push(`| ${utc(summary.run.measuredFrom).replace(' UTC', '')} | ${md(environmentLine(summary))} | ${rate(h.rps)} | ${ms(h.p95)} | ${h.errorPct.toFixed(2)} |`);
  out.push('');
  if (summary.thresholds.length > 0) {
    const verdict = h.thresholdsPassed ? 'all passed' : `${h.thresholdsFailed} failed`;
    out.push(`Thresholds (${verdict}): ${summary.thresholds.map((t) => `${t.passed ? '✅' : '❌'} \`${t.expression.replace(/`/g, "'")}\` (${md(thresholdActual(t))}${t.page ? ` on \`${t.page.replace(/`/g, "'")}\`` : ''})`).join(', ')}`);
    out.push('');
  }
  if (summary.run.complete === false) {
    out.push(`> ⚠️ Incomplete run: a checkpoint written at ${utc(summary.run.endedAt)}, before the run ended.`);
    out.push('');
  }
  const cut = summary.aggregate.cutAtStop ?? 0;
  if (cut > 0) {
    out.push(`> ⚠️ ${cut} requests were cut at stop (in flight when the run stopped, in no figure)${summary.aggregate.count === 0 ? ': no request completed' : ''}.`);
    out.push('');
  }
  if (summary.generator.saturated) {
    out.push(`> ⚠️ The load generator was saturated for ${summary.generator.saturatedSeconds}s (peak CPU ${Math.round(summary.generator.peakMachinePct)}%): timings partly measure the tester.`);
    out.push('');
  }
  out.push('| Type | Name | Requests | RPS | p50 (ms) | p95 (ms) | p99 (ms) | Errors (%) |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const s of [...sortedStats(summary.stats), summary.aggregate]) {
    const isAgg = s === summary.aggregate;
    out.push(
      `| ${isAgg ? '' : md(s.type)} | ${isAgg ? '**Aggregated**' : md(s.name)} | ${s.count} | ${rate(requestsPerSecond(s, seconds))} | ` +
        `${ms(s.latency.percentiles['50'])} | ${ms(s.latency.percentiles['95'])} | ${ms(s.latency.percentiles['99'])} | ${errorPercent(s).toFixed(2)} |`,
    );
  }
  out.push(...populationRows(summary, seconds));
  const ratings = ratingRows(summary.browser?.pages ?? []);
  if (ratings.length > 0) {
    out.push('');
    out.push('Web vitals at p75, rated by web.dev\'s bounds (good / needs-improvement / poor):');
    out.push('');
    for (const row of ratings) out.push(`- ${md(row.page)}: ${md(ratingLine(row))}`);
  }
  out.push(...shardsBlock(summary));
  if (summary.audit) out.push(...auditBlock(summary.audit, summary.run.host));
  return `${out.join('\n')}\n`;
}

/** A merge of shards: each shard's start, CPU, saturation and own verdict (nothing for any other run). */
function shardsBlock(summary: Summary): string[] {
  const rows = shardRows(summary);
  if (rows.length === 0) return [];
  const line = (cells: readonly string[]) => `| ${cells.map(md).join(' | ')} |`;
  return ['', `Shards (${SHARDS_NOTE}):`, '', line(SHARDS_HEADER), `|${SHARDS_HEADER.map(() => ' --- ').join('|')}|`, ...rows.map((row) => line(shardCells(row)))];
}

/** The audit's findings in words, and the routes the target does not serve. */
function auditBlock(audit: AuditSection, host: string): string[] {
  const findings = findingLines(audit, host);
  const notServed = notServedLine(audit, host);
  if (findings.length === 0 && !notServed) return [];
  const saved = timeSavedLine(audit);
  return [
    '', `Audit findings${findings.length === 0 ? ': none' : ':'}`, ...findings.map((line) => `- ${md(line)}`),
    ...(saved ? ['', md(saved)] : []), ...(notServed ? ['', md(notServed)] : []),
  ];
}

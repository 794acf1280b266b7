/**
 * mergeSummaries: several run folders of one plan (shards, machines, repeated runs) as one
 * Summary, which is itself mergeable again. Lossless wherever a histogram is kept: stats, the
 * aggregate, series intervals and page metrics are re-summarised from summed histograms, so the
 * merge reports what one recorder of every sample would have. Counts add up by their keys;
 * thresholds are evaluated again on the merged figures. docs/summary-schema.md says, per section,
 * how it merges.
 *
 * Order-independent: the parts are put in one canonical order first (start, id, content), so
 * every permutation of the same parts gives the same JSON.
 */
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { HISTOGRAM_SETTINGS } from '../hdr/histogram.js';
import { parseThreshold, type ThresholdSpec } from '../config/thresholds.js';
import { mergeSnapshots } from '../metrics/merge.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { rateWindowSeconds } from '../schema/rates.js';
import {
  SUMMARY_SCHEMA_VERSION, V1_HISTOGRAM_SETTINGS, type GeneratorHealth, type GeneratorPart, type HistogramSettings, type OpenModelInfo, type RunInfo, type Summary,
} from '../schema/summary.js';
import { mergeAudit } from './merge-audit.js';
import { mergeBrowser } from './merge-browser.js';
import { type ShardCheck, checkShards, mergedPlanFields } from './merge-shards.js';
import { mergeWarmup } from './merge-warmup.js';
import { evaluateThresholds } from './thresholds.js';
import { newRunId } from './write.js';

export interface MergeOptions extends ShardCheck {
  /** The merged run's id; default a new one from the clock, ending in "-merged". */
  id?: string;
}

export function mergeSummaries(parts: Summary[], options: MergeOptions = {}): Summary {
  if (parts.length === 0) throw new UsageError('merge needs at least one run');
  const sorted = [...parts].sort(canonicalOrder);
  checkMergeable(sorted);
  checkShards(sorted, options);
  const first = sorted[0];
  const metrics = mergeSnapshots(sorted.map(snapshotOf));
  const thresholds = thresholdSpecs(sorted);
  const run = mergedPlanFields(sorted, mergeRunInfo(sorted, options.id ?? `${newRunId()}-merged`), options.id !== undefined);
  run.options = { ...run.options, thresholds: thresholds.map((t) => t.expression) };
  const rateSeconds = rateWindowSeconds(metrics.aggregate.lastAt, run.measuredFrom, run.endedAt);
  const browser = mergeBrowser(sorted.flatMap((s) => (s.browser ? [s.browser] : [])));
  const warmup = mergeWarmup(sorted.flatMap((s) => (s.warmup ? [s.warmup] : [])));
  const audit = mergeAudit(sorted.flatMap((s) => (s.audit ? [{ audit: s.audit, browser: s.browser }] : [])));
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    // The tool that wrote this file: the one that merged.
    tool: { name: 'browse-load', version: TOOL_VERSION },
    histogram: { ...settingsOf(first) },
    run,
    stats: metrics.stats,
    aggregate: metrics.aggregate,
    timeSeries: { intervalMs: metrics.intervalMs, points: metrics.series },
    failures: metrics.failures,
    exceptions: metrics.exceptions,
    statusCodes: metrics.statusCodes,
    openModel: mergeOpenModel(sorted.flatMap((s) => (s.openModel ? [s.openModel] : []))),
    generator: mergeGenerator(sorted),
    thresholds: evaluateThresholds(thresholds, metrics.stats, metrics.aggregate, rateSeconds, browser?.pages),
    browser,
    warmup,
    audit,
    warnings: metrics.warnings,
  };
}

/** The histogram settings a summary was recorded with (v1 summaries predate the field). */
export function settingsOf(summary: Summary): HistogramSettings {
  return summary.histogram ?? V1_HISTOGRAM_SETTINGS;
}

function sameSettings(a: HistogramSettings, b: HistogramSettings): boolean {
  return a.unit === b.unit && a.lowest === b.lowest && a.highest === b.highest && a.significantDigits === b.significantDigits;
}

function describeSettings(s: HistogramSettings): string {
  return `${s.lowest}..${s.highest} ${s.unit}, ${s.significantDigits} digits`;
}

/** Refuses parts that cannot be summed: other histogram settings, intervals or plans. */
function checkMergeable(parts: Summary[]): void {
  const first = parts[0];
  const label = (s: Summary) => `run ${s.run.id}`;
  for (const s of parts) {
    if (!sameSettings(settingsOf(s), HISTOGRAM_SETTINGS)) {
      throw new UsageError(`${label(s)} has histograms of ${describeSettings(settingsOf(s))}; merge sums only ${describeSettings(HISTOGRAM_SETTINGS)}`);
    }
  }
  // Stryker disable next-line MethodExpression: the first part, compared with itself, agrees on every check
  for (const s of parts.slice(1)) {
    const differs: string[] = [];
    if (hostPath(s.run.host) !== hostPath(first.run.host)) differs.push(`host path ${hostPath(first.run.host)} vs ${hostPath(s.run.host)}`);
    if (s.run.flow !== first.run.flow) differs.push(`flow ${first.run.flow} vs ${s.run.flow}`);
    if (urlsOf(s) !== urlsOf(first)) differs.push(`--url ${urlsOf(first) || '(none)'} vs ${urlsOf(s) || '(none)'}`);
    if (s.run.model !== first.run.model) differs.push(`model ${first.run.model} vs ${s.run.model}`);
    if (differs.length > 0) throw new UsageError(`${label(first)} and ${label(s)} are not runs of one plan: ${differs.join('; ')}`);
    if (s.timeSeries.intervalMs !== first.timeSeries.intervalMs) {
      throw new UsageError(`${label(first)} and ${label(s)} have time series of ${first.timeSeries.intervalMs} ms and ${s.timeSeries.intervalMs} ms intervals`);
    }
  }
}

/** The path of the host URL: shards of one plan may hit other machines, never other apps. */
function hostPath(host: string): string {
  try {
    return new URL(host).pathname;
  } catch {
    return host;
  }
}

function urlsOf(s: Summary): string {
  const urls = s.run.options.urls;
  return Array.isArray(urls) ? urls.join(' ') : '';
}

function canonicalOrder(a: Summary, b: Summary): number {
  if (a.run.startedAt !== b.run.startedAt) return a.run.startedAt - b.run.startedAt;
  if (a.run.id < b.run.id) return -1;
  if (a.run.id > b.run.id) return 1;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  // Stryker disable next-line EqualityOperator: x <= y differs only for parts of the same text, which merge alike in either order
  if (x < y) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: Node's sort asks only whether a result is below 0, so a 1 here orders as a 0 does
  return x > y ? 1 : 0;
}

function snapshotOf(s: Summary): MetricsSnapshot {
  return {
    startedAt: s.run.startedAt,
    endedAt: s.run.endedAt,
    stats: s.stats,
    aggregate: s.aggregate,
    series: s.timeSeries.points,
    intervalMs: s.timeSeries.intervalMs,
    failures: s.failures,
    exceptions: s.exceptions,
    statusCodes: s.statusCodes,
    warnings: s.warnings,
  };
}

/** The earliest start and latest end; the plan's fields from the earliest part. */
function mergeRunInfo(parts: Summary[], id: string): RunInfo {
  const first = parts[0].run;
  const stoppedBy = parts.some((s) => s.run.stoppedBy === 'signal') ? 'signal' : parts.some((s) => s.run.stoppedBy === 'iterations') ? 'iterations' : 'duration';
  return {
    ...first,
    id,
    startedAt: Math.min(...parts.map((s) => s.run.startedAt)),
    measuredFrom: Math.min(...parts.map((s) => s.run.measuredFrom)),
    endedAt: Math.max(...parts.map((s) => s.run.endedAt)),
    stoppedBy,
    // A merge of a checkpoint is incomplete too; parts written before checkpoints say nothing.
    ...(parts.some((s) => s.run.complete !== undefined) ? { complete: parts.every((s) => s.run.complete !== false) } : {}),
    // A part that is a merge already stands for its own parts. Not de-duplicated: shards started
    // in the same second share an id.
    mergedFrom: parts.flatMap((s) => s.run.mergedFrom ?? [s.run.id]).sort(),
  };
}

/** The thresholds the runs were given (each expression once), parsed again. */
function thresholdSpecs(parts: Summary[]): ThresholdSpec[] {
  const expressions = new Set<string>();
  for (const s of parts) {
    const given = s.run.options.thresholds;
    if (Array.isArray(given)) for (const e of given) if (typeof e === 'string') expressions.add(e);
  }
  return [...expressions].flatMap((expression) => {
    const spec = parseThreshold(expression);
    return typeof spec === 'string' ? [] : [spec];
  });
}

/** Each part ran its own users, so its counts (and its cap) add up. */
function mergeOpenModel(parts: OpenModelInfo[]): OpenModelInfo | undefined {
  if (parts.length === 0) return undefined;
  const sum = (key: keyof OpenModelInfo) => parts.reduce((n, p) => n + p[key], 0);
  return {
    scheduled: sum('scheduled'), started: sum('started'), dropped: sum('dropped'), late: sum('late'),
    unstartedAtStop: sum('unstartedAtStop'), maxUsers: sum('maxUsers'),
  };
}

/**
 * Generators are not summed: each part's machine is listed in `parts`; the samples of all are
 * kept (by time), peaks are the highest of any, and the run is saturated if any part was.
 */
function mergeGenerator(parts: Summary[]): GeneratorHealth {
  const each: GeneratorPart[] = parts.flatMap((s) => s.generator.parts ?? [generatorPart(s.run.id, s.generator)]);
  const all = parts.map((s) => s.generator);
  return {
    cores: Math.max(...all.map((g) => g.cores)),
    samples: all.flatMap((g) => g.samples).sort((a, b) => a.t - b.t),
    peakMachinePct: Math.max(...all.map((g) => g.peakMachinePct)),
    peakNodeRssMb: Math.max(...all.map((g) => g.peakNodeRssMb)),
    saturated: all.some((g) => g.saturated),
    saturatedSeconds: Math.max(...all.map((g) => g.saturatedSeconds)),
    parts: each,
  };
}

function generatorPart(runId: string, g: GeneratorHealth): GeneratorPart {
  return { runId, cores: g.cores, peakMachinePct: g.peakMachinePct, peakNodeRssMb: g.peakNodeRssMb, saturated: g.saturated, saturatedSeconds: g.saturatedSeconds };
}

/** Puts a run's parts together into the one Summary that every report reads. */
import { hostname, cpus } from 'node:os';
import { type RunConfig, redactedOptions } from '../config/run-config.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { TOOL_VERSION } from '../version.js';
import { buildAudit } from '../audit/build.js';
import { rateWindowSeconds } from '../schema/rates.js';
import { evaluateThresholds } from './thresholds.js';
import { HISTOGRAM_SETTINGS } from '../hdr/histogram.js';
import type { RepeatTiming, RevalidationProbe } from '../schema/audit.js';
import { SUMMARY_SCHEMA_VERSION, type BrowserSection, type GeneratorHealth, type OpenModelInfo, type Summary, type WarmupInfo } from '../schema/summary.js';

export interface RunParts {
  config: RunConfig;
  runId: string;
  flowSource: string;
  startedAt: number;
  measuredFrom: number;
  endedAt: number;
  stoppedBy: Summary['run']['stoppedBy'];
  metrics: MetricsSnapshot;
  generator: GeneratorHealth;
  openModel?: OpenModelInfo;
  browser?: BrowserSection;
  warmup?: WarmupInfo;
  /** Uncompressed text bodies fetched again after the run, so savings come from real gzip. */
  auditBodies?: Map<string, Buffer>;
  /**
   * A one-shot run (the audit mode) timed each route's first call against its repeat itself, with
   * exactly the same request: no 304 is then a finding. A run leaves it out (timings from X-Cache).
   */
  auditRepeats?: RepeatTiming[];
  /** The validator probes after the run (src/runner/audit/validators.ts), by probe key. */
  auditProbes?: Map<string, RevalidationProbe>;
  warnings: string[];
  /** false for a checkpoint written while the run goes on; default true. */
  complete?: boolean;
  /** A sharded run or a common start: shard, plan hash, planned and actual start (absent otherwise). */
  plan?: Pick<Summary['run'], 'shard' | 'planHash' | 'plannedStart' | 'actualStart' | 'skippedArrivals'>;
}

export function buildSummary(parts: RunParts): Summary {
  const rateSeconds = rateWindowSeconds(parts.metrics.aggregate.lastAt, parts.measuredFrom, parts.endedAt);
  const warnings = [...parts.metrics.warnings, ...parts.warnings];
  // Saturation is in `generator` (saturated, saturatedSeconds): renderers say it from there.
  if (parts.openModel && parts.openModel.dropped > 0) {
    warnings.push(`${parts.openModel.dropped} iterations were dropped: --max-users ${parts.openModel.maxUsers} and the backlog were full`);
  }
  warnings.push(...cutWarnings(parts.metrics));
  warnings.push(...revalidateWarnings(parts));
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    tool: { name: 'browse-load', version: TOOL_VERSION },
    histogram: { ...HISTOGRAM_SETTINGS },
    run: {
      id: parts.runId,
      host: parts.config.host,
      startedAt: parts.startedAt,
      measuredFrom: parts.measuredFrom,
      endedAt: parts.endedAt,
      model: parts.config.model.kind,
      stoppedBy: parts.stoppedBy,
      complete: parts.complete ?? true,
      options: redactedOptions(parts.config),
      flow: parts.flowSource,
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, hostname: hostname() },
      ...parts.plan,
    },
    stats: parts.metrics.stats,
    aggregate: parts.metrics.aggregate,
    timeSeries: { intervalMs: parts.metrics.intervalMs, points: parts.metrics.series },
    failures: parts.metrics.failures,
    exceptions: parts.metrics.exceptions,
    statusCodes: parts.metrics.statusCodes,
    openModel: parts.openModel,
    generator: parts.generator,
    thresholds: evaluateThresholds(parts.config.thresholds, parts.metrics.stats, parts.metrics.aggregate, rateSeconds, parts.browser?.pages),
    browser: parts.browser,
    warmup: parts.warmup,
    audit: buildAudit({
      stats: parts.metrics.stats,
      failures: parts.metrics.failures,
      aggregate: parts.metrics.aggregate.latency,
      browser: parts.browser,
      warmup: parts.warmup,
      revalidate: parts.config.revalidate,
      bodies: parts.auditBodies,
      exactRepeats: parts.auditRepeats !== undefined,
      repeats: parts.auditRepeats,
      probes: parts.auditProbes,
    }),
    warnings,
  };
}

/** Names shown in the cut-at-stop warning; the rest are summed as "others". */
const CUT_NAMES_SHOWN = 5;

/**
 * Requests in flight at stop are in no figure: say how many, and by name, so that a server that
 * never answers within the run does not read as a clean, empty run.
 */
export function cutWarnings(metrics: MetricsSnapshot): string[] {
  const cut = metrics.aggregate.cutAtStop ?? 0;
  if (cut === 0) return [];
  const rows = metrics.stats.filter((s) => (s.cutAtStop ?? 0) > 0).sort((a, b) => (b.cutAtStop ?? 0) - (a.cutAtStop ?? 0));
  const shown = rows.slice(0, CUT_NAMES_SHOWN).map((s) => `${s.type} ${s.name} ${s.cutAtStop}`);
  if (rows.length > CUT_NAMES_SHOWN) shown.push(`${rows.length - CUT_NAMES_SHOWN} other names`);
  const out = [`${cut} requests were still in flight when the run stopped (cut at stop, in no figure): ${shown.join(', ')}`];
  if (metrics.aggregate.count === 0) out.unshift(`NO REQUEST COMPLETED: ${cut} were sent and none answered within the run`);
  return out;
}

/**
 * `--revalidate` only repeats a URL a user already fetched: a flow whose URLs never repeat (the
 * default flow varies its pages and ids) sends no conditional request, and the flag would be
 * silently without effect. Said once; the audit command repeats each route itself.
 */
export function revalidateWarnings(parts: Pick<RunParts, 'config' | 'metrics' | 'auditRepeats'>): string[] {
  if (!parts.config.revalidate || parts.auditRepeats !== undefined) return [];
  const gets = parts.metrics.stats.filter((s) => s.method === 'GET' && s.count > 0);
  if (gets.length === 0) return [];
  const sent = gets.reduce((n, s) => n + (s.responses?.conditionalRequests ?? 0), 0);
  if (sent > 0) return [];
  return ['--revalidate sent no conditional request: no protocol user fetched a GET URL again after a 200 with an ETag or Last-Modified (the default flow varies its URLs), so nothing was revalidated; a flow that repeats URLs, or `browse-load audit`, measures 304s'];
}

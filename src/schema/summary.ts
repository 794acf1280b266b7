/**
 * The result file of a run: `summary.json`. It is the single source every report is rendered
 * from (CSV, HTML, terminal, Markdown, compare), and what `merge` combines. Bump
 * SUMMARY_SCHEMA_VERSION on any incompatible change and document it in docs/summary-schema.md.
 *
 * Units: times in milliseconds unless a name says otherwise; histograms hold microseconds;
 * timestamps are Unix epoch milliseconds; bytes are body bytes (headers excluded).
 */
import type { AuditSection } from './audit.js';

export const SUMMARY_SCHEMA_VERSION = 1;

/** Percentiles every latency summary carries: Locust's report set plus p99.9/p99.99. */
/** Above this busy share (machine CPU, the generator's or a worker thread's event loop) timings measure the tester: `saturated`. */
export const SATURATION_PCT = 90;

export const REPORTED_PERCENTILES = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100] as const;

/** Latency figures of one histogram, in ms; all taken from the same HDR data, so p99 <= max. */
export interface LatencySummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  stdev: number | null;
  /** Keys are the REPORTED_PERCENTILES as strings: "50", "99.9", "100". */
  percentiles: Record<string, number | null>;
}

/** Which response headers a route or resource answered with: the audit reads these. */
export interface ResponseProfile {
  contentType: string | null;
  /** Per Content-Encoding value ('identity' when absent): how many responses and their bytes. */
  encodings: Record<string, { count: number; wireBytes: number; decodedBytes: number }>;
  cacheControl: string | null;
  expires: string | null;
  etag: boolean;
  lastModified: boolean;
  vary: string | null;
  /** Largest Age header seen, in seconds, or null when none carried it. */
  maxAge: number | null;
  /** X-Cache values (HIT, MISS, …) and how often each was seen. */
  xCache: Record<string, number>;
  /** Latency from the send per X-Cache value: what the server's own cache saves (a MISS against a HIT). */
  xCacheLatency?: Record<string, { latency: LatencySummary; histogram: string }>;
  /** Status codes seen for this name. */
  statuses: Record<string, number>;
  /** Conditional GETs sent (validators of the same URL, from an earlier 200), and how many got a 304. */
  conditionalRequests?: number;
  conditionalNotModified?: number;
}

/** One phase of opening connections: its times (ms) and their histogram (µs). */
export interface ConnectionPhase {
  latency: LatencySummary;
  histogram: string;
}

/**
 * The connections a row's requests opened (protocol users): a request that opened one carries
 * its TCP connect and, over https, its TLS handshake; a request on a kept-alive connection
 * carries neither, so `opened` is usually far below the row's count. Absent when none opened.
 */
export interface ConnectionPhases {
  opened: number;
  connect: ConnectionPhase;
  /** Over https only. */
  tls?: ConnectionPhase;
}

/** One row of the stats table: a (type, name) pair, type being the HTTP method or "PAGE". */
export interface StatEntry {
  type: string;
  method: string;
  name: string;
  count: number;
  failures: number;
  /** Latency from the intended start (open model) or from the send (closed model). */
  latency: LatencySummary;
  /** HDR histogram (µs), compressed base64, so runs merge without loss. */
  histogram: string;
  /** Open model only: latency from the real send, kept beside the corrected one. */
  uncorrectedLatency?: LatencySummary;
  uncorrectedHistogram?: string;
  wireBytes: number;
  decodedBytes: number;
  firstAt: number | null;
  lastAt: number | null;
  /**
   * Requests (and browser views) still in flight when the run stopped: cut off by our own
   * shutdown, so neither successes nor failures, and in none of the figures above. Absent in
   * summaries written before it was counted (read as 0).
   */
  cutAtStop?: number;
  responses?: ResponseProfile;
  /** Protocol users: the connections this row's requests opened, with TCP and TLS times. */
  connections?: ConnectionPhases;
}

export interface SeriesNamePoint {
  requests: number;
  failures: number;
  /** Decoded body bytes of the interval's requests (Locust's content size). */
  decodedBytes?: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** This name's interval histogram (µs, compressed base64; '' when empty): exact windowed percentiles. */
  histogram?: string;
}

/** One interval of the time series (aggregate of all names, plus per-name figures). */
export interface SeriesPoint {
  /** Start of the interval. */
  t: number;
  users: number;
  browserUsers: number;
  requests: number;
  failures: number;
  wireBytes: number;
  /** Decoded body bytes of the interval's requests. */
  decodedBytes?: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Aggregate interval histogram (µs, compressed base64); empty string when no requests. */
  histogram: string;
  /** Keyed by `${type} ${name}`. */
  byName: Record<string, SeriesNamePoint>;
}

export interface FailureEntry {
  method: string;
  name: string;
  error: string;
  occurrences: number;
  firstSeen: number;
  lastSeen: number;
}

export interface ExceptionEntry {
  count: number;
  message: string;
  traceback: string;
}

export interface CpuSample {
  t: number;
  /** Node process CPU, % of one core (can exceed 100 with worker threads). */
  nodePct: number;
  /** Chromium processes' CPU, % of one core; null when no browser runs. */
  browserPct: number | null;
  /** Whole machine busy share, % of all cores. */
  machinePct: number;
  /** Share of the time the generator's event loop was busy (its own saturation), %. */
  eventLoopPct?: number;
  /**
   * With `--workers N` (N > 1): each worker thread's event-loop busy share over the last second it
   * reported, %, in worker order (worker 1 first). Absent when every user ran in the main thread.
   */
  workerEventLoopPct?: number[];
  nodeRssMb: number;
  browserRssMb: number | null;
}

export interface GeneratorHealth {
  cores: number;
  samples: CpuSample[];
  peakMachinePct: number;
  peakNodeRssMb: number;
  /** True when the machine, the generator's event loop or a worker thread's event loop was above
   * the saturation limit (90 %): timings then measure the tester. */
  saturated: boolean;
  saturatedSeconds: number;
  /** A merged summary only: each part's generator, as its run recorded it. */
  parts?: GeneratorPart[];
}

/** One generator of a merged run (its samples are in GeneratorHealth.samples with the others'). */
export interface GeneratorPart {
  runId: string;
  cores: number;
  peakMachinePct: number;
  peakNodeRssMb: number;
  saturated: boolean;
  saturatedSeconds: number;
}

export interface ThresholdOutcome {
  /** As given, e.g. "p95<500" or "GET /api/search/:p99<300". */
  expression: string;
  /** Stat key it applies to, or "Aggregated". */
  target: string;
  metric: string;
  comparator: '<' | '<=' | '>' | '>=';
  limit: number;
  actual: number | null;
  passed: boolean;
  /**
   * Set when the run has no row the threshold names (a typo, a name the flow never used, `API:`
   * in a run without protocol requests): up to three existing row keys nearest to `target`, the
   * nearest first (possibly none). Absent when the row exists.
   */
  missingRow?: { nearest: string[] };
  /** A web-vital threshold: the page row it was decided on (the worst one, for PAGES). */
  page?: string;
}

export interface OpenModelInfo {
  /** Iterations scheduled, started, and dropped because the user cap and backlog were full. */
  scheduled: number;
  started: number;
  dropped: number;
  /** Iterations that started later than intended (waited for a free user). */
  late: number;
  /** Arrivals still waiting for a free user when the run stopped (not dropped, never started). */
  unstartedAtStop: number;
  maxUsers: number;
}

export interface RunInfo {
  id: string;
  host: string;
  startedAt: number;
  /** When measurement began (after warm-up). */
  measuredFrom: number;
  endedAt: number;
  model: 'closed' | 'open';
  stoppedBy: 'duration' | 'iterations' | 'signal';
  /**
   * false in a checkpoint written during the run (every 10 s), true once the run ended and
   * wrote its final summary. Absent in summaries written before checkpoints (read as true).
   */
  complete?: boolean;
  /** The options of the run, secrets replaced by "[redacted]". */
  options: Record<string, unknown>;
  flow: string;
  environment: { node: string; platform: string; cpus: number; hostname: string };
  /** A merged summary only: the run ids of its parts (parts that were merges list their own parts). */
  mergedFrom?: string[];
  // A run of several machines (--shard, --start-at): present only then (docs/summary-schema.md).
  /** `--shard I/N`: this process's shard, index 1-based as given, with the shards' weights. */
  shard?: ShardInfo;
  /** sha256 of the plan every shard must agree on (flow text, model, times, thresholds, shard count…). */
  planHash?: string;
  /** `--start-at`, epoch ms: the planned start, and when this process's users actually started. */
  plannedStart?: number;
  actualStart?: number;
  /** Open model, a process ready after --start-at that joined late: its arrivals it skipped. */
  skippedArrivals?: number;
  /** A merged summary of shards only: each shard's start and own verdict, as information. */
  shards?: ShardOfMerge[];
}

export interface ShardInfo {
  index: number;
  count: number;
  weights: number[];
}

/** One part of a merge: its shard, start skew, and its own thresholds' verdict (not the merged one). */
export interface ShardOfMerge {
  runId: string;
  shard?: ShardInfo;
  plannedStart?: number;
  actualStart?: number;
  /** actualStart - plannedStart, ms. */
  startSkewMs?: number;
  /** The part's own thresholds as it judged them alone; null when it had none. */
  ownVerdict: 'passed' | 'failed' | null;
  saturated: boolean;
  /** Its generator, as it recorded it (absent in merges made before they were kept). */
  saturatedSeconds?: number;
  /** Peak busy share of its machine, % of all its cores. */
  peakMachinePct?: number;
  /** Its generator process's mean CPU over its samples, % of one core (worker threads add up). */
  meanNodePct?: number;
}

/** The browser users' part of the run (filled by src/browser). */
export interface BrowserSection {
  /** Chromium binary and version used. */
  executable: string;
  version: string;
  users: number;
  /** Per page and view ("/dashboard/ [cold]"): each timing phase and web vital. */
  pages: PageStats[];
  /** Every distinct resource seen, per view. */
  resources: ResourceObservation[];
  crashes: { pages: number; browsers: number };
  /** True when page timings were taken while the generator was saturated. */
  suspect: boolean;
  /** Failed views that left evidence in the run folder, in order (capped per run); absent when none. */
  evidence?: ViewEvidence[];
  /** Failed views past the cap, whose evidence was not kept; absent when none. */
  evidenceDropped?: number;
}

/** What a failed view left behind: paths relative to the run folder ("evidence/001-dashboard-cold.jpg"). */
export interface ViewEvidence {
  /** The page row ("/dashboard/ [cold]"). */
  page: string;
  error: string;
  /** Epoch ms the view ended. */
  at: number;
  /**
   * A JPEG of the viewport; null when none could be taken (a crashed page, or one that paints no
   * frame: a document whose body failed mid-way, a navigation still waiting) or it was over the size cap.
   */
  screenshot: string | null;
  /** With `--trace on-failure`: the view's Playwright trace (`npx playwright show-trace FILE`). */
  trace?: string;
}

export type PageMetricName =
  | 'dns' | 'connect' | 'tls' | 'ttfb' | 'download' | 'domInteractive' | 'domContentLoaded' | 'load'
  | 'fcp' | 'lcp' | 'cls' | 'tbt' | 'inp';

/**
 * The network and CPU a browser user emulated (CDP, request-level as DevTools does it, not TCP
 * shaping). Absent on a page row measured unthrottled.
 */
export interface NetworkProfile {
  /** As given: "slow-4g", "3g", "dense-4g", "custom:300/1000/500", or "none". */
  name: string;
  /** Added to every request, before its first byte. */
  requestLatencyMs: number;
  /** kbit/s (1 kbit = 1024 bit, as DevTools counts); 0 = not throttled. */
  downloadKbps: number;
  uploadKbps: number;
  /** Emulation.setCPUThrottlingRate; 1 = not slowed. */
  cpuSlowdown: number;
}

export interface PageMetric {
  /** Views where the metric was measured; `missing` views could not measure it (never counted as 0). */
  count: number;
  missing: number;
  /** ms for times; unitless ×1000 in the histogram for CLS, reported unitless here. */
  summary: LatencySummary;
  histogram: string;
}

export interface PageStats {
  name: string;
  url: string;
  view: 'cold' | 'warm';
  views: number;
  failures: number;
  metrics: Partial<Record<PageMetricName, PageMetric>>;
  /** The network and CPU profile of the views, when not the default (then also in the name: "/ [cold, slow-4g]"). */
  profile?: NetworkProfile;
  /** Wire and decoded bytes of all resources per view, averaged. */
  avgWireBytes: number;
  avgDecodedBytes: number;
}

export type ServedFrom = 'network' | 'memory-cache' | 'disk-cache' | 'revalidated';

export interface ResourceObservation {
  url: string;
  /** The page (name without view) that loaded it. */
  page: string;
  view: 'cold' | 'warm';
  resourceType: string;
  status: number;
  /** 304 when the browser revalidated, even where page APIs say 200. */
  wireStatus: number;
  wireBytes: number;
  decodedBytes: number;
  encoding: string | null;
  contentType: string | null;
  servedFrom: ServedFrom;
  headers: Record<string, string>;
  count: number;
}

/** What the warm-up phase measured before its samples left the stats (cold-server figures). */
export interface WarmupInfo {
  durationS: number;
  stats: { type: string; name: string; count: number; failures: number; latency: LatencySummary }[];
  aggregate: { count: number; failures: number; latency: LatencySummary };
}

/**
 * How every histogram of the summary was recorded; only histograms of equal settings can be
 * summed. A summary without it (written before the field existed) used V1_HISTOGRAM_SETTINGS.
 */
export interface HistogramSettings {
  /** 'us': the unit of latency histograms; other histograms (CLS × 1000) use the same layout. */
  unit: 'us';
  lowest: number;
  highest: number;
  significantDigits: number;
}

export const V1_HISTOGRAM_SETTINGS: HistogramSettings = { unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 3 };

export interface Summary {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  tool: { name: 'browse-load'; version: string };
  /** Absent in summaries written before it existed: those are V1_HISTOGRAM_SETTINGS. */
  histogram?: HistogramSettings;
  run: RunInfo;
  stats: StatEntry[];
  aggregate: StatEntry;
  timeSeries: { intervalMs: number; points: SeriesPoint[] };
  failures: FailureEntry[];
  exceptions: ExceptionEntry[];
  statusCodes: Record<string, number>;
  openModel?: OpenModelInfo;
  generator: GeneratorHealth;
  thresholds: ThresholdOutcome[];
  browser?: BrowserSection;
  warmup?: WarmupInfo;
  /** Compression and caching audit: src/schema/audit.ts, documented in docs/audit-json.md. */
  audit?: AuditSection;
  warnings: string[];
}

/**
 * RunConfig: the one validated configuration of a run, and the types its parts are made of.
 * Config owns these types; the users (protocol, browser) import them. The options that fill it
 * come in groups (target-auth, browser-options, load-model, outputs, threshold-options,
 * run-control), composed by the runner (src/runner/run-config.ts) with each load model's
 * validation, which sits beside its executor.
 */
import type { BrowserRaw } from './browser-options.js';
import type { LoadModelRaw } from './load-model.js';
import type { LocustFlagsRaw } from './locust-flags.js';
import type { OutputsRaw } from './outputs.js';
import type { RunControlRaw } from './run-control.js';
import type { ShardRaw, ShardSpec, StartAt } from './shard-options.js';
import type { TargetAuthRaw } from './target-auth.js';
import type { ThresholdSpec } from './thresholds.js';
import type { ThresholdsRaw } from './threshold-options.js';
import type { WeightedProfile } from './network-profiles.js';

/** Credentials for /api/*: an API key header, or a JWT login per user. */
export interface AuthSettings {
  apiKey?: string;
  apiKeyHeader: string;
  username?: string;
  password?: string;
  loginPath: string;
}

export interface RateStage {
  /** Stage length in seconds. */
  durationS: number;
  /** Rate (iterations/s) reached at the end of the stage, ramping linearly from the previous one. */
  rate: number;
}

export interface ClosedModel {
  kind: 'closed';
  users: number;
  spawnRate: number;
}

export interface OpenModel {
  kind: 'open';
  startRate: number;
  stages: RateStage[];
  maxUsers: number;
  maxBacklog: number;
}

export type LoadModel = ClosedModel | OpenModel;

export interface BrowserConfig {
  users: number;
  spawnRate: number;
  views: ('cold' | 'warm')[];
  executablePath?: string;
  /** `--network`: the profiles browser users emulate, by weight (default: none, unthrottled). */
  network?: WeightedProfile[];
  /** `--cpu-slowdown`: Emulation.setCPUThrottlingRate for every browser user (default 1). */
  cpuSlowdown?: number;
  /** `--trace on-failure`: a Playwright trace of each failed view in the run folder (default off). */
  trace?: 'off' | 'on-failure';
}

export interface RunConfig {
  host: string;
  model: LoadModel;
  runTimeS: number;
  warmupS: number;
  stopTimeoutS: number;
  flowFile: string | null;
  urls: string[];
  tags: string[];
  excludeTags: string[];
  auth: AuthSettings;
  browser: BrowserConfig;
  thresholds: ThresholdSpec[];
  /** `run` only: the exit code of a run whose requests failed (or tasks threw) when no threshold is given. */
  exitCodeOnError?: number;
  resultsDir: string | null;
  runId: string | null;
  csvPrefix: string | null;
  csvFullHistory: boolean;
  html: boolean;
  requestTimeoutMs: number;
  maxRedirects: number;
  /** `--insecure`: accept self-signed certificates (protocol and browser users). Present only when given. */
  insecure?: true;
  /** `--http2`: protocol users offer HTTP/2 by ALPN. Present only when given. */
  http2?: true;
  revalidate: boolean;
  maxNames: number;
  seed: number;
  /** Worker threads running the protocol users; 1 runs them in the main thread. */
  workers: number;
  quiet: boolean;
  // Locust's habits (locust-flags.ts): present only when asked for, so other runs' options keep their keys.
  /** `--reset-stats`: the stats start again when the ramp-up ends, this many seconds in (closed model). */
  resetStatsAtS?: number;
  /** `-i`: the run stops after this many task iterations of the protocol users in all. */
  iterations?: number;
  /** `--html FILE`: the HTML report is written there too. */
  htmlFile?: string;
  /** `-L ERROR`/`CRITICAL`: no warning lines while the run goes on (they stay in the summary). */
  quietWarnings?: boolean;
  // Beyond one machine (shard-options.ts): present only when asked for.
  /** `--shard I/N` (index 0-based here) with `--shard-weights`: this process runs its stripe of the plan. */
  shard?: ShardSpec;
  /** `--start-at`: the users start at this wall-clock time, once everything is ready. */
  startAt?: StartAt;
}

/** Raw options of `run` as commander hands them over: every group's flags. */
export type RawRunOptions = TargetAuthRaw & BrowserRaw & LoadModelRaw & Omit<OutputsRaw, 'html'> & ThresholdsRaw & RunControlRaw & LocustFlagsRaw & ShardRaw;

/** The options as written into summary.json: secrets replaced, nothing else hidden. */
export function redactedOptions(config: RunConfig): Record<string, unknown> {
  return {
    ...config,
    auth: {
      kind: config.auth.username !== undefined ? 'jwt' : config.auth.apiKey !== undefined ? 'api-key' : 'none',
      apiKeyHeader: config.auth.apiKeyHeader,
      apiKey: config.auth.apiKey === undefined ? undefined : '[redacted]',
      username: config.auth.username,
      password: config.auth.password === undefined ? undefined : '[redacted]',
      loginPath: config.auth.loginPath,
    },
    thresholds: config.thresholds.map((t) => t.expression),
  };
}

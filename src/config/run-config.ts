/**
 * Options of `browse-load run` → one validated RunConfig. Every problem is reported at once,
 * each naming the flag and what it wants (k6's Validate()), in one line for the user.
 */
import { UsageError } from '../errors.js';
import type { AuthSettings } from '../protocol/auth.js';
import type { RateStage } from '../protocol/open.js';
import { parseDuration } from './duration.js';
import { SEED_GOALS, type ThresholdSpec, parseThreshold } from './thresholds.js';

export type LoadModel =
  | { kind: 'closed'; users: number; spawnRate: number }
  | { kind: 'open'; startRate: number; stages: RateStage[]; maxUsers: number; maxBacklog: number };

export interface BrowserConfig {
  users: number;
  spawnRate: number;
  views: ('cold' | 'warm')[];
  executablePath?: string;
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
  resultsDir: string | null;
  runId: string | null;
  csvPrefix: string | null;
  csvFullHistory: boolean;
  html: boolean;
  requestTimeoutMs: number;
  revalidate: boolean;
  maxNames: number;
  seed: number;
  quiet: boolean;
}

/** Raw options as commander hands them over (strings unless a flag is boolean or repeatable). */
export interface RawRunOptions {
  host?: string;
  users?: string;
  spawnRate?: string;
  runTime?: string;
  warmup?: string;
  stopTimeout?: string;
  arrivalRate?: string;
  stages?: string;
  maxUsers?: string;
  maxBacklog?: string;
  flows?: string;
  url?: string[];
  tags?: string[];
  excludeTags?: string[];
  apiKey?: string;
  apiKeyHeader?: string;
  username?: string;
  password?: string;
  loginPath?: string;
  browserUsers?: string;
  browserSpawnRate?: string;
  views?: string;
  chromium?: string;
  threshold?: string[];
  seedGoals?: boolean;
  resultsDir?: string;
  runId?: string;
  csv?: string;
  csvFullHistory?: boolean;
  html?: boolean;
  requestTimeout?: string;
  revalidate?: boolean;
  maxNames?: string;
  seed?: string;
  quiet?: boolean;
}

export const DEFAULTS = {
  users: 10,
  spawnRate: 10,
  runTime: '30s',
  stopTimeout: '10s',
  browserUsers: 2,
  apiKeyHeader: 'X-API-Key',
  loginPath: '/api/token/',
  requestTimeout: '30s',
  maxNames: 1000,
  seed: 1,
} as const;

export function buildRunConfig(raw: RawRunOptions, env: NodeJS.ProcessEnv = process.env): RunConfig {
  const problems: string[] = [];
  const int = (flag: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`${flag} wants a whole number >= ${min}, got '${value}'`);
      return fallback;
    }
    return n;
  };
  const num = (flag: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) {
      problems.push(`${flag} wants a number >= ${min}, got '${value}'`);
      return fallback;
    }
    return n;
  };
  const duration = (flag: string, value: string | undefined, fallback: string): number => {
    const seconds = parseDuration(value ?? fallback);
    if (seconds === null) {
      problems.push(`${flag} wants a duration like 90s, 10m or 1h30m, got '${value}'`);
      return parseDuration(fallback)!;
    }
    return seconds;
  };

  const hostRaw = raw.host ?? env.HOST ?? env.LOCUST_HOST;
  let host = '';
  if (!hostRaw) problems.push('--host is required (e.g. --host http://127.0.0.1:8000; `browse-load demo-target` serves one)');
  else {
    try {
      const url = new URL(hostRaw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      // A base path is kept, as Locust does: paths of the flow are appended to it.
      host = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      problems.push(`--host wants an http(s) URL, got '${hostRaw}'`);
    }
  }

  let runTimeS = duration('--run-time', raw.runTime, DEFAULTS.runTime);
  if (runTimeS <= 0) problems.push('--run-time must be longer than 0s');
  const warmupS = raw.warmup === undefined ? 0 : duration('--warmup', raw.warmup, '0s');
  const stopTimeoutS = duration('--stop-timeout', raw.stopTimeout, DEFAULTS.stopTimeout);

  let model: LoadModel;
  if (raw.arrivalRate !== undefined || raw.stages !== undefined) {
    if (raw.users !== undefined) problems.push('--users is the closed model; with --arrival-rate use --max-users');
    const startRate = num('--arrival-rate', raw.arrivalRate, 0, 0);
    const stages = raw.stages === undefined ? [{ durationS: runTimeS + warmupS, rate: startRate }] : parseStages(raw.stages, problems);
    if (raw.stages === undefined && !(startRate > 0)) problems.push('--arrival-rate must be above 0');
    if (raw.stages !== undefined && raw.runTime === undefined) {
      // Without --run-time, the stages say how long the run lasts (warm-up included in them).
      runTimeS = stages.reduce((sum, stage) => sum + stage.durationS, 0) - warmupS;
      if (runTimeS <= 0) problems.push('--stages must last longer than --warmup');
    }
    const maxUsers = int('--max-users', raw.maxUsers, 1000, 1);
    // By default arrivals may wait up to 10 s worth of the peak rate: they start late and are
    // measured from when they were due, instead of vanishing from the latency figures.
    const peakRate = Math.max(startRate, ...stages.map((stage) => stage.rate));
    const defaultBacklog = Math.max(maxUsers, Math.ceil(peakRate * 10));
    model = { kind: 'open', startRate, stages, maxUsers, maxBacklog: int('--max-backlog', raw.maxBacklog, defaultBacklog, 0) };
  } else {
    if (raw.maxUsers !== undefined || raw.maxBacklog !== undefined) problems.push('--max-users/--max-backlog need --arrival-rate or --stages (open model)');
    const users = int('--users', raw.users, DEFAULTS.users, 0);
    model = { kind: 'closed', users, spawnRate: num('--spawn-rate', raw.spawnRate, Math.max(users, 1), 0.001) };
    if (raw.spawnRate === undefined) model.spawnRate = Math.min(Math.max(users, 1), 100);
  }

  const thresholdTexts = [...(raw.seedGoals ? SEED_GOALS : []), ...(raw.threshold ?? [])];
  const thresholds: ThresholdSpec[] = [];
  for (const text of thresholdTexts) {
    const parsed = parseThreshold(text);
    if (typeof parsed === 'string') problems.push(parsed);
    else thresholds.push(parsed);
  }

  const views = (raw.views ?? 'cold,warm').split(',').map((v) => v.trim()).filter(Boolean);
  for (const view of views) if (view !== 'cold' && view !== 'warm') problems.push(`--views takes cold and/or warm, got '${view}'`);

  const username = raw.username ?? env.LOCUST_USERNAME ?? env.BROWSE_LOAD_USERNAME;
  const password = raw.password ?? env.LOCUST_PASSWORD ?? env.BROWSE_LOAD_PASSWORD;
  if ((username === undefined) !== (password === undefined)) problems.push('--username and --password go together');

  if (raw.flows !== undefined && raw.url !== undefined && raw.url.length > 0) problems.push('--flows and --url exclude each other');
  if (raw.loginPath !== undefined && !raw.loginPath.startsWith('/')) problems.push(`--login-path wants a path starting with /, got '${raw.loginPath}'`);
  if (raw.apiKeyHeader !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(raw.apiKeyHeader)) {
    problems.push(`--api-key-header wants an HTTP header name, got '${raw.apiKeyHeader}'`);
  }
  for (const path of raw.url ?? []) if (!path.startsWith('/')) problems.push(`--url wants a path starting with /, got '${path}'`);

  const config: RunConfig = {
    host,
    model,
    runTimeS,
    warmupS,
    stopTimeoutS,
    flowFile: raw.flows ?? null,
    urls: raw.url ?? [],
    tags: raw.tags ?? [],
    excludeTags: raw.excludeTags ?? [],
    auth: {
      apiKey: raw.apiKey ?? env.BROWSE_LOAD_API_KEY ?? env.LOCUST_API_KEY,
      apiKeyHeader: raw.apiKeyHeader ?? DEFAULTS.apiKeyHeader,
      username,
      password,
      loginPath: raw.loginPath ?? DEFAULTS.loginPath,
    },
    browser: {
      users: int('--browser-users', raw.browserUsers, DEFAULTS.browserUsers, 0),
      spawnRate: num('--browser-spawn-rate', raw.browserSpawnRate, 1, 0.001),
      views: views.filter((v): v is 'cold' | 'warm' => v === 'cold' || v === 'warm'),
      executablePath: raw.chromium,
    },
    thresholds,
    resultsDir: raw.resultsDir ?? null,
    runId: raw.runId ?? null,
    csvPrefix: raw.csv ?? null,
    csvFullHistory: raw.csvFullHistory ?? false,
    html: raw.html ?? true,
    requestTimeoutMs: duration('--request-timeout', raw.requestTimeout, DEFAULTS.requestTimeout) * 1000,
    revalidate: raw.revalidate ?? false,
    maxNames: int('--max-names', raw.maxNames, DEFAULTS.maxNames, 1),
    seed: int('--seed', raw.seed, DEFAULTS.seed, 0),
    quiet: raw.quiet ?? false,
  };
  if (views.length === 0 && config.browser.users > 0) problems.push('--views needs cold, warm or both');
  if (model.kind === 'closed' && model.users === 0 && config.browser.users === 0) problems.push('nothing to run: --users and --browser-users are both 0');

  if (problems.length === 1) throw new UsageError(problems[0]);
  if (problems.length > 1) throw new UsageError(`${problems.length} problems: ${problems.join('; ')}`);
  return config;
}

/** "30s:100,2m:100,30s:0": each stage ramps linearly to its rate over its duration. */
function parseStages(text: string, problems: string[]): RateStage[] {
  const stages: RateStage[] = [];
  for (const part of text.split(',')) {
    const [time, rate] = part.split(':');
    const durationS = time === undefined ? null : parseDuration(time);
    const target = Number(rate);
    if (durationS === null || rate === undefined || !Number.isFinite(target) || target < 0) {
      problems.push(`--stages wants DURATION:RATE[,…] like 30s:100,2m:100, got '${part}'`);
      continue;
    }
    stages.push({ durationS, rate: target });
  }
  return stages;
}

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

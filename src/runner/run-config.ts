/**
 * The options of `run`, every group at once, → one validated RunConfig. Composed here because
 * the load models' validation sits with their executors (src/protocol/*-options.ts), which
 * config may not import. Every problem of every group is reported together, in one line.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseBrowser } from '../config/browser-options.js';
import { parseTiming, type Timing, wantsOpenModel } from '../config/load-model.js';
import { type LocustFlags, parseLocustFlags, tagList } from '../config/locust-flags.js';
import { parseOutputs } from '../config/outputs.js';
import { Problems } from '../config/problems.js';
import { parseRunControl } from '../config/run-control.js';
import { parseShardOptions } from '../config/shard-options.js';
import type { LoadModel, RawRunOptions, RunConfig } from '../config/run-config.js';
import { parseTargetAuth } from '../config/target-auth.js';
import { parseWebOptions, type WebOptions, type WebOptionsRaw } from '../config/web-options.js';
import { parseExitCodeOnError, parseThresholds } from '../config/threshold-options.js';
import { parseClosedModel } from '../protocol/closed-options.js';
import { parseOpenModel } from '../protocol/open-options.js';

export interface BuildOptions {
  /** An API key that stands in when no credential came from the flags or the environment (the demo target's). */
  fallbackApiKey?: string;
  /** `--demo-target`: the host is the demo target's (a stand-in URL checks the rest before it starts). */
  demoHost?: string;
  /** Names where each option not given as a flag came from, in the problems (option-layers.ts). */
  relabel?: (message: string) => string;
}

export function buildRunConfig(raw: RawRunOptions, env: NodeJS.ProcessEnv = process.env, options: BuildOptions = {}): RunConfig {
  return buildRunSetup(raw, env, options).config;
}

/** `run`'s config and its live view (--web), checked together: every problem of both at once. */
export function buildRunSetup(raw: RawRunOptions & WebOptionsRaw, env: NodeJS.ProcessEnv = process.env, options: BuildOptions = {}): { config: RunConfig; web: WebOptions | null } {
  const problems = new Problems(options.relabel);
  const web = parseWebOptions(raw, problems);
  return { config: configOf(raw, env, options, problems), web };
}

function configOf(raw: RawRunOptions, env: NodeJS.ProcessEnv, options: BuildOptions, problems: Problems): RunConfig {
  if (options.demoHost !== undefined && raw.host !== undefined) problems.push('--demo-target and --host exclude each other');
  const host = options.demoHost ?? raw.host;
  const target = parseTargetAuth({ ...raw, host }, env, problems, options.fallbackApiKey);
  const timing = parseTiming(raw, problems);
  const load = wantsOpenModel(raw) ? parseOpenModel(raw, timing, problems) : { model: parseClosedModel(raw, problems), runTimeS: timing.runTimeS };
  const thresholds = parseThresholds(raw, problems);
  const exitCodeOnError = parseExitCodeOnError(raw, problems);
  const browser = parseBrowser(raw, problems);
  // -T read write, -T read -T write and -T read,write all give [read, write].
  const control = parseRunControl({ ...raw, tags: tagList(raw.tags), excludeTags: tagList(raw.excludeTags) }, problems);
  const locust = parseLocustFlags(raw, problems);
  const outputs = parseOutputs({ ...raw, html: raw.html !== false }, problems);
  const habits = locustHabits(locust, load.model, timing, problems);
  const beyond = parseShardOptions(raw, env, problems);
  if (load.model.kind === 'closed' && load.model.users === 0 && browser.users === 0) problems.push('nothing to run: --users and --browser-users are both 0');
  problems.throwIfAny();
  // The keys in this order: summary.json's options section follows it.
  return {
    host: target.host,
    model: load.model,
    runTimeS: load.runTimeS,
    warmupS: timing.warmupS,
    stopTimeoutS: timing.stopTimeoutS,
    flowFile: control.flowFile,
    urls: control.urls,
    tags: control.tags,
    excludeTags: control.excludeTags,
    auth: target.auth,
    browser,
    thresholds,
    exitCodeOnError,
    resultsDir: outputs.resultsDir,
    runId: outputs.runId,
    csvPrefix: outputs.csvPrefix,
    csvFullHistory: outputs.csvFullHistory,
    html: outputs.html,
    requestTimeoutMs: target.requestTimeoutMs,
    maxRedirects: target.maxRedirects,
    ...target.transport,
    revalidate: control.revalidate,
    maxNames: control.maxNames,
    seed: control.seed,
    // No protocol users, nothing to spread: the browser users stay in the main thread anyway.
    workers: load.model.kind === 'closed' && load.model.users === 0 ? 1 : control.workers,
    quiet: outputs.quiet || locust.noProgress,
    ...habits,
    ...beyond,
  };
}

type Habits = Pick<RunConfig, 'resetStatsAtS' | 'iterations' | 'htmlFile' | 'quietWarnings'>;

/** Locust's habits as RunConfig's optional fields: only those asked for appear. */
function locustHabits(locust: LocustFlags, model: LoadModel, timing: Timing, problems: Problems): Habits {
  const habits: Habits = {};
  if (locust.iterations !== null) habits.iterations = locust.iterations;
  if (locust.htmlFile !== null) habits.htmlFile = locust.htmlFile;
  // Found now, not after the run: a report that cannot be written there would be lost at the end.
  if (locust.htmlFile !== null && !existsSync(dirname(resolve(locust.htmlFile)))) problems.push(`--html wants a file in a folder that exists, got '${locust.htmlFile}'`);
  if (locust.noWarnings) habits.quietWarnings = true;
  if (!locust.resetStats) return habits;
  if (model.kind === 'open') problems.push('--reset-stats leaves out the closed model\'s ramp-up; with --arrival-rate or --stages use --warmup');
  else if (timing.warmupS > 0) problems.push('--reset-stats and --warmup exclude each other (both leave the start out of the stats)');
  else {
    // The last user starts (users - 1) / rate seconds in (split.ts dueUsers); all at once leaves nothing out.
    const rampS = model.users <= 1 ? 0 : (model.users - 1) / model.spawnRate;
    if (rampS >= timing.runTimeS) problems.push(`--reset-stats: the ramp-up lasts ${rampS} s, as long as --run-time or longer: nothing would be measured`);
    else if (rampS > 0) habits.resetStatsAtS = rampS;
  }
  return habits;
}

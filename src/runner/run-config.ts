/**
 * The options of `run`, every group at once, → one validated RunConfig. Composed here because
 * the load models' validation sits with their executors (src/protocol/*-options.ts), which
 * config may not import. Every problem of every group is reported together, in one line.
 */
import { parseBrowser } from '../config/browser-options.js';
import { parseTiming, wantsOpenModel } from '../config/load-model.js';
import { parseOutputs } from '../config/outputs.js';
import { Problems } from '../config/problems.js';
import { parseRunControl } from '../config/run-control.js';
import type { RawRunOptions, RunConfig } from '../config/run-config.js';
import { parseTargetAuth } from '../config/target-auth.js';
import { parseExitCodeOnError, parseThresholds } from '../config/threshold-options.js';
import { parseClosedModel } from '../protocol/closed-options.js';
import { parseOpenModel } from '../protocol/open-options.js';

export interface BuildOptions {
  /** An API key that stands in when no credential came from the flags or the environment (the demo target's). */
  fallbackApiKey?: string;
  /** `--demo-target`: the host is the demo target's (a stand-in URL checks the rest before it starts). */
  demoHost?: string;
}

export function buildRunConfig(raw: RawRunOptions, env: NodeJS.ProcessEnv = process.env, options: BuildOptions = {}): RunConfig {
  const problems = new Problems();
  if (options.demoHost !== undefined && raw.host !== undefined) problems.push('--demo-target and --host exclude each other');
  const host = options.demoHost ?? raw.host;
  const target = parseTargetAuth({ ...raw, host }, env, problems, options.fallbackApiKey);
  const timing = parseTiming(raw, problems);
  const load = wantsOpenModel(raw) ? parseOpenModel(raw, timing, problems) : { model: parseClosedModel(raw, problems), runTimeS: timing.runTimeS };
  const thresholds = parseThresholds(raw, problems);
  const exitCodeOnError = parseExitCodeOnError(raw, problems);
  const browser = parseBrowser(raw, problems);
  const control = parseRunControl(raw, problems);
  const outputs = parseOutputs(raw, problems);
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
    revalidate: control.revalidate,
    maxNames: control.maxNames,
    seed: control.seed,
    // No protocol users, nothing to spread: the browser users stay in the main thread anyway.
    workers: load.model.kind === 'closed' && load.model.users === 0 ? 1 : control.workers,
    quiet: outputs.quiet,
  };
}

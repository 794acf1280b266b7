/**
 * The run's timeline: start users, warm up, measure, stop (at the end, or on Ctrl-C / SIGTERM),
 * and write summary.json — the one result every report is rendered from.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import { isSaturated, startHealthSampler } from '../metrics/health.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { buildSummary } from '../result/build.js';
import type { Summary, WarmupInfo } from '../schema/summary.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { newRunId, redactSecrets, writeSummary } from '../result/write.js';
import { secretsOf } from '../protocol/auth.js';
import { bodiesOfRun } from './audit/of-run.js';
import { startProtocolUsers, type ProtocolUsersRun } from './protocol-users.js';
import { startBrowsers, type BrowsersRun } from './browser-users.js';
import { checkReachable } from './preflight.js';
import { ProgressLine } from './progress.js';
import { SignalWatch } from './signals.js';

/** Above this busy share (machine CPU, or the generator's event loop) timings measure the tester. */
const SATURATION_PCT = 90;

export interface RunOutcome {
  summary: Summary;
  runDir: string;
  exitCode: ExitCode;
}

export interface RunInputs {
  config: RunConfig;
  flow: Flow;
  flowSource: string;
  /** Where progress and warnings go (stderr by default). */
  progressOut?: NodeJS.WriteStream;
  /** Called once summary.json is written (reports hook in here). */
  onWritten?: (summary: Summary, runDir: string) => Promise<void>;
}

export async function runLoadTest(inputs: RunInputs): Promise<RunOutcome> {
  const { config, flow } = inputs;
  if (!flow.protocol && (config.browser.users === 0 || !flow.browser)) {
    throw new UsageError('nothing to run: the flow has no protocol users and browser users are off');
  }
  // Ctrl-C from here on stops the run the graceful way, even during start-up.
  const signals = new SignalWatch();
  try {
    return await runWithSignals(inputs, signals);
  } finally {
    signals.dispose();
  }
}

async function runWithSignals(inputs: RunInputs, signals: SignalWatch): Promise<RunOutcome> {
  const { config, flow } = inputs;
  const runId = config.runId ?? newRunId();
  const runDir = resolve(config.resultsDir ?? join('results', runId));
  // Before any load: a results folder that cannot be written would lose the whole run.
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--results-dir: cannot create ${runDir}: ${(error as Error).message.split('\n')[0]}`);
  }
  await checkReachable(config.host);

  const progress = new ProgressLine(inputs.progressOut ?? process.stderr, config.quiet);
  const warnings: string[] = [];
  const recorder = new MetricsRecorder({ maxNames: config.maxNames });
  const startedAt = Date.now();
  let measuredFrom = startedAt;
  let warmup: WarmupInfo | undefined;

  // Chromium first: when it cannot start, no protocol user has started either.
  const browserNotice = (message: string) => {
    warnings.push(message);
    progress.warn(message);
  };
  const browsers: BrowsersRun | null =
    flow.browser && config.browser.users > 0 ? await startBrowsers(config, flow.browser, recorder, browserNotice) : null;
  const protocol: ProtocolUsersRun | null = flow.protocol ? startProtocolUsers(config, flow.protocol, recorder) : null;
  const health = startHealthSampler({ browserPids: () => browsers?.pids() ?? [] });
  let warnedSaturation = false;

  const totalS = config.warmupS + config.runTimeS;
  const stoppedBy = await new Promise<Summary['run']['stoppedBy']>((done) => {
    const clock = setInterval(() => {
      const now = Date.now();
      const elapsedS = (now - startedAt) / 1000;
      recorder.setUsers(protocol?.activeUsers ?? 0, browsers?.activeUsers ?? 0);
      recorder.tick(now);
      const sample = health.current();
      if (sample && !warnedSaturation && isSaturated(sample, SATURATION_PCT)) {
        warnedSaturation = true;
        const loopPct = sample.eventLoopPct ?? 0;
        const where = loopPct > SATURATION_PCT ? `the generator's event loop is ${Math.round(loopPct)}% busy` : `the generator's machine is at ${Math.round(sample.machinePct)}% CPU`;
        progress.warn(`${where}: from here latencies measure the tester, not the server`);
      }
      if (config.warmupS > 0 && measuredFrom === startedAt && elapsedS >= config.warmupS) {
        // Warm-up over: its samples leave the stats, as manage.py warm_cache did before a Locust run.
        warmup = warmupInfo(recorder.snapshot(now), config.warmupS);
        recorder.reset(now);
        browsers?.resetStats();
        protocol?.resetStats();
        measuredFrom = now;
      }
      const live = recorder.liveWindow();
      progress.update({
        elapsedS,
        totalS,
        phase: elapsedS < config.warmupS ? 'warm-up' : 'running',
        users: protocol?.activeUsers ?? 0,
        browserUsers: browsers?.activeUsers ?? 0,
        rps: live.rps,
        p95Ms: live.p95Ms,
        errorPct: live.errorPct,
      });
      if (elapsedS >= totalS) finish('duration');
    }, 1000);
    signals.onFirst(() => finish('signal'));
    function finish(reason: Summary['run']['stoppedBy']) {
      clearInterval(clock);
      done(reason);
    }
  });
  if (measuredFrom === startedAt && config.warmupS > 0 && stoppedBy === 'signal') {
    warnings.push('stopped during warm-up: the figures include warm-up samples');
  }

  const generator = health.stop();
  const assemble = (endedAt: number, auditBodies?: Map<string, Buffer>): Summary =>
    buildSummary({
      config,
      runId,
      flowSource: inputs.flowSource,
      startedAt,
      measuredFrom,
      endedAt,
      stoppedBy,
      metrics: recorder.snapshot(endedAt),
      generator,
      openModel: protocol?.openModelInfo(),
      browser: browsers?.section(generator.saturated),
      warmup,
      auditBodies,
      warnings,
    });
  const secrets = secretsOf(config.auth);
  // A second Ctrl-C: write what we have now and leave.
  signals.onSecond(() => {
    const summary = redactSecrets(assemble(Date.now()), secrets);
    writeSummary(summary, runDir);
    progress.done();
    process.stderr.write(`browse-load: stopped at once; partial results in ${runDir}\n`);
    process.exit(EXIT.stoppedByUser);
  });

  const endedAt = Date.now();
  progress.update({ elapsedS: (endedAt - startedAt) / 1000, totalS, phase: 'stopping', users: protocol?.activeUsers ?? 0, browserUsers: browsers?.activeUsers ?? 0, rps: 0, p95Ms: null, errorPct: 0 });
  const graceMs = config.stopTimeoutS * 1000;
  await Promise.all([protocol?.stop(graceMs), browsers?.stop(graceMs)]);
  recorder.tick(Date.now());
  progress.done();

  // The audit re-gzips the text bodies the browser received uncompressed: fetch them once more.
  const browserSection = browsers?.section(generator.saturated);
  const auditBodies = browserSection ? await bodiesOfRun(config.host, config.auth, browserSection) : undefined;
  const summary = redactSecrets(assemble(endedAt, auditBodies), secrets);
  writeSummary(summary, runDir);
  await inputs.onWritten?.(summary, runDir);
  const failed = summary.thresholds.some((t) => !t.passed);
  const exitCode = stoppedBy === 'signal' ? EXIT.stoppedByUser : failed ? EXIT.thresholdFailed : EXIT.ok;
  return { summary, runDir, exitCode };
}

/** The warm-up's per-name latencies, kept to compare a cold server with a warm one. */
function warmupInfo(snapshot: MetricsSnapshot, durationS: number): WarmupInfo {
  const brief = (s: MetricsSnapshot['aggregate']) => ({ type: s.type, name: s.name, count: s.count, failures: s.failures, latency: s.latency });
  return { durationS, stats: snapshot.stats.map(brief), aggregate: brief(snapshot.aggregate) };
}

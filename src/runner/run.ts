/**
 * The run's timeline: start → warm-up → measure → stop → finish (the phases in started-run.ts
 * and phases.ts), ending in summary.json — the one result every report is rendered from.
 * Ctrl-C (or SIGTERM) stops the run gracefully from the moment it is called, start-up included;
 * a second one stops it at once. Either way the outcome is returned, never a process exit.
 * A one-shot run (the audit command) goes through the same timeline and ends when its flow is done.
 */
import type { RunConfig } from '../config/run-config.js';
import type { WebOptions } from '../config/web-options.js';
import { UsageError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import type { OneShot } from './one-shot.js';
import { finishRun, measure, noteEarlyStop, secondSignal, stopUsers, type RunOutcome } from './phases.js';
import type { LiveSource, LiveView } from '../live/source.js';
import { deferParserTierUp } from './parser-tier-up.js';
import { SignalWatch } from './signals.js';
import { type StartedRun, startRun, workerCount } from './started-run.js';

export type { RunEnding, RunOutcome } from './phases.js';

export interface RunInputs {
  config: RunConfig;
  flow: Flow;
  flowSource: string;
  /** Where progress and warnings go (stderr by default). */
  progressOut?: NodeJS.WriteStream;
  /** A short run (the audit mode): it stops when its flow is done, the run time only bounding it. */
  oneShot?: OneShot;
  /**
   * The flow is the one the config names (its --flows file or --url paths), so worker threads can
   * load it again; otherwise (a flow made in code) the protocol users stay in the main thread.
   */
  flowFromConfig?: boolean;
  /** `--web`: the live view, served from the run's start to its end. */
  web?: WebOptions | null;
  /** A live server of the caller's (the `ui` command's) to watch this run on, instead of --web's own. */
  watch?: (source: LiveSource) => LiveView;
}

export async function runLoadTest(inputs: RunInputs): Promise<RunOutcome> {
  const { config, flow } = inputs;
  if (!flow.protocol && (config.browser.users === 0 || !flow.browser)) {
    throw new UsageError('nothing to run: the flow has no protocol users and browser users are off');
  }
  deferParserTierUp();
  const signals = new SignalWatch();
  let run: StartedRun | undefined;
  let live: LiveView | undefined;
  try {
    const workers = inputs.oneShot ? 1 : workerCount(config, flow, inputs.flowFromConfig ?? false);
    // The summary's options say how many workers the run had, not how many were asked for.
    const out = inputs.progressOut ?? process.stderr;
    // Listening first: a port in use stops the command before any load.
    if (inputs.web) {
      // Loaded only for --web: fastify and prom-client stay out of every other run's start.
      const { startLive } = await import('./live.js');
      const server = await startLive(config, () => run, signals, inputs.flowSource, inputs.web);
      out.write(`Live view: ${server.url}\n`);
      live = server;
    } else if (inputs.watch) {
      const { liveSource } = await import('./live.js');
      live = inputs.watch(liveSource(config, () => run, signals, inputs.flowSource));
    }
    run = await startRun({ ...config, workers }, flow, out, workers, { flowSource: inputs.flowSource, interrupted: () => signals.signalled });
    run.live = live;
    // A one-shot run (the audit) or -i ends when its work is done, the run time only bounding it.
    const stoppedBy = await measure(run, signals, inputs.flowSource, inputs.oneShot?.done ?? run.protocol?.iterationsDone);
    noteEarlyStop(run, stoppedBy);
    const generator = run.health.stop();
    const endedAt = Date.now();
    const atOnce = secondSignal(signals);
    const stop = await stopUsers(run, atOnce);
    return await finishRun(run, inputs.flowSource, { stoppedBy, endedAt, generator, stop, atOnce }, inputs.oneShot);
  } finally {
    // The page may still ask for figures from the workers: it closes before they do.
    await live?.close();
    await run?.protocol?.close();
    signals.dispose();
  }
}


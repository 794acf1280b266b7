/**
 * The run's live view (--web): the runner's side of src/live. It gives the server the run's
 * summary so far (made as a checkpoint's is, only when a page is watching or a scrape or download
 * asks), where the run is on its clock, and the two controls: Stop (as Ctrl-C) and a change of the
 * closed model's users or the open model's arrival rate, sent to every worker thread. The server
 * listens before the run starts (a port in use stops the command before any load); until the
 * run has started it has no figures to give.
 */
import type { RunConfig } from '../config/run-config.js';
import type { WebOptions } from '../config/web-options.js';
import { CannotRunError } from '../errors.js';
import type { LiveStatus } from '../live/frame.js';
import { type LiveServer, type LiveSource, startLiveServer } from '../live/server.js';
import type { SignalWatch } from './signals.js';
import type { StartedRun } from './started-run.js';
import { summaryOf } from './summary-of.js';

/** The run once it has started (undefined before). */
export type RunSoFar = () => StartedRun | undefined;

export function startLive(config: RunConfig, runSoFar: RunSoFar, signals: SignalWatch, flowSource: string, web: WebOptions): Promise<LiveServer> {
  // With --stages the rate moves on its own; the form starts from --arrival-rate.
  let target = config.model.kind === 'open' ? config.model.startRate : config.model.users;
  let ended = false;
  signals.onFirst(() => (ended = true));
  const totalS = config.warmupS + config.runTimeS;
  const source: LiveSource = {
    title: config.host,
    summary: () => {
      const run = runSoFar();
      if (!run) return Promise.reject(new CannotRunError('the run has not started yet'));
      return summaryOf(run, flowSource, { endedAt: Date.now(), stoppedBy: 'duration', generator: run.health.soFar(), browser: run.browsers?.section(false), complete: false });
    },
    status: (): LiveStatus => {
      const run = runSoFar();
      const elapsedS = run ? (Date.now() - run.startedAt) / 1000 : 0;
      const users = { users: run?.protocol?.activeUsers ?? 0, browserUsers: run?.browsers?.activeUsers ?? 0 };
      return { elapsedS, totalS, model: config.model.kind, target, ...users, ended: ended || elapsedS >= totalS };
    },
    stop: () => signals.stopFromPage(),
    resize: (wanted) => {
      const run = runSoFar();
      const problem = resizeProblem(run, wanted);
      if (problem !== null || !run?.protocol) return problem;
      const atS = (Date.now() - run.startedAt) / 1000;
      run.protocol.resize(wanted, atS);
      target = wanted;
      const what = config.model.kind === 'open' ? `the arrival rate to ${wanted}/s` : `the users to ${wanted}`;
      run.warnings.push(`the live view set ${what} at ${Math.round(atS)} s`);
      return null;
    },
  };
  return startLiveServer(source, web);
}

function resizeProblem(run: StartedRun | undefined, wanted: number): string | null {
  if (!run) return 'the run has not started yet';
  if (!run.protocol) return 'this run has no protocol users to change';
  if (run.config.model.kind === 'open') return wanted >= 0 ? null : 'the arrival rate wants a number >= 0';
  return Number.isInteger(wanted) && wanted >= 0 ? null : 'the users want a whole number >= 0';
}

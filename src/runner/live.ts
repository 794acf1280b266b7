/**
 * The run's live view: the runner's side of src/live. It gives a live server the run's summary so
 * far (made as a checkpoint's is, only when a page is watching or a scrape or download asks),
 * where the run is on its clock, and the two controls: Stop (as Ctrl-C) and a change of the
 * closed model's users, the open model's arrival rate (sent to every worker thread) or the browser
 * users. `run --web` gets a server of its own, which listens before the run starts (a port in use
 * stops the command before any load); a `ui` session attaches each run it starts to its server.
 * Until the run has started there are no figures to give.
 */
import type { RunConfig } from '../config/run-config.js';
import type { WebOptions } from '../config/web-options.js';
import { CannotRunError } from '../errors.js';
import type { LiveStatus } from '../live/frame.js';
import { type LiveServer, startLiveServer } from '../live/server.js';
import type { LiveSource } from '../live/source.js';
import { rateAt } from '../protocol/open.js';
import type { SignalWatch } from './signals.js';
import type { StartedRun } from './started-run.js';
import { summaryOf } from './summary-of.js';

/** The run once it has started (undefined before). */
export type RunSoFar = () => StartedRun | undefined;

export function startLive(config: RunConfig, runSoFar: RunSoFar, signals: SignalWatch, flowSource: string, web: WebOptions): Promise<LiveServer> {
  return startLiveServer(liveSource(config, runSoFar, signals, flowSource), web);
}

export function liveSource(config: RunConfig, runSoFar: RunSoFar, signals: SignalWatch, flowSource: string): LiveSource {
  // The page's change, once made, holds; until then the open model's rate is the plan's (--stages moves it).
  let changed: number | null = null;
  let browserTarget = config.browser.users;
  let ended = false;
  signals.onFirst(() => (ended = true));
  const totalS = config.warmupS + config.runTimeS;
  const elapsedOf = (run: StartedRun | undefined) => (run ? (Date.now() - run.startedAt) / 1000 : 0);
  const targetAt = (elapsedS: number) => changed ?? (config.model.kind === 'open' ? rateAt(config.model, elapsedS) : config.model.users);
  return {
    title: config.host,
    summary: () => {
      const run = runSoFar();
      if (!run) return Promise.reject(new CannotRunError('the run has not started yet'));
      return summaryOf(run, flowSource, { endedAt: Date.now(), stoppedBy: 'duration', generator: run.health.soFar(), browser: run.browsers?.section(false), complete: false });
    },
    status: (): LiveStatus => {
      const run = runSoFar();
      const elapsedS = elapsedOf(run);
      const users = { users: run?.protocol?.activeUsers ?? 0, browserUsers: run?.browsers?.activeUsers ?? 0 };
      return { elapsedS, totalS, model: config.model.kind, target: targetAt(elapsedS), browserTarget, ...users, ended: ended || elapsedS >= totalS };
    },
    stop: () => signals.stopFromPage(),
    resize: (wanted, kind) => {
      const run = runSoFar();
      const problem = kind === 'browser' ? resizeBrowsers(run, wanted) : protocolResize(run, wanted);
      if (problem !== null || !run) return problem;
      const atS = elapsedOf(run);
      const what = kind === 'browser' ? `the browser users to ${wanted}` : config.model.kind === 'open' ? `the arrival rate to ${wanted}/s` : `the users to ${wanted}`;
      if (kind === 'browser') browserTarget = wanted;
      else {
        run.protocol!.resize(wanted, atS);
        changed = wanted;
      }
      run.warnings.push(`the live view set ${what} at ${Math.round(atS)} s`);
      return null;
    },
  };
}

function protocolResize(run: StartedRun | undefined, wanted: number): string | null {
  if (!run) return 'the run has not started yet';
  if (!run.protocol) return 'this run has no protocol users to change';
  if (run.config.model.kind === 'open') return wanted >= 0 ? null : 'the arrival rate wants a number >= 0';
  return Number.isInteger(wanted) && wanted >= 0 ? null : 'the users want a whole number >= 0';
}

/**
 * Changes the browser users when it can (the pool starts or retires them). A run without browser
 * users has no Chromium to add them to: it is launched at the start or never.
 */
function resizeBrowsers(run: StartedRun | undefined, wanted: number): string | null {
  if (!run) return 'the run has not started yet';
  if (!run.browsers) return 'this run has no browser users (Chromium starts with the run when --browser-users is above 0)';
  if (!Number.isInteger(wanted) || wanted < 0) return 'the browser users want a whole number >= 0';
  return run.browsers.resize(wanted);
}

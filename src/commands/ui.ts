/**
 * `browse-load ui`: the interactive mode, like `locust` without `--headless`. It serves a start
 * form (Host, Users, Spawn rate, Run time, Browser users), runs each test started there in this
 * process through the runner, shows it live, and lists the session's runs with their reports. Its
 * flags are `run`'s groups for what a run needs (target and auth, the closed model's users, flow,
 * browser, thresholds), which give the form its defaults, plus where the runs go and where the
 * page listens. The work is in ui-session.ts, loaded only when the command runs.
 */
import { Command, Option } from 'commander';
import { browserOptions } from '../config/browser-options.js';
import { withEnvironment } from '../config/env.js';
import { loadModelOptions } from '../config/load-model.js';
import { runControlOptions } from '../config/run-control.js';
import { targetAuthOptions } from '../config/target-auth.js';
import { thresholdOptions } from '../config/threshold-options.js';
import { DEFAULT_WEB_PORT, webBindOptions } from '../config/web-options.js';
import { withOptions } from './options.js';
import { demoTargetOptions } from './run.js';

/** The closed model's flags: the form has no arrival rate (a `ui` run is Locust's users and spawn rate). */
const CLOSED_MODEL = new Set(['--users', '--spawn-rate', '--run-time', '--stop-timeout']);

export const DEFAULT_UI_RESULTS = 'results';

function uiOwnOptions(): Option[] {
  return [
    new Option('--port <n>', `where the page listens; 0 = a free port (default ${DEFAULT_WEB_PORT}, Locust's)`),
    new Option('--results-dir <dir>', `folder of the run folders, one per run started from the page (default ${DEFAULT_UI_RESULTS}/)`),
  ].map((option) => option.helpGroup('Live view:'));
}

export function uiCommand(): Command {
  const command = new Command('ui').description('Serve a page to start runs, watch and steer them, and read their reports (like locust without --headless).');
  const [host, ...auth] = targetAuthOptions();
  const model = loadModelOptions().filter((option) => CLOSED_MODEL.has(option.long ?? ''));
  const groups = [[host!], demoTargetOptions(), auth, model, runControlOptions(), browserOptions(), thresholdOptions(), webBindOptions()].map(withEnvironment);
  withOptions(command, ...groups, uiOwnOptions(), [new Option('--debug', 'print stack traces of errors')]);
  return command.action(async (_options, self: Command) => {
    const { applyEnvironment } = await import('../config/env.js');
    applyEnvironment(self, process.env);
    const { runUiSession } = await import('./ui-session.js');
    await runUiSession(self.opts());
  });
}

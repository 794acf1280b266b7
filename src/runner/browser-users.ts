/** Starts the browser users of a run (src/browser) with the config's settings. */
import type { RunConfig } from '../config/run-config.js';
import type { BrowserUsers } from '../flow/api.js';
import type { Recorder } from '../metrics/types.js';
import { startBrowserUsers, type BrowserUsersRun } from '../browser/pool.js';
import type { ProgressLine } from './progress.js';

export type BrowsersRun = BrowserUsersRun;

export async function startBrowsers(config: RunConfig, flow: BrowserUsers, recorder: Recorder, _progress: ProgressLine): Promise<BrowsersRun> {
  return startBrowserUsers({
    host: config.host,
    users: config.browser.users,
    spawnRate: config.browser.spawnRate,
    views: config.browser.views,
    flow,
    recorder,
    executablePath: config.browser.executablePath,
    seed: config.seed,
  });
}

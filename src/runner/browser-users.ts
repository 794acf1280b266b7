/** Starts the browser users of a run (src/browser) with the config's settings. */
import type { RunConfig } from '../config/run-config.js';
import type { BrowserUsers } from '../flow-api/api.js';
import type { Recorder } from '../metrics/types.js';
import type { BrowserUsersRun } from '../browser/pool.js';

export type BrowsersRun = BrowserUsersRun;

/** `log` gets the pool's notices (a relaunched Chromium, the resource cap) for the run's log and warnings. */
export async function startBrowsers(config: RunConfig, flow: BrowserUsers, recorder: Recorder, log: (message: string) => void, runDir?: string): Promise<BrowsersRun> {
  // Loaded only when browser users run: a protocol-only run never loads Playwright.
  const { startBrowserUsers } = await import('../browser/pool.js');
  return startBrowserUsers({
    host: config.host,
    users: config.browser.users,
    spawnRate: config.browser.spawnRate,
    views: config.browser.views,
    flow,
    recorder,
    executablePath: config.browser.executablePath,
    network: config.browser.network,
    cpuSlowdown: config.browser.cpuSlowdown,
    runDir,
    trace: config.browser.trace,
    thresholds: config.thresholds,
    seed: config.seed,
    log,
  });
}

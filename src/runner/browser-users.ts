/** Starts the browser users of a run (src/browser) with the config's settings: a shard its stripe of them. */
import type { RunConfig } from '../config/run-config.js';
import { globalNumber, shareOf } from '../protocol/split.js';
import type { BrowserUsers } from '../flow-api/api.js';
import type { Recorder } from '../metrics/types.js';
import type { BrowserUsersRun } from '../browser/pool.js';

export type BrowsersRun = BrowserUsersRun;

/** `log` gets the pool's notices (a relaunched Chromium, the resource cap) for the run's log and warnings. */
export async function startBrowsers(config: RunConfig, flow: BrowserUsers, recorder: Recorder, log: (message: string) => void, runDir?: string): Promise<BrowsersRun> {
  // Loaded only when browser users run: a protocol-only run never loads Playwright.
  const { startBrowserUsers } = await import('../browser/pool.js');
  const ids = config.shard ? browserIdsOf(config) : undefined;
  return startBrowserUsers({
    host: config.host,
    users: ids?.length ?? config.browser.users,
    ids,
    startAtEpochMs: config.startAt?.epochMs,
    spawnRate: config.browser.spawnRate,
    views: config.browser.views,
    flow,
    recorder,
    executablePath: config.browser.executablePath,
    network: config.browser.network,
    cpuSlowdown: config.browser.cpuSlowdown,
    insecure: config.insecure === true,
    runDir,
    trace: config.browser.trace,
    thresholds: config.thresholds,
    seed: config.seed,
    log,
  });
}

/** How many of `total` (users, caps) this process runs: its shard's stripe, or all of them. */
export function shareOfShard(config: RunConfig, total: number): number {
  return config.shard ? shareOf(config.shard, total) : total;
}

/** The global numbers (1-based) of this shard's browser users: browser user b to the shard whose stripe it falls in. */
export function browserIdsOf(config: RunConfig): number[] {
  const shard = config.shard!;
  return Array.from({ length: shareOf(shard, config.browser.users) }, (_, local) => globalNumber(shard, local) + 1);
}

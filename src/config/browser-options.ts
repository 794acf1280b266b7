/**
 * Option group "browser": the real Chromium users beside the protocol users. Validated here
 * once; the browser pool trusts what it is given.
 */
import { Option } from 'commander';
import type { BrowserConfig } from './run-config.js';
import type { Problems } from './problems.js';
import { parseNetworkMix } from './network-profiles.js';

export interface BrowserRaw {
  browserUsers?: string;
  browserSpawnRate?: string;
  views?: string;
  chromium?: string;
  network?: string;
  cpuSlowdown?: string;
  trace?: string;
}

export const BROWSER_DEFAULTS = { users: 2, spawnRate: 1, views: 'cold,warm' } as const;

const HEADING = 'Browser:';

export function chromiumOption(): Option {
  return new Option('--chromium <path>', 'Chromium binary (env CHROMIUM_PATH; default chromium-headless-shell, then chromium)').helpGroup(HEADING);
}

export function browserOptions(): Option[] {
  const d = BROWSER_DEFAULTS;
  return [
    new Option('-b, --browser-users <n>', `real Chromium users beside the protocol users; 0 turns them off (default ${d.users})`),
    new Option('--browser-spawn-rate <n>', `browser users started per second (default ${d.spawnRate})`),
    new Option('--views <list>', `page views to measure: cold, warm or cold,warm (default ${d.views})`),
    new Option('--network <profile>', 'emulated network of the browser users: slow-4g, 3g, dense-4g, custom:LATENCY_MS/DOWN_KBPS/UP_KBPS, or a mix by weight slow-4g:1,dense-4g:1 (default none)'),
    new Option('--cpu-slowdown <n>', 'CPU slowdown factor of the browser users, as DevTools (default 1: none)'),
    new Option('--trace <mode>', 'on-failure: a Playwright trace of each failed view beside its screenshot in the run folder\'s evidence/ (default off)'),
  ]
    .map((option) => option.helpGroup(HEADING))
    .concat(chromiumOption());
}

export function parseBrowser(raw: BrowserRaw, problems: Problems): BrowserConfig {
  const users = problems.int('--browser-users', raw.browserUsers, BROWSER_DEFAULTS.users, 0);
  const spawnRate = problems.num('--browser-spawn-rate', raw.browserSpawnRate, BROWSER_DEFAULTS.spawnRate, 0.001);
  const listed = (raw.views ?? BROWSER_DEFAULTS.views).split(',').map((v) => v.trim()).filter(Boolean);
  const views = listed.filter((v): v is 'cold' | 'warm' => v === 'cold' || v === 'warm');
  for (const view of listed) if (view !== 'cold' && view !== 'warm') problems.push(`--views takes cold and/or warm, got '${view}'`);
  if (listed.length === 0 && users > 0) problems.push('--views needs cold, warm or both');
  const network = parseNetworkMix(raw.network, (p) => problems.push(p));
  const cpuSlowdown = problems.num('--cpu-slowdown', raw.cpuSlowdown, 1, 1);
  const trace = raw.trace ?? 'off';
  if (trace !== 'off' && trace !== 'on-failure') problems.push(`--trace takes on-failure or off, got '${trace}'`);
  return { users, spawnRate, views, executablePath: raw.chromium, network, cpuSlowdown, ...(trace === 'on-failure' ? { trace } : {}) };
}

/**
 * Launch settings of browse-load's browser users. The browser pool reads this file; it is not a
 * Playwright Test config (browse-load drives Playwright itself). Chromium comes from Debian's
 * packages, never from `playwright install`.
 */
import { existsSync } from 'node:fs';

/** Debian's headless shell first (cheapest per view), full Chromium as the fallback. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'] as const;

/** The Chromium to drive: CHROMIUM_PATH when set, else the first candidate that exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * The machine has no internet: without these flags Chromium's background services open
 * connections that fail, many at a time. QUIC is off so every request is plain HTTP/1.1 or 2.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export const browserSettings = {
  headless: true,
  args: [...CHROMIUM_ARGS],
  viewport: { width: 1366, height: 768 },
  /** A page that has not fired `load` by then is a recorded failure. */
  navigationTimeoutMs: 30_000,
  /** A reused context is replaced after this many iterations (its memory grows). */
  recycleContextEvery: 25,
};

export default browserSettings;

/**
 * How every browser context of the users is made: the one place, so that a context made for any
 * reason (a user's first, a recycled one, a fresh one per cold view) treats the site alike.
 * `--insecure` accepts a certificate no authority signed (a self-signed test target), as
 * protocol users do with it; without it Chromium refuses the page with net::ERR_CERT_*.
 */
import type { BrowserContextOptions } from 'playwright';

export interface ContextSettings {
  viewport: { width: number; height: number };
  insecure: boolean;
}

export function contextOptions(settings: ContextSettings): BrowserContextOptions {
  return settings.insecure ? { viewport: settings.viewport, ignoreHTTPSErrors: true } : { viewport: settings.viewport };
}

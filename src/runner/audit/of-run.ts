/**
 * The audit's I/O at the end of a run: the browser's uncompressed text resources are fetched once
 * more (bounded in time) so their savings come from gzip itself; buildSummary then judges
 * everything the run recorded. The runner fetches the bodies once, after the users stopped and
 * before summary.json.
 */
import { createAuth, type AuthSettings } from '../../protocol/auth.js';
import type { AuditInput } from '../../audit/build.js';
import { collectBodies } from './bodies.js';

/** The browser's uncompressed text bodies, fetched once more with the run's credentials. */
export async function bodiesOfRun(host: string, auth: AuthSettings, browser: AuditInput['browser'], budgetMs = 10_000): Promise<Map<string, Buffer>> {
  const headers: Record<string, string> = {};
  createAuth(auth).apply(headers, { token: null });
  return collectBodies(browser, { origin: host, headers, budgetMs });
}

/**
 * The audit at the end of a run: the browser's uncompressed text resources are fetched once more
 * (bounded in time) so their savings come from gzip itself, then buildAudit judges everything the
 * run recorded. The runner fetches the bodies once, after the users stopped and before summary.json.
 */
import { createAuth, type AuthSettings } from '../../protocol/auth.js';
import { collectBodies } from './bodies.js';
import { buildAudit, type AuditInput } from '../../audit/build.js';
import type { AuditSection } from '../../schema/audit.js';

export interface RunAuditParts extends Omit<AuditInput, 'bodies' | 'exactRepeats' | 'repeats'> {
  /** Origin of the system under test: only its URLs are fetched again. */
  host: string;
  /** The run's credentials (API key header; a JWT is not replayed). */
  auth: AuthSettings;
  /** Longest the body fetches may take together (default 10 s). */
  budgetMs?: number;
}

/** The browser's uncompressed text bodies, fetched once more with the run's credentials. */
export async function bodiesOfRun(host: string, auth: AuthSettings, browser: AuditInput['browser'], budgetMs = 10_000): Promise<Map<string, Buffer>> {
  const headers: Record<string, string> = {};
  createAuth(auth).apply(headers, { token: null });
  return collectBodies(browser, { origin: host, headers, budgetMs });
}

export async function auditOfRun(parts: RunAuditParts): Promise<AuditSection> {
  const { host, auth, budgetMs, ...input } = parts;
  const bodies = await bodiesOfRun(host, auth, input.browser, budgetMs);
  return buildAudit({ ...input, bodies });
}

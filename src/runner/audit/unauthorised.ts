/**
 * Rows the audit could not judge because the target refused the request: a route answering 401 or
 * 403 (no credentials given, or refused ones) sends an error body, whose compression and caching
 * say nothing of the route's real answers. The `audit` command lists them as not audited, leaves
 * them out of --strict, and fails --strict when they are all there was.
 */
import type { AuthSettings } from '../../config/run-config.js';
import type { AuditResource, AuditSection } from '../../schema/audit.js';

/** Statuses that mean "not allowed", not "this is the route's answer". */
const REFUSED = new Set([401, 403]);

export interface RefusedRows {
  /** Rows whose (most frequent) status was 401 or 403. */
  refused: AuditResource[];
  /** The section without them: what --strict judges. */
  judged: AuditSection;
  /** No row was left to judge: every one was refused. */
  nothingAudited: boolean;
  /** Whether the audit was given credentials (an API key, or a username for the JWT login). */
  credentialsGiven: boolean;
}

export function refusedRows(audit: AuditSection, auth: AuthSettings): RefusedRows {
  const refused = audit.resources.filter((r) => r.status !== null && REFUSED.has(r.status));
  const kept = audit.resources.filter((r) => !refused.includes(r));
  return {
    refused,
    judged: { ...audit, resources: kept },
    nothingAudited: refused.length > 0 && kept.length === 0,
    credentialsGiven: auth.apiKey !== undefined || auth.username !== undefined,
  };
}

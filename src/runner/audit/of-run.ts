/**
 * The audit's I/O at the end of a run: the browser's uncompressed text resources are fetched once
 * more (bounded in time) so their savings come from gzip itself, and every resource with a
 * validator is asked once conditionally (validators.ts); buildSummary then judges everything the
 * run recorded. The runner does this once, after the users stopped and before summary.json.
 */
import { createAuth, type AuthSettings } from '../../protocol/auth.js';
import type { AuditInput } from '../../audit/build.js';
import type { RevalidationProbe } from '../../schema/audit.js';
import { collectBodies } from './bodies.js';
import { browserProbeTargets, probeValidators, type ProbeTarget } from './validators.js';

export interface AuditFetches {
  bodies: Map<string, Buffer>;
  probes: Map<string, RevalidationProbe>;
}

/**
 * The browser's uncompressed text bodies, fetched once more with the run's credentials, then the
 * validator probes of the browser's resources and of `protocolTargets` (the audit command's GETs).
 */
export async function auditFetchesOfRun(host: string, auth: AuthSettings, browser: AuditInput['browser'], protocolTargets: ProbeTarget[] = [], insecure = false): Promise<AuditFetches> {
  const headers: Record<string, string> = {};
  createAuth(auth).apply(headers, { token: null });
  // `--insecure`: these fetches accept the self-signed certificate the users accepted.
  const dispatcher = insecure ? new (await import('undici')).Agent({ connect: { rejectUnauthorized: false } }) : undefined;
  try {
    const bodies = await collectBodies(browser, { origin: host, headers, budgetMs: 10_000, dispatcher });
    const probes = await probeValidators([...protocolTargets, ...browserProbeTargets(browser, host)], { origin: host, headers, budgetMs: 8_000, dispatcher });
    return { bodies, probes };
  } finally {
    void dispatcher?.close().catch(() => {});
  }
}

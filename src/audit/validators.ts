/**
 * Validators that never validate: the audit's probe sends a conditional GET the way a browser
 * revalidates (the response's own ETag as If-None-Match, its Last-Modified as If-Modified-Since,
 * the Accept-Encoding the client sent) and records the answer; a full 200 is `validator-ignored`,
 * with the likely cause read from the ETags: a new one on every answer (generated per request or
 * per server behind a balancer), one that differs between the compressed and the identity
 * representation (Apache mod_deflate's `-gzip` suffix, not matched on the way back), or neither
 * (the server ignores conditional requests).
 */
import type { RevalidationProbe, ValidatorCause, ValidatorIgnoredFinding } from '../schema/audit.js';

function cause(p: RevalidationProbe): ValidatorCause {
  if (p.sent.ifNoneMatch !== null && p.etag !== null && p.etag !== p.sent.ifNoneMatch) return 'etag-per-request';
  if (p.identityEtag !== null && p.sent.ifNoneMatch !== null && p.identityEtag !== p.sent.ifNoneMatch) return 'etag-per-encoding';
  return 'conditional-ignored';
}

/** The finding of a probe answered in full; null when it got a 304, or no answer to judge. */
export function validatorFinding(p: RevalidationProbe): ValidatorIgnoredFinding | null {
  if (p.status !== 200) return null;
  return { code: 'validator-ignored', status: p.status, cause: cause(p), sentEtag: p.sent.ifNoneMatch, answerEtag: p.etag, identityEtag: p.identityEtag };
}

/** The key a probe is filed under: a browser URL, or a protocol route's method and name. */
export function probeKey(source: 'browser' | 'protocol', url: string): string {
  return `${source} ${url}`;
}

/**
 * Validators that never validate, as a pure rule: a validator probe's answer judged, with the
 * likely cause read from the ETags. (The demo target probed: validators.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { probeKey, validatorFinding } from '../../src/audit/validators.js';
import type { RevalidationProbe } from '../../src/schema/audit.js';

function probe(over: Partial<RevalidationProbe>): RevalidationProbe {
  return { sent: { ifNoneMatch: '"a"', ifModifiedSince: null, acceptEncoding: 'gzip' }, status: 200, etag: '"a"', encoding: 'gzip', identityEtag: null, ...over };
}

describe('validatorFinding', () => {
  it('finds nothing in a 304, or in a probe that got no answer', () => {
    expect(validatorFinding(probe({ status: 304 }))).toBeNull();
    expect(validatorFinding(probe({ status: 0, error: 'connect ECONNREFUSED' }))).toBeNull();
  });

  it('names an ETag that changes on every answer', () => {
    expect(validatorFinding(probe({ etag: '"b"' }))?.cause).toBe('etag-per-request');
  });

  it('names an ETag that differs between the compressed and the identity representation', () => {
    expect(validatorFinding(probe({ sent: { ifNoneMatch: '"a-gzip"', ifModifiedSince: null, acceptEncoding: 'gzip' }, etag: '"a-gzip"', identityEtag: '"a"' }))).toEqual({
      code: 'validator-ignored', status: 200, cause: 'etag-per-encoding', sentEtag: '"a-gzip"', answerEtag: '"a-gzip"', identityEtag: '"a"',
    });
  });

  it('otherwise says the server ignores conditional requests (Last-Modified alone too)', () => {
    expect(validatorFinding(probe({ identityEtag: '"a"' }))?.cause).toBe('conditional-ignored');
    expect(validatorFinding(probe({ sent: { ifNoneMatch: null, ifModifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT', acceptEncoding: 'gzip' }, etag: null }))?.cause).toBe('conditional-ignored');
  });
});

describe('the cause of a full answer', () => {
  const sent = (ifNoneMatch: string | null) => ({ ifNoneMatch, ifModifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT', acceptEncoding: 'gzip' });

  it('is not an ETag per request when nothing was sent to compare, or nothing came back', () => {
    expect(validatorFinding(probe({ sent: sent(null), etag: '"b"' }))?.cause).toBe('conditional-ignored');
    expect(validatorFinding(probe({ etag: null }))?.cause).toBe('conditional-ignored');
  });

  it('is not an ETag per encoding when the identity ETag is the one sent, or none was sent', () => {
    expect(validatorFinding(probe({ identityEtag: '"a"' }))?.cause).toBe('conditional-ignored');
    expect(validatorFinding(probe({ sent: sent(null), etag: null, identityEtag: '"a"' }))?.cause).toBe('conditional-ignored');
    expect(validatorFinding(probe({ identityEtag: '"z"' }))?.cause).toBe('etag-per-encoding');
  });

  it('judges 200s only, a 206 or a 500 as no answer to judge', () => {
    expect(validatorFinding(probe({ status: 206 }))).toBeNull();
    expect(validatorFinding(probe({ status: 500 }))).toBeNull();
    expect(validatorFinding(probe({}))).toEqual({ code: 'validator-ignored', status: 200, cause: 'conditional-ignored', sentEtag: '"a"', answerEtag: '"a"', identityEtag: null });
  });
});

describe('probeKey', () => {
  it('files a probe under its source and URL', () => {
    expect(probeKey('protocol', 'GET /api/x/')).toBe('protocol GET /api/x/');
    expect(probeKey('browser', 'http://t/a.js')).toBe('browser http://t/a.js');
  });
});

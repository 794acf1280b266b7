/**
 * The compression rules one at a time, on sizes chosen so that each edge shows: which media types
 * and encodings count, the conservative ratio per type, where each gzip estimate comes from, and
 * every verdict with the evidence it carries.
 */
import { describe, expect, it } from 'vitest';
import {
  estimateGzip, isCompressibleType, isCompressing, judgeCompression, mediaType, normaliseEncoding, typeRatio, worthCompressing,
  type CompressionSample,
} from '../../src/audit/compression.js';

/** 10,000 B sent identity as `contentType`, sizes only (no body). */
function sized(contentType: string | null, extra: Partial<CompressionSample> = {}): CompressionSample {
  return { side: 'protocol', contentType, encoding: 'identity', wireBytes: 10_000, decodedBytes: 10_000, ...extra };
}

describe('media types and encodings', () => {
  it('reads the media type without parameters, lower-case, and none from an empty header', () => {
    expect(mediaType('Text/HTML ; charset=utf-8')).toBe('text/html');
    expect(mediaType('')).toBeNull();
    expect(mediaType(null)).toBeNull();
    expect(mediaType(undefined)).toBeNull();
    expect(mediaType(' ; charset=utf-8')).toBeNull();
  });

  it('counts text, the listed application types and +json/+xml as compressible, whole names only', () => {
    for (const t of ['application/x-javascript', 'application/ecmascript', 'application/csv', 'application/ld+json', 'application/manifest+json', 'application/graphql-response+json', 'application/atom+xml', 'APPLICATION/JSON']) {
      expect(isCompressibleType(t), t).toBe(true);
    }
    for (const t of ['application/jsonx', 'xapplication/json', 'application/json-seq', 'application/xml-dtd2', 'image/png+jsonx', 'textual/plain']) {
      expect(isCompressibleType(t), t).toBe(false);
    }
  });

  it('without a content type trusts the resource type: documents, stylesheets and scripts only', () => {
    for (const r of ['document', 'stylesheet', 'script']) expect(isCompressibleType(null, r), r).toBe(true);
    expect(isCompressibleType(null, 'image')).toBe(false);
    expect(isCompressibleType(null)).toBe(false);
    expect(isCompressibleType('', 'script')).toBe(true);
  });

  it('gives each type its conservative ratio, and 0.55 to other text', () => {
    const cases: [string | null, number][] = [
      ['text/html; charset=utf-8', 0.4], ['text/css', 0.35], ['application/javascript', 0.45], ['text/ecmascript', 0.45],
      ['application/problem+json', 0.4], ['text/csv', 0.45], ['application/csv', 0.45], ['image/svg+xml', 0.45],
      ['application/xml', 0.4], ['text/plain', 0.55], [null, 0.55], ['x-text/html', 0.55], ['x-text/css', 0.55], ['x-text/csv', 0.55],
      ['text/htmlx', 0.55], ['text/cssx', 0.55], ['text/csvx', 0.55], ['application/csvx', 0.55], ['x-application/csv', 0.55],
    ];
    for (const [type, ratio] of cases) expect(typeRatio(type), String(type)).toBe(ratio);
  });

  it('names a missing encoding identity and trims and lower-cases the rest', () => {
    expect(normaliseEncoding(null)).toBe('identity');
    expect(normaliseEncoding(undefined)).toBe('identity');
    expect(normaliseEncoding('  ')).toBe('identity');
    expect(normaliseEncoding(' GZip ')).toBe('gzip');
  });

  it('knows every compressing encoding, alone or in a list, and nothing else', () => {
    for (const e of ['gzip', 'x-gzip', 'br', 'deflate', 'zstd', 'compress', 'x-compress', ' Deflate ', 'identity, x-gzip', 'aes128gcm,br']) {
      expect(isCompressing(e), e).toBe(true);
    }
    for (const e of ['identity', 'chunked', 'aes128gcm', '', null, 'gzipx']) expect(isCompressing(e), String(e)).toBe(false);
  });

  it('needs 1,400 B saved even when that is more than 10 %', () => {
    expect(worthCompressing(2000, 601)).toBe(false);
    expect(worthCompressing(2000, 600)).toBe(true);
    expect(worthCompressing(14_000, 12_600)).toBe(true); // exactly 10 % and 1,400 B
    expect(worthCompressing(14_001, 12_601)).toBe(false); // just under 10 %
  });
});

describe('estimateGzip: where the gzip size comes from', () => {
  it('takes the ratio the other client received over the own encoded ratio, when it was compressed', () => {
    const elsewhere = { side: 'browser' as const, encoding: 'br', wireBytes: 2000, decodedBytes: 8000 };
    expect(estimateGzip(sized('text/plain', { elsewhere, ownEncodedRatio: 0.5 }))).toEqual({ gzipBytes: 2500, method: 'observed-ratio' });
  });

  it('falls back to the own encoded ratio when the other client got it identity or without a body', () => {
    const own = { ownEncodedRatio: 0.3 };
    expect(estimateGzip(sized('text/plain', { ...own, elsewhere: { side: 'browser', encoding: 'identity', wireBytes: 1, decodedBytes: 8000 } }))).toEqual({ gzipBytes: 3000, method: 'observed-ratio' });
    expect(estimateGzip(sized('text/plain', { ...own, elsewhere: { side: 'browser', encoding: 'gzip', wireBytes: 0, decodedBytes: 0 } }))).toEqual({ gzipBytes: 3000, method: 'observed-ratio' });
    expect(estimateGzip(sized('text/plain', { ...own, elsewhere: null }))).toEqual({ gzipBytes: 3000, method: 'observed-ratio' });
  });

  it('ignores an observed ratio of 0 or of 1 and more, and an empty body, for the type estimate', () => {
    for (const ratio of [0, 1, 1.2, null]) {
      expect(estimateGzip(sized('text/css', { ownEncodedRatio: ratio })), String(ratio)).toEqual({ gzipBytes: 3500, method: 'type-estimate' });
    }
    expect(estimateGzip(sized('text/css', { body: Buffer.alloc(0) }))).toEqual({ gzipBytes: 3500, method: 'type-estimate' });
    expect(estimateGzip(sized('text/plain', { decodedBytes: 1001 })).gzipBytes).toBe(551); // 550.55, rounded
  });

  it('rounds a scaled observed ratio to whole bytes', () => {
    expect(estimateGzip(sized('text/plain', { decodedBytes: 1001, ownEncodedRatio: 0.5 })).gzipBytes).toBe(501);
  });
});

describe('judgeCompression: each verdict and its evidence', () => {
  it('calls gzip as large as the body ineffective, and an encoded response without a body compressed', () => {
    const same = judgeCompression({ ...sized('application/json'), encoding: 'x-gzip', wireBytes: 500, decodedBytes: 500 });
    expect(same.verdict).toBe('ineffective');
    expect(same.evidence).toEqual({ code: 'received-encoded', side: 'protocol', encoding: 'x-gzip', wireBytes: 500, decodedBytes: 500 });
    const empty = judgeCompression({ ...sized('application/json'), encoding: 'deflate', wireBytes: 20, decodedBytes: 0 });
    expect(empty).toEqual({
      verdict: 'compressed', gzipBytes: null, savingBytes: 0, method: null, findings: [],
      evidence: { code: 'received-encoded', side: 'protocol', encoding: 'deflate', wireBytes: 20, decodedBytes: 0 },
    });
  });

  it('says no body, or an incompressible type, with the evidence naming it', () => {
    expect(judgeCompression(sized('image/png', { decodedBytes: 0 }))).toEqual({
      verdict: 'not-compressible', gzipBytes: null, savingBytes: 0, method: null, findings: [], evidence: { code: 'no-body', side: 'protocol' },
    });
    expect(judgeCompression(sized('text/css', { decodedBytes: 0 })).evidence).toEqual({ code: 'no-body', side: 'protocol' });
    expect(judgeCompression(sized('image/png')).evidence).toEqual({ code: 'incompressible-type', side: 'protocol', contentType: 'image/png' });
  });

  it('calls a saving under the rule too small, with the estimate as evidence and no saving', () => {
    // text/plain at 0.55: 900 B saved of 2,000.
    expect(judgeCompression(sized('text/plain', { wireBytes: 2000, decodedBytes: 2000 }))).toEqual({
      verdict: 'too-small', gzipBytes: 1100, savingBytes: 0, method: 'type-estimate', findings: [],
      evidence: { code: 'received-identity', side: 'protocol', gzipBytes: 1100, method: 'type-estimate' },
    });
  });

  it('still blames the server when the over-network header or the other client says identity', () => {
    const blamed = (extra: Partial<CompressionSample>) => judgeCompression(sized('text/css', extra));
    for (const extra of [{ overNetworkEncoding: 'identity' }, { overNetworkEncoding: '' }, { elsewhere: { side: 'browser' as const, encoding: 'identity', wireBytes: 10_000, decodedBytes: 10_000 } }]) {
      expect(blamed(extra), JSON.stringify(extra)).toEqual({
        verdict: 'should-compress', gzipBytes: 3500, savingBytes: 6500, method: 'type-estimate',
        evidence: { code: 'received-identity', side: 'protocol', gzipBytes: 3500, method: 'type-estimate' },
        findings: [{ code: 'should-compress', side: 'protocol', savingBytes: 6500, decodedBytes: 10_000, sharePct: 65, method: 'type-estimate' }],
      });
    }
  });

  it('names the proxy only when compressing would have been worth it', () => {
    const small = judgeCompression(sized('text/plain', { wireBytes: 2000, decodedBytes: 2000, overNetworkEncoding: ' GZIP ' }));
    expect(small.verdict).toBe('too-small');
    const proxied = judgeCompression(sized('text/css', { overNetworkEncoding: ' GZIP ' }));
    expect(proxied).toMatchObject({ verdict: 'compressed', gzipBytes: 3500, savingBytes: 6500, method: 'type-estimate' });
    expect(proxied.evidence).toEqual({ code: 'over-network-header', side: 'protocol', encoding: 'gzip' });
    const otherSmall = judgeCompression(sized('text/plain', { wireBytes: 2000, decodedBytes: 2000, elsewhere: { side: 'browser', encoding: 'gzip', wireBytes: 1500, decodedBytes: 2000 } }));
    expect(otherSmall.verdict).toBe('too-small');
  });

  it('rounds the saved share to a whole percent', () => {
    // 0.45 of 10,001 is 4,500.45, 4,500 B: 5,501 saved, 55.005 %.
    const c = judgeCompression(sized('text/csv', { wireBytes: 10_001, decodedBytes: 10_001 }));
    expect(c.findings).toEqual([{ code: 'should-compress', side: 'protocol', savingBytes: 5501, decodedBytes: 10_001, sharePct: 55, method: 'type-estimate' }]);
  });
});

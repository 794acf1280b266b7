/**
 * Compression verdicts on real bodies (the demo target's generated assets): Lighthouse's rule at
 * its edges, the re-gzip saving, and the proxy that decodes on the way.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { estimateGzip, isCompressibleType, judgeCompression, worthCompressing, type CompressionSample } from '../../src/audit/compression.js';
import { appCss, vendorJs } from '../../src/target/assets.js';

const vendor = Buffer.from(vendorJs(42));
const js = 'text/javascript; charset=utf-8';

function identity(body: Buffer, contentType = js, extra: Partial<CompressionSample> = {}): CompressionSample {
  return { side: 'browser', contentType, encoding: 'identity', wireBytes: body.length, decodedBytes: body.length, body, ...extra };
}

describe("Lighthouse's rule: at least 1,400 B saved and either 10 % or 20 KB", () => {
  it('draws the line at 1,400 bytes', () => {
    expect(worthCompressing(10_000, 10_000 - 1399)).toBe(false);
    expect(worthCompressing(10_000, 10_000 - 1400)).toBe(true);
  });
  it('wants 10 % below 20 KB of saving, and nothing more above it', () => {
    expect(worthCompressing(200_000, 200_000 - 19_999)).toBe(false); // 9.99 %
    expect(worthCompressing(200_000, 200_000 - 20_000)).toBe(true); // 10 %, and 20 KB
    expect(worthCompressing(1_000_000, 1_000_000 - 20_000)).toBe(true); // 2 %, but 20 KB
    expect(worthCompressing(1_000_000, 1_000_000 - 19_999)).toBe(false);
  });
});

describe('judgeCompression', () => {
  it('reports vendor.js sent identity as should-compress, saving exactly what gzip saves', () => {
    const saving = vendor.length - gzipSync(vendor).length;
    const c = judgeCompression(identity(vendor));
    expect(c.verdict).toBe('should-compress');
    expect(c.method).toBe('re-gzip');
    expect(c.savingBytes).toBe(saving);
    expect(c.savingBytes).toBeGreaterThan(100_000);
    expect(c.findings).toEqual([
      { code: 'should-compress', side: 'browser', savingBytes: saving, decodedBytes: vendor.length, sharePct: Math.round((saving / vendor.length) * 100), method: 're-gzip' },
    ]);
  });

  it('keeps a size-only estimate below the real saving (conservative)', () => {
    const real = vendor.length - gzipSync(vendor).length;
    const c = judgeCompression(identity(vendor, js, { body: undefined }));
    expect(c.verdict).toBe('should-compress');
    expect(c.method).toBe('type-estimate');
    expect(c.savingBytes).toBeLessThan(real);
    expect(c.savingBytes).toBeGreaterThan(real / 2);
  });

  it('calls a tiny JSON body too small, and a missing body too', () => {
    const tiny = Buffer.from(JSON.stringify({ query: 'zzzz', count: 0, results: [] }));
    expect(judgeCompression(identity(tiny, 'application/json; charset=utf-8')).verdict).toBe('too-small');
    expect(judgeCompression({ side: 'protocol', contentType: 'application/json', encoding: 'identity', wireBytes: 0, decodedBytes: 0 }).verdict).toBe('too-small');
  });

  it('leaves images alone and knows the text types', () => {
    const png = Buffer.alloc(50_000, 7);
    expect(judgeCompression(identity(png, 'image/png')).verdict).toBe('not-compressible');
    for (const t of ['text/html; charset=utf-8', 'text/css', 'application/javascript', 'application/json', 'text/csv', 'application/xml', 'image/svg+xml', 'text/plain', 'application/problem+json']) {
      expect(isCompressibleType(t), t).toBe(true);
    }
    for (const t of ['image/png', 'font/woff2', 'application/zip', 'application/octet-stream']) expect(isCompressibleType(t), t).toBe(false);
    expect(isCompressibleType(null, 'script')).toBe(true);
  });

  it('calls gzip that made a body no smaller ineffective', () => {
    const c = judgeCompression({ side: 'protocol', contentType: 'application/json', encoding: 'gzip', wireBytes: 230, decodedBytes: 210 });
    expect(c.verdict).toBe('ineffective');
    expect(c.findings).toEqual([{ code: 'ineffective-compression', encoding: 'gzip', wireBytes: 230, decodedBytes: 210 }]);
    expect(judgeCompression({ side: 'protocol', contentType: 'application/json', encoding: 'gzip', wireBytes: 1300, decodedBytes: 6000 }).verdict).toBe('compressed');
  });

  it('does not blame the server when X-Content-Encoding-Over-Network shows a proxy decoded it', () => {
    const c = judgeCompression(identity(vendor, js, { overNetworkEncoding: 'gzip' }));
    expect(c.verdict).toBe('compressed');
    expect(c.findings).toEqual([{ code: 'decoded-on-the-way', via: 'over-network-header', side: 'browser', serverEncoding: 'gzip' }]);
    expect(c.evidence).toEqual({ code: 'over-network-header', side: 'browser', encoding: 'gzip' });
  });

  it('does not blame the server when the other kind of client received the same path compressed, and says which side', () => {
    const css = Buffer.from(appCss(42));
    const gz = gzipSync(css).length;
    const c = judgeCompression(identity(css, 'text/css', { body: undefined, elsewhere: { side: 'protocol', encoding: 'gzip', wireBytes: gz, decodedBytes: css.length } }));
    expect(c.verdict).toBe('compressed');
    expect(c.method).toBe('observed-ratio');
    expect(c.savingBytes).toBe(css.length - gz);
    expect(c.findings).toEqual([
      { code: 'decoded-on-the-way', via: 'other-client', side: 'browser', otherSide: 'protocol', otherEncoding: 'gzip', savingBytes: css.length - gz },
    ]);
  });

  it('scales a body fetched separately to the size the client received', () => {
    const e = estimateGzip(identity(vendor, js, { decodedBytes: vendor.length * 2 }));
    expect(e.gzipBytes).toBe(Math.round((gzipSync(vendor).length / vendor.length) * vendor.length * 2));
  });
});

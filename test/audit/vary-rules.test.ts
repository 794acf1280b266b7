/**
 * `no-vary` as a pure rule: which answers it judges, which encodings count as compressed, and
 * which Vary values name Accept-Encoding. (The demo target's audits: vary.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { varyFinding } from '../../src/audit/vary.js';

describe('varyFinding', () => {
  it('flags a compressed response without Vary, or with Vary: *', () => {
    expect(varyFinding({ status: 200, vary: null, encodings: ['gzip'] })).toEqual({ code: 'no-vary', vary: null, encodings: ['gzip'] });
    expect(varyFinding({ status: 200, vary: '*', encodings: ['identity', 'gzip'] })).toEqual({ code: 'no-vary', vary: '*', encodings: ['gzip', 'identity'] });
    expect(varyFinding({ status: 200, vary: 'Cookie', encodings: ['br'] })?.code).toBe('no-vary');
  });

  it('leaves alone Vary naming Accept-Encoding in any case, bodies only ever identity, and errors', () => {
    expect(varyFinding({ status: 200, vary: 'Cookie, Accept-Encoding', encodings: ['gzip'] })).toBeNull();
    expect(varyFinding({ status: 200, vary: null, encodings: ['identity'] })).toBeNull();
    expect(varyFinding({ status: 404, vary: null, encodings: ['gzip'] })).toBeNull();
  });
});

describe('the answers no-vary judges', () => {
  it('judges 2xx answers only', () => {
    const at = (status: number | null) => varyFinding({ status, vary: null, encodings: ['gzip'] })?.code ?? null;
    expect([null, 199, 200, 299, 300].map(at)).toEqual([null, null, 'no-vary', 'no-vary', null]);
  });

  it('names each encoding once, normalised and sorted', () => {
    expect(varyFinding({ status: 200, vary: 'Cookie', encodings: [' GZIP', 'gzip', 'br', ''] })).toEqual({ code: 'no-vary', vary: 'Cookie', encodings: ['br', 'gzip', 'identity'] });
  });

  it('reads the Vary names trimmed and in any case, and flags * beside Accept-Encoding', () => {
    expect(varyFinding({ status: 200, vary: ' ACCEPT-ENCODING ', encodings: ['gzip'] })).toBeNull();
    expect(varyFinding({ status: 200, vary: 'Accept-Encoding,*', encodings: ['gzip'] })?.code).toBe('no-vary');
    expect(varyFinding({ status: 200, vary: 'Accept-Encoding, * ', encodings: ['gzip'] })?.code).toBe('no-vary');
    expect(varyFinding({ status: 200, vary: 'Accept', encodings: ['gzip'] })?.code).toBe('no-vary');
  });
});

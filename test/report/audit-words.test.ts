/**
 * The audit's findings and evidence carry codes and numbers; the reports word them. Every code has
 * a sentence, and the numbers it carries appear in it as the reports format sizes.
 */
import { describe, expect, it } from 'vitest';
import { evidenceWords, findingLine, findingSentence } from '../../src/report/audit/words.js';
import { bytes } from '../../src/report/format.js';
import type { AuditFinding, CompressionEvidence, FindingCode } from '../../src/schema/audit.js';

/** Each code with example findings (a Record, so a new code without an example fails to compile). */
const EXAMPLES: Record<FindingCode, AuditFinding[]> = {
  'encoding-mismatch': [{ code: 'encoding-mismatch', encoding: 'gzip', responses: 12 }],
  'should-compress': [{ code: 'should-compress', side: 'browser', savingBytes: 151_598, decodedBytes: 204_853, sharePct: 74, method: 're-gzip' }],
  'ineffective-compression': [{ code: 'ineffective-compression', encoding: 'br', wireBytes: 230, decodedBytes: 210 }],
  'decoded-on-the-way': [
    { code: 'decoded-on-the-way', via: 'over-network-header', side: 'browser', serverEncoding: 'gzip' },
    { code: 'decoded-on-the-way', via: 'other-client', side: 'protocol', otherSide: 'browser', otherEncoding: 'br', savingBytes: 33_812 },
  ],
  'no-validator': [
    { code: 'no-validator', subject: 'static-asset' },
    { code: 'no-validator', subject: 'static-route' },
    { code: 'no-validator', subject: 'html-page' },
    { code: 'no-validator', subject: 'get-route' },
  ],
  'no-store': [{ code: 'no-store', cacheControl: 'no-store, max-age=0' }],
  'refetched-on-warm-view': [{ code: 'refetched-on-warm-view' }],
  'html-not-revalidated': [{ code: 'html-not-revalidated' }],
  'private-shared': [
    { code: 'private-shared', cacheControl: 'private', sharedBy: { header: 'X-Cache', value: 'HIT from edge' } },
    { code: 'private-shared', cacheControl: 'no-store', sharedBy: { header: 'Age', seconds: 42 } },
  ],
  'cache-not-as-promised': [{ code: 'cache-not-as-promised', promised: 'hit', actual: 'refetched' }],
  'no-304': [{ code: 'no-304', calls: 2 }],
  'short-cache-lifetime': [
    { code: 'short-cache-lifetime', lifetimeS: 86_400, source: 'max-age', hitProbability: 0.6, wastedBytes: 1_200, immutable: false, fingerprinted: false },
    { code: 'short-cache-lifetime', lifetimeS: 3_600, source: 'expires', hitProbability: 0.2, wastedBytes: 40_000, immutable: true, fingerprinted: true },
  ],
  'no-cache-lifetime': [
    { code: 'no-cache-lifetime', heuristicS: 2_851_200, wastedBytes: 40_000, fingerprinted: false },
    { code: 'no-cache-lifetime', heuristicS: null, wastedBytes: 40_000, fingerprinted: true },
  ],
  'validator-ignored': [
    { code: 'validator-ignored', status: 200, cause: 'etag-per-encoding', sentEtag: '"abc-gzip"', answerEtag: '"abc-gzip"', identityEtag: '"abc"' },
    { code: 'validator-ignored', status: 200, cause: 'etag-per-request', sentEtag: '"1"', answerEtag: '"2"', identityEtag: null },
    { code: 'validator-ignored', status: 200, cause: 'conditional-ignored', sentEtag: null, answerEtag: null, identityEtag: null },
  ],
  'no-vary': [
    { code: 'no-vary', vary: null, encodings: ['gzip'] },
    { code: 'no-vary', vary: '*', encodings: ['gzip', 'identity'] },
  ],
};

const ALL = Object.values(EXAMPLES).flat();

describe('findingSentence', () => {
  it.each(ALL.map((f) => [f.code, f] as const))('words %s in one line', (_code, f) => {
    const sentence = findingSentence(f);
    expect(sentence.length).toBeGreaterThan(20);
    expect(sentence).not.toMatch(/\n|undefined|NaN|\[object/);
    expect(findingLine(f)).toBe(`${f.code}: ${sentence}`);
  });

  it('gives every variant of a code its own sentence', () => {
    const sentences = ALL.map(findingSentence);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('names the saving and the decoded size of should-compress as the reports format sizes', () => {
    const sentence = findingSentence(EXAMPLES['should-compress'][0]);
    expect(sentence).toContain(`gzip would save ${bytes(151_598)} of ${bytes(204_853)} (74 %)`);
    expect(sentence).toContain('148.0 KiB');
    expect(sentence).toMatch(/^sent uncompressed to the browser: .* by gzip of the body$/);
  });

  it('names the sides, the encodings and the bytes a decoding proxy costs', () => {
    const [header, other] = EXAMPLES['decoded-on-the-way'].map(findingSentence);
    expect(header).toMatch(/^the server sends it gzip, but a proxy or antivirus in front of the browser decodes it/);
    expect(other).toContain(`the browser got it br but protocol users got it uncompressed (${bytes(33_812)} more per load)`);
  });

  it('keeps exact byte counts where a body is too small to round, and the raw header values', () => {
    expect(findingSentence(EXAMPLES['ineffective-compression'][0])).toContain('br made it no smaller (230 B encoded for 210 B)');
    expect(findingSentence(EXAMPLES['no-store'][0])).toContain('"no-store, max-age=0"');
    const [xCache, age] = EXAMPLES['private-shared'].map(findingSentence);
    expect(xCache).toContain('(X-Cache: HIT from edge)');
    expect(age).toContain('(Age: 42)');
  });

  it('words the promised and the actual warm view', () => {
    expect(findingSentence(EXAMPLES['cache-not-as-promised'][0])).toBe(
      'the headers promise a warm view served from the browser cache, but it was fetched again in full',
    );
  });
});

describe('evidenceWords', () => {
  const EVIDENCE: CompressionEvidence[] = [
    { code: 'received-encoded', side: 'protocol', encoding: 'gzip', wireBytes: 1254, decodedBytes: 5909 },
    { code: 'no-body', side: 'browser' },
    { code: 'incompressible-type', side: 'browser', contentType: 'image/png' },
    { code: 'incompressible-type', side: 'protocol', contentType: null },
    { code: 'over-network-header', side: 'browser', encoding: 'br' },
    { code: 'other-client', side: 'browser', otherSide: 'protocol', otherEncoding: 'gzip' },
    { code: 'received-identity', side: 'browser', gzipBytes: 53_255, method: 'type-estimate' },
  ];

  it('words each kind of evidence differently', () => {
    const words = EVIDENCE.map(evidenceWords);
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).not.toMatch(/undefined|NaN|\[object/);
  });

  it('formats the sizes it names as the reports do', () => {
    expect(evidenceWords(EVIDENCE[0])).toBe(`protocol users received it gzip: ${bytes(1254)} on the wire for ${bytes(5909)} decoded`);
    expect(evidenceWords(EVIDENCE[6])).toBe(`the browser received it without Content-Encoding; gzip estimate ${bytes(53_255)} from a conservative ratio for its type`);
  });

  it('says so when a body had no type', () => {
    expect(evidenceWords(EVIDENCE[3])).toBe('protocol users received an untyped body, which gzip does not help');
  });
});

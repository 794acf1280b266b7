/**
 * Compression verdicts for one resource or route, from the bytes a client received.
 *
 * "Should be compressed" is Lighthouse's uses-text-compression rule (see
 * ../shared/reference/peers.md): a compressible type sent without encoding where gzip saves at
 * least 1,400 B and either at least 10 % or at least 20 KB. The gzip size comes, best first, from
 * re-gzipping the decoded body (Node zlib, default level, as Lighthouse does), from the ratio the
 * same resource achieved when it did arrive compressed, or from a conservative ratio per content
 * type when only sizes are known; `method` says which.
 *
 * A proxy or antivirus that decodes on the way must not be blamed on the server: when the response
 * says `X-Content-Encoding-Over-Network`, or the other kind of client received the same path
 * encoded, the verdict is `compressed` with a `decoded-on-the-way` finding naming the evidence.
 * Verdicts, findings and evidence carry numbers only; the reports word them.
 */
import { gzipSync } from 'node:zlib';
import type { AuditFinding, ClientSide, CompressionEvidence, CompressionVerdict, SavingMethod } from '../schema/audit.js';

/** Lighthouse's thresholds (uses-text-compression.js). */
export const LIGHTHOUSE_RULE = { minSavingBytes: 1400, minSavingShare: 0.1, alwaysSavingBytes: 20_000 } as const;

/** Content-Encoding values that compress (Lighthouse's list plus the old ones). */
const COMPRESSING = new Set(['gzip', 'x-gzip', 'br', 'deflate', 'zstd', 'compress', 'x-compress']);

/**
 * Conservative gzip ratios (compressed / decoded) when only sizes are known: above what gzip
 * typically reaches on each type (the demo target's text compresses to 0.14–0.28), so an estimate
 * under-states the saving rather than inventing one.
 */
const TYPE_RATIOS: readonly [RegExp, number][] = [
  [/^text\/html\b/, 0.4],
  [/^text\/css\b/, 0.35],
  [/javascript|ecmascript/, 0.45],
  [/json/, 0.4],
  [/^text\/csv\b|^application\/csv\b/, 0.45],
  [/svg/, 0.45],
  [/xml/, 0.4],
];
const DEFAULT_TEXT_RATIO = 0.55;

/** Resource types that are text when the content type is missing. */
const TEXT_RESOURCE_TYPES = new Set(['document', 'stylesheet', 'script']);

/** The media type without parameters, lower-case; null when absent. */
export function mediaType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === '' ? null : type;
}

/** HTML, CSS, JS, JSON, CSV, XML, SVG and plain text (any text/*, +json, +xml). */
export function isCompressibleType(contentType: string | null, resourceType?: string): boolean {
  const type = mediaType(contentType);
  if (type === null) return resourceType !== undefined && TEXT_RESOURCE_TYPES.has(resourceType);
  if (type.startsWith('text/')) return true;
  if (/^application\/(json|javascript|x-javascript|ecmascript|xml|csv|ld\+json|manifest\+json|graphql-response\+json)$/.test(type)) return true;
  return type.endsWith('+json') || type.endsWith('+xml');
}

/** The conservative ratio used when only sizes are known. */
export function typeRatio(contentType: string | null): number {
  // Stryker disable next-line StringLiteral: no type is matched by no ratio's pattern, whichever placeholder stands for it
  const type = mediaType(contentType) ?? '';
  for (const [pattern, ratio] of TYPE_RATIOS) if (pattern.test(type)) return ratio;
  return DEFAULT_TEXT_RATIO;
}

/** The Content-Encoding as one token; 'identity' when there is none. */
export function normaliseEncoding(encoding: string | null | undefined): string {
  const value = (encoding ?? '').trim().toLowerCase();
  return value === '' ? 'identity' : value;
}

export function isCompressing(encoding: string | null | undefined): boolean {
  const value = normaliseEncoding(encoding);
  return value.split(',').some((part) => COMPRESSING.has(part.trim()));
}

/** Lighthouse's rule on a decoded size and its gzip size. */
export function worthCompressing(decodedBytes: number, gzipBytes: number): boolean {
  const saving = decodedBytes - gzipBytes;
  if (saving < LIGHTHOUSE_RULE.minSavingBytes) return false;
  return saving >= LIGHTHOUSE_RULE.alwaysSavingBytes || saving / decodedBytes >= LIGHTHOUSE_RULE.minSavingShare;
}

export interface CompressionSample {
  side: ClientSide;
  contentType: string | null;
  resourceType?: string;
  /** As received; 'identity' when none. */
  encoding: string;
  /** Mean body bytes per response that carried a body. */
  wireBytes: number;
  decodedBytes: number;
  /** The decoded body, when the caller has it (re-gzip estimate). */
  body?: Buffer;
  /** `X-Content-Encoding-Over-Network`, when the response carried it. */
  overNetworkEncoding?: string | null;
  /** The same path as the other kind of client received it. */
  elsewhere?: { side: ClientSide; encoding: string; wireBytes: number; decodedBytes: number } | null;
  /** Protocol rows with mixed encodings: the ratio its encoded responses achieved. */
  ownEncodedRatio?: number | null;
}

export interface CompressionJudgement {
  verdict: CompressionVerdict;
  gzipBytes: number | null;
  /** Per response; > 0 only for should-compress and decoded-on-the-way. */
  savingBytes: number;
  method: SavingMethod | null;
  evidence: CompressionEvidence;
  findings: AuditFinding[];
}

/** How big gzip would make the decoded body, and how we know. */
export function estimateGzip(s: CompressionSample): { gzipBytes: number; method: SavingMethod } {
  if (s.body && s.body.length > 0) {
    const gz = gzipSync(s.body).length;
    // The body may have been fetched separately: scale its ratio to the size the client got.
    // Stryker disable next-line ConditionalExpression: with the body the size the client got, gz / n · n rounds back to gz
    const gzipBytes = s.body.length === s.decodedBytes ? gz : Math.round((gz / s.body.length) * s.decodedBytes);
    return { gzipBytes, method: 're-gzip' };
  }
  const observed = s.elsewhere && isCompressing(s.elsewhere.encoding) && s.elsewhere.decodedBytes > 0
    ? s.elsewhere.wireBytes / s.elsewhere.decodedBytes
    : s.ownEncodedRatio ?? null;
  if (observed !== null && observed > 0 && observed < 1) return { gzipBytes: Math.round(observed * s.decodedBytes), method: 'observed-ratio' };
  return { gzipBytes: Math.round(typeRatio(s.contentType) * s.decodedBytes), method: 'type-estimate' };
}

export function judgeCompression(s: CompressionSample): CompressionJudgement {
  const side = s.side;
  const compressible = isCompressibleType(s.contentType, s.resourceType);
  const none = (verdict: CompressionVerdict, evidence: CompressionEvidence): CompressionJudgement => ({
    verdict, gzipBytes: null, savingBytes: 0, method: null, evidence, findings: [],
  });

  if (isCompressing(s.encoding)) {
    const sizes = { encoding: s.encoding, wireBytes: s.wireBytes, decodedBytes: s.decodedBytes };
    const evidence: CompressionEvidence = { code: 'received-encoded', side, ...sizes };
    if (s.decodedBytes > 0 && s.wireBytes >= s.decodedBytes) {
      return { ...none('ineffective', evidence), findings: [{ code: 'ineffective-compression', ...sizes }] };
    }
    return none('compressed', evidence);
  }
  if (s.decodedBytes <= 0) return none(compressible ? 'too-small' : 'not-compressible', { code: 'no-body', side });
  if (!compressible) return none('not-compressible', { code: 'incompressible-type', side, contentType: s.contentType });

  const { gzipBytes, method } = estimateGzip(s);
  const saving = Math.max(0, s.decodedBytes - gzipBytes);
  const worth = worthCompressing(s.decodedBytes, gzipBytes);
  const overNetwork = s.overNetworkEncoding ? normaliseEncoding(s.overNetworkEncoding) : null;
  // Evidence that the server did compress: the proxy's own header, or the other kind of client.
  if (worth && overNetwork !== null && isCompressing(overNetwork)) {
    return {
      verdict: 'compressed', gzipBytes, savingBytes: saving, method,
      evidence: { code: 'over-network-header', side, encoding: overNetwork },
      findings: [{ code: 'decoded-on-the-way', via: 'over-network-header', side, serverEncoding: overNetwork }],
    };
  }
  const other = s.elsewhere;
  if (worth && other && isCompressing(other.encoding)) {
    return {
      verdict: 'compressed', gzipBytes, savingBytes: saving, method,
      evidence: { code: 'other-client', side, otherSide: other.side, otherEncoding: other.encoding },
      findings: [{ code: 'decoded-on-the-way', via: 'other-client', side, otherSide: other.side, otherEncoding: other.encoding, savingBytes: saving }],
    };
  }
  const evidence: CompressionEvidence = { code: 'received-identity', side, gzipBytes, method };
  if (!worth) return { verdict: 'too-small', gzipBytes, savingBytes: 0, method, evidence, findings: [] };
  const sharePct = Math.round((saving / s.decodedBytes) * 100);
  return {
    verdict: 'should-compress', gzipBytes, savingBytes: saving, method, evidence,
    findings: [{ code: 'should-compress', side, savingBytes: saving, decodedBytes: s.decodedBytes, sharePct, method }],
  };
}

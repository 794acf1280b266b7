/**
 * `no-vary`: a response whose encoding depends on the request (it was seen compressed, here or
 * by the other kind of client) must say so with `Vary: Accept-Encoding`, or a shared cache or CDN
 * may hand the gzip body to a client that did not ask for it, or the identity body to everyone.
 * `Vary: *` is flagged too: no cache can reuse it at all.
 */
import { isCompressing, normaliseEncoding } from './compression.js';
import type { NoVaryFinding } from '../schema/audit.js';

export interface VarySubject {
  status: number | null;
  vary: string | null;
  /** Every encoding this path was seen with, by this row and by the other kind of client. */
  encodings: string[];
}

export function varyFinding(s: VarySubject): NoVaryFinding | null {
  if (s.status === null || s.status < 200 || s.status >= 300) return null;
  const encodings = [...new Set(s.encodings.map((e) => normaliseEncoding(e)))].sort();
  if (!encodings.some((e) => isCompressing(e))) return null;
  // Stryker disable next-line StringLiteral: no Vary names nothing, and so does any stand-in that is not Accept-Encoding
  const names = (s.vary ?? '').split(',').map((v) => v.trim().toLowerCase());
  if (names.includes('accept-encoding') && !names.includes('*')) return null;
  return { code: 'no-vary', vary: s.vary, encodings };
}

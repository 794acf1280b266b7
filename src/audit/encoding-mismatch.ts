/**
 * Bodies that do not decode as their Content-Encoding says: the protocol users record each as a
 * failure named "body does not decode as gzip (Z_DATA_ERROR)", with its status and wire bytes
 * kept, so the audit finds them in the run's failures by that name, per (method, route).
 */
import { DECODE_FAULT_PREFIX, type EncodingMismatchFinding } from '../schema/audit.js';
import type { FailureEntry } from '../schema/summary.js';

/** The key a protocol audit row and a failure share. */
export const routeKey = (method: string | undefined, name: string): string => `${method ?? ''} ${name}`;

/** One finding per route with decode failures: how many, and the encoding they carried. */
export function encodingMismatches(failures: readonly FailureEntry[]): Map<string, EncodingMismatchFinding> {
  const found = new Map<string, EncodingMismatchFinding>();
  for (const f of failures) {
    if (!f.error.startsWith(DECODE_FAULT_PREFIX)) continue;
    const encoding = f.error.slice(DECODE_FAULT_PREFIX.length).split(' ')[0];
    const key = routeKey(f.method, f.name);
    const seen = found.get(key);
    if (seen === undefined) found.set(key, { code: 'encoding-mismatch', encoding, responses: f.occurrences });
    else {
      // Two encodings failing on one route is rare; the finding names the one that failed most.
      if (f.occurrences > seen.responses) seen.encoding = encoding;
      seen.responses += f.occurrences;
    }
  }
  return found;
}

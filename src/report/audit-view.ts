/**
 * What the HTML report and compare share about the typed audit section (src/schema/audit.ts): a
 * row's client, and which verdicts are good or bad news. Findings are worded in ./audit/words.ts.
 */
import type { AuditResource } from '../schema/audit.js';

/** Where a row was seen: "browser" or "protocol GET". */
export function rowSource(row: AuditResource): string {
  return [row.source, row.method ?? ''].filter(Boolean).join(' ');
}

/** Verdicts that mean "something to fix", for colouring only. */
export function verdictTone(text: string): 'bad' | 'good' | 'neutral' {
  if (/^(should-compress|ineffective|refetched|uncompressed|missing|no-)/.test(text)) return 'bad';
  if (/^(compressed|hit|revalidated|cached)/.test(text)) return 'good';
  return 'neutral';
}

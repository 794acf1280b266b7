/**
 * The audit in brief, for the reports that are not the audit table (the Markdown block for the
 * performance notes, the run's terminal summary): the findings in words, a bounded number of
 * them, and the routes the target does not serve.
 */
import type { AuditResource, AuditSection } from '../../schema/audit.js';
import { bytes } from '../format.js';
import { findingLine, timeSavedWords } from './words.js';

/** Findings listed one per line before the rest are counted. */
export const BRIEF_FINDINGS = 12;

function shortUrl(r: AuditResource, host: string): string {
  if (r.source === 'protocol') return `${r.method ?? 'GET'} ${r.url}`;
  return r.url.startsWith(host) ? r.url.slice(host.length) || '/' : r.url;
}

/** "url: code: sentence" per finding, at most `limit`, then how many more. */
export function findingLines(audit: AuditSection, host: string, limit = BRIEF_FINDINGS): string[] {
  const all = audit.resources.flatMap((r) => r.findings.map((f) => `${shortUrl(r, host)}: ${findingLine(f)}`));
  return all.length > limit ? [...all.slice(0, limit), `… and ${all.length - limit} more (browse-load report, or browse-load audit)`] : all;
}

/** "Not served by the target …" when rows were all HTTP errors; null otherwise. */
export function notServedLine(audit: AuditSection, host: string): string | null {
  const errors = audit.resources.filter((r) => r.notAudited);
  if (errors.length === 0) return null;
  return `Not served by the target (every answer an HTTP error, so not audited): ${errors.map((r) => `${shortUrl(r, host)} (${r.notAudited!.status})`).join(', ')}`;
}

/**
 * What compression would buy each cold view in time under the run's network profiles ("/ 151.0 KiB,
 * about 842 ms on slow-4g"); null when nothing is to save or no profile limits the download.
 */
export function timeSavedLine(audit: AuditSection): string | null {
  const views = (audit.savings?.perPageView ?? []).filter((v) => v.view === 'cold' && v.timeSaved?.length);
  if (views.length === 0) return null;
  return `Compression would save per cold view (bytes saved ÷ throughput): ${views.map((v) => `${v.page} ${bytes(v.bytes)}, about ${timeSavedWords(v.timeSaved)}`).join('; ')}`;
}

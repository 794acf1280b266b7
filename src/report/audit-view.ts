/**
 * Reading the audit section tolerantly: its shape belongs to src/audit (docs/audit-json.md), so the
 * reports rely only on rows with url / compression / cache / findings (found as the section itself
 * or as its first array of such rows, `resources`), use the other documented fields when present,
 * and describe any value as text.
 */
import { DASH } from './format.js';

export type AuditRow = Record<string, unknown>;

/** The audit's per-resource rows, when it has them in a recognisable form. */
export function auditRows(audit: unknown): AuditRow[] | null {
  const isRows = (v: unknown): v is AuditRow[] =>
    Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && 'url' in r);
  if (isRows(audit) && audit.length > 0) return audit;
  if (typeof audit === 'object' && audit !== null && !Array.isArray(audit)) {
    for (const value of Object.values(audit)) if (isRows(value)) return value;
  }
  return null;
}

/** Any audit value as short text: a finding as "code: message", a verdict before other fields. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.length === 0 ? DASH : value.map(describe).join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.message === 'string') return typeof o.code === 'string' ? `${o.code}: ${o.message}` : o.message;
    const entries = Object.entries(o).filter(([, v]) => v !== null && v !== undefined);
    const verdict = entries.find(([k]) => k === 'verdict' || k === 'status');
    const rest = entries.filter((e) => e !== verdict).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return [verdict ? String(verdict[1]) : null, rest.length ? `(${rest.join(', ')})` : null].filter(Boolean).join(' ');
  }
  return String(value);
}

/** A number field of a row, or null. */
export function numberField(row: AuditRow, key: string): number | null {
  const v = row[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Where a row was seen: "browser", "protocol GET", or nothing when the audit does not say. */
export function rowSource(row: AuditRow): string {
  const source = typeof row.source === 'string' ? row.source : '';
  const method = typeof row.method === 'string' ? row.method : '';
  return [source, method].filter(Boolean).join(' ');
}

/** Verdicts that mean "something to fix", for colouring only. */
export function verdictTone(text: string): 'bad' | 'good' | 'neutral' {
  if (/^(should-compress|ineffective|refetched|uncompressed|missing|no-)/.test(text)) return 'bad';
  if (/^(compressed|hit|revalidated|cached)/.test(text)) return 'good';
  return 'neutral';
}

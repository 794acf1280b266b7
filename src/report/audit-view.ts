/**
 * Reading the audit section generically: its shape belongs to src/audit, so the reports only
 * rely on an array of rows with url / compression / cache / findings, and describe any value.
 */
import { DASH } from './format.js';

export type AuditRow = Record<string, unknown>;

/** The audit's per-resource findings, when it has them in a recognisable form. */
export function auditRows(audit: unknown): AuditRow[] | null {
  const isRows = (v: unknown): v is AuditRow[] =>
    Array.isArray(v) && v.length > 0 && v.every((r) => typeof r === 'object' && r !== null && 'url' in r);
  if (isRows(audit)) return audit;
  if (typeof audit === 'object' && audit !== null) {
    for (const value of Object.values(audit)) if (isRows(value)) return value;
  }
  return null;
}

/** Any audit value as short text: verdicts first, then the other fields. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.length === 0 ? DASH : value.map(describe).join('; ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
    const verdict = entries.find(([k]) => k === 'verdict' || k === 'status');
    const rest = entries.filter((e) => e !== verdict).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return [verdict ? String(verdict[1]) : null, rest.length ? `(${rest.join(', ')})` : null].filter(Boolean).join(' ');
  }
  return String(value);
}

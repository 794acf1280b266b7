/** Display formatting shared by the human-facing renderers (terminal, Markdown, HTML). */

export const DASH = '–';

/** Milliseconds with precision that fits their size: 0.42, 8.31, 87.5, 1204. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const abs = Math.abs(value);
  if (abs < 10) return value.toFixed(2);
  if (abs < 100) return value.toFixed(1);
  return String(Math.round(value));
}

export function rate(value: number): string {
  return value < 100 ? value.toFixed(2) : value.toFixed(1);
}

export function percent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value.toFixed(digits)}%`;
}

/**
 * A whole number with en-US thousands separators, grouped by hand: the first toLocaleString of a
 * process starts ICU's number formatting, 20-30 ms of CPU (measured) that a short run paid to
 * print its summary. Beyond exact integers (and for NaN, ±Infinity, -0) ICU formats as before.
 */
export function int(value: number): string {
  const n = Math.round(value);
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const abs = Math.abs(value);
  if (abs < 1024) return `${Math.round(value)} B`;
  if (abs < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / 1024 / 1024).toFixed(2)} MiB`;
}

/** "2026-11-27 09:12:03 UTC": one unambiguous form in every report. */
export function utc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(rest).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for a Markdown table cell (pipes, backslashes, newlines, HTML-ish brackets). */
export function escapeMarkdown(text: unknown): string {
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>`*_[\]]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

/** A threshold figure in its unit: ms for times, % for errors, req/s for rps, a count otherwise. */
export function thresholdValue(metric: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  const m = metric.toLowerCase();
  if (m.startsWith('cls.')) return value.toFixed(3);
  if (/^(lcp|fcp|ttfb|tbt|inp)\./.test(m)) return `${ms(value)} ms`;
  if (/^(p\d|med|median|avg|mean|min|max)/.test(m)) return `${ms(value)} ms`;
  if (m === 'errors' || m === 'error_rate') return `${Number(value.toPrecision(3))}%`;
  if (m === 'rps') return `${rate(value)} req/s`;
  return int(value);
}

/**
 * What a threshold measured, for its line: the figure in its unit, or, when the run had no row
 * the threshold names, that row and the nearest names it has (a typo shows as what was meant).
 */
export function thresholdActual(t: { metric: string; target: string; actual: number | null; missingRow?: { nearest: string[] } }): string {
  if (!t.missingRow) return `actual ${thresholdValue(t.metric, t.actual)}`;
  const nearest = t.missingRow.nearest;
  return `no row '${t.target}' in this run${nearest.length > 0 ? `; nearest: ${nearest.map((k) => `'${k}'`).join(', ')}` : ''}`;
}

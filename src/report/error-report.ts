/**
 * The error report at the end of the terminal summary, as Locust prints one: the top failures by
 * name and error with their counts, then the exceptions the tasks threw, then one loud line per
 * name whose every request failed, with the likely cause when the answer was a 401 or a 403 (no
 * credentials given, a login that failed). It reads the summary alone: failures, exceptions, the
 * stats rows and the run's auth options (kind and login path, secrets redacted).
 */
import type { FailureEntry, StatEntry, Summary } from '../schema/summary.js';
import { int } from './format.js';

/** The terminal's own painting and one-line clipping, so both renderers escape names alike. */
export interface TerminalStyle {
  paint: { bold(text: string): string; red(text: string): string };
  clip(text: string, width: number): string;
}

export const TOP_FAILURES = 10;
export const TOP_EXCEPTIONS = 5;
const LINE_WIDTH = 160;

/** The report's lines (a blank line first), or none when nothing failed and nothing threw. */
export function errorReportLines(summary: Summary, style: TerminalStyle): string[] {
  if (summary.failures.length === 0 && summary.exceptions.length === 0) return [];
  const lines = ['', style.paint.bold('Error report')];
  lines.push(...failureLines(summary.failures, style));
  lines.push(...exceptionLines(summary, style));
  lines.push(...allFailedLines(summary, style));
  return lines;
}

function failureLines(failures: readonly FailureEntry[], style: TerminalStyle): string[] {
  if (failures.length === 0) return [];
  const top = [...failures].sort((a, b) => b.occurrences - a.occurrences).slice(0, TOP_FAILURES);
  const width = Math.max(...top.map((f) => int(f.occurrences).length));
  const lines = top.map((f) => `    ${int(f.occurrences).padStart(width)}  ${style.clip(`${f.method} ${f.name}: ${f.error}`, LINE_WIDTH)}`);
  const rest = failures.length - top.length;
  if (rest > 0) lines.push(`    … ${int(rest)} more failure group(s) in report.html and PREFIX_failures.csv`);
  return [`  failures (occurrences, name: error):`, ...lines];
}

function exceptionLines(summary: Summary, style: TerminalStyle): string[] {
  const exceptions = summary.exceptions;
  if (exceptions.length === 0) return [];
  const top = [...exceptions].sort((a, b) => b.count - a.count).slice(0, TOP_EXCEPTIONS);
  const width = Math.max(...top.map((e) => int(e.count).length));
  const lines = top.map((e) => `    ${int(e.count).padStart(width)}  ${style.clip(e.message, LINE_WIDTH)}`);
  const rest = exceptions.length - top.length;
  if (rest > 0) lines.push(`    … ${int(rest)} more exception(s) in report.html and PREFIX_exceptions.csv`);
  return ['  exceptions raised by tasks (count, message; tracebacks in PREFIX_exceptions.csv):', ...lines];
}

/** One loud line per name whose every request failed: a run that measured nothing of it. */
function allFailedLines(summary: Summary, style: TerminalStyle): string[] {
  const auth = authOf(summary);
  return summary.stats
    .filter((s) => s.count > 0 && s.failures === s.count)
    .map((s) => {
      const error = topErrorOf(summary.failures, s);
      const cause = error === null ? null : likelyCause(error, s, auth, summary);
      const what = `✗ every request of ${s.type} ${s.name} failed (${int(s.failures)} of ${int(s.count)})`;
      return style.paint.red(style.clip(`${what}${error ? `: ${error}` : ''}${cause ? ` · ${cause}` : ''}`, LINE_WIDTH + 60));
    });
}

interface AuthOptions {
  kind: string;
  loginPath: string;
}

/** The run's auth as summary.json records it (run.options.auth), with the defaults when absent. */
function authOf(summary: Summary): AuthOptions {
  const auth = (summary.run.options.auth ?? {}) as Partial<AuthOptions>;
  return { kind: typeof auth.kind === 'string' ? auth.kind : 'none', loginPath: typeof auth.loginPath === 'string' ? auth.loginPath : '/api/token/' };
}

function topErrorOf(failures: readonly FailureEntry[], row: StatEntry): string | null {
  let top: FailureEntry | null = null;
  for (const f of failures) if (f.name === row.name && f.method === row.type && (top === null || f.occurrences > top.occurrences)) top = f;
  return top?.error ?? null;
}

const HTTP_STATUS = /^HTTP (\d{3})\b/;

/** Why a 401 or 403 came back, as far as the summary can tell; null for any other error. */
function likelyCause(error: string, row: StatEntry, auth: AuthOptions, summary: Summary): string | null {
  const status = HTTP_STATUS.exec(error)?.[1];
  if (status !== '401' && status !== '403') return null;
  if (auth.kind === 'none') return 'no credentials given (--api-key, or --username and --password)';
  if (auth.kind === 'api-key') return 'the API key was refused (--api-key, --api-key-header)';
  const login = loginFailure(summary, auth.loginPath);
  if (row.type === 'POST' && row.name === auth.loginPath) return `login failed at ${auth.loginPath}: ${status} (check --username and --password)`;
  if (login !== null) return `login failed at ${auth.loginPath}: ${login}, so the requests went without a token`;
  return 'the JWT was refused';
}

/** The status of the failed JWT logins (or their error), null when no login failed. */
function loginFailure(summary: Summary, loginPath: string): string | null {
  const row = summary.stats.find((s) => s.type === 'POST' && s.name === loginPath);
  if (!row || row.failures === 0) return null;
  const error = topErrorOf(summary.failures, row);
  return error === null ? 'failed' : (HTTP_STATUS.exec(error)?.[1] ?? error);
}

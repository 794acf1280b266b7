/** The error report at the end of the terminal summary: top failures, exceptions, loud lines. */
import { describe, expect, it } from 'vitest';
import type { FailureEntry, StatEntry, Summary } from '../../src/schema/summary.js';
import { TOP_FAILURES } from '../../src/report/error-report.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { makeSummary } from './fixtures.js';

function failure(method: string, name: string, error: string, occurrences: number): FailureEntry {
  return { method, name, error, occurrences, firstSeen: 0, lastSeen: 0 };
}

/** Every row of the fixture fails wholly with the status given; the login row too, for JWT. */
function everyRequestFails(auth: Record<string, unknown>, status: number, login?: { status: number }): Summary {
  const summary = makeSummary({ seed: 5 });
  summary.run.options = { ...summary.run.options, auth: { apiKeyHeader: 'X-API-Key', loginPath: '/api/token/', ...auth } };
  const rows: StatEntry[] = summary.stats.filter((s) => s.type !== 'PAGE' && s.count > 0);
  if (login) rows.push({ ...rows[0], type: 'POST', method: 'POST', name: '/api/token/', count: 4 });
  summary.stats = rows.map((s) => ({ ...s, failures: s.count }));
  summary.failures = summary.stats.map((s) =>
    failure(s.method, s.name, `HTTP ${s.name === '/api/token/' && login ? login.status : status}`, s.count),
  );
  summary.exceptions = [];
  return summary;
}

/** The lines after "Error report". */
function reportOf(summary: Summary): string[] {
  const lines = renderTerminal(summary).trimEnd().split('\n');
  const at = lines.indexOf('Error report');
  return at < 0 ? [] : lines.slice(at + 1);
}

describe('error report', () => {
  it('is absent when nothing failed and nothing threw', () => {
    const summary = makeSummary({ seed: 5, failEvery: 0 });
    summary.exceptions = [];
    expect(renderTerminal(summary)).not.toContain('Error report');
  });

  it('lists failures by name and error, most frequent first, then the exceptions, at the end', () => {
    const summary = makeSummary({ seed: 5 });
    summary.failures = [
      failure('GET', '/api/search/', 'HTTP 500', 3),
      failure('POST', '/api/journal-entries/', 'connection reset (ECONNRESET)', 1_250),
      failure('GET', '/api/search/', 'expected "results"', 7),
    ];
    summary.exceptions = [{ count: 4, message: "TypeError: Cannot read properties of undefined (reading 'id')", traceback: 'at run (flows/shop.ts:3:1)' }];
    const report = reportOf(summary);
    const text = renderTerminal(summary);
    expect(text.trimEnd().endsWith(report.at(-1)!)).toBe(true);
    const failureRows = report.filter((l) => /^\s+[\d,]+ {2}(GET|POST) /.test(l));
    expect(failureRows.map((l) => l.trim())).toEqual([
      '1,250  POST /api/journal-entries/: connection reset (ECONNRESET)',
      '    7  GET /api/search/: expected "results"'.trim(),
      '    3  GET /api/search/: HTTP 500'.trim(),
    ]);
    const exceptionsAt = report.findIndex((l) => l.includes('exceptions raised by tasks'));
    expect(exceptionsAt).toBeGreaterThan(report.findIndex((l) => l.includes('1,250')));
    expect(report[exceptionsAt + 1].trim()).toBe("4  TypeError: Cannot read properties of undefined (reading 'id')");
    expect(text).not.toContain('flows/shop.ts:3:1');
  });

  it(`keeps the top ${TOP_FAILURES} failure groups and counts the rest`, () => {
    const summary = makeSummary({ seed: 5 });
    summary.failures = Array.from({ length: TOP_FAILURES + 3 }, (_, i) => failure('GET', `/api/r${i}/`, 'HTTP 502', 100 - i));
    const report = reportOf(summary);
    expect(report.filter((l) => l.includes(': HTTP 502'))).toHaveLength(TOP_FAILURES);
    expect(report.join('\n')).toContain('… 3 more failure group(s)');
    expect(report.join('\n')).not.toContain('/api/r12/');
  });

  it('says loudly when every request of a name failed with a 401 and no credentials were given', () => {
    const report = reportOf(everyRequestFails({ kind: 'none' }, 401));
    const loud = report.filter((l) => l.startsWith('✗ every request of'));
    expect(loud.length).toBeGreaterThan(1);
    for (const line of loud) expect(line).toMatch(/failed \([\d,]+ of [\d,]+\): HTTP 401 · no credentials given/);
  });

  it('names the failed JWT login as the cause of the 401s', () => {
    const report = reportOf(everyRequestFails({ kind: 'jwt', username: 'admin', password: '[redacted]' }, 401, { status: 401 }));
    const loud = report.filter((l) => l.startsWith('✗ every request of'));
    expect(loud.find((l) => l.includes('POST /api/token/'))).toContain('login failed at /api/token/: 401 (check --username and --password)');
    const others = loud.filter((l) => !l.includes('POST /api/token/'));
    expect(others.length).toBeGreaterThan(0);
    for (const line of others) expect(line).toContain('login failed at /api/token/: 401, so the requests went without a token');
  });

  it('names a wrong login path by its status, and a refused API key', () => {
    const wrongPath = reportOf(everyRequestFails({ kind: 'jwt' }, 401, { status: 404 }));
    expect(wrongPath.find((l) => l.includes('GET ') && l.startsWith('✗'))).toContain('login failed at /api/token/: 404');
    const refused = reportOf(everyRequestFails({ kind: 'api-key' }, 403));
    expect(refused.find((l) => l.startsWith('✗'))).toContain('HTTP 403 · the API key was refused');
  });

  it('gives no guessed cause for other errors, and no loud line for names that partly failed', () => {
    const summary = everyRequestFails({ kind: 'none' }, 500);
    const report = reportOf(summary);
    expect(report.filter((l) => l.startsWith('✗'))[0]).toMatch(/HTTP 500$/);
    summary.stats = summary.stats.map((s) => ({ ...s, failures: s.count - 1 }));
    expect(reportOf(summary).filter((l) => l.startsWith('✗'))).toEqual([]);
  });
});

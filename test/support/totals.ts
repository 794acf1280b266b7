/**
 * The one check that a run's results add up, whatever went wrong during it: every figure that
 * counts requests counts the same requests. The Locust CSVs' Aggregated row, the summary's
 * aggregate, its rows, successes plus the failures' occurrences, the status codes (status 0 = no
 * HTTP response, as summary.json records it), the time series and the history CSV's last totals.
 * Requests cut at stop (`cutAtStop`) are in none of these, by the summary's definition; they are
 * checked to add up per row and to be no request of the time series.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Summary } from '../../src/schema/summary.js';

/** Rows of a CSV file as records keyed by its header; quoted fields ("a, b", "say ""x""") kept whole. */
export function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      rows[rows.length - 1].push(field);
      field = '';
    } else if (c === '\n') {
      rows[rows.length - 1].push(field.replace(/\r$/, ''));
      field = '';
      rows.push([]);
    } else field += c;
  }
  if (field !== '') rows[rows.length - 1].push(field);
  return rows.filter((r) => r.length > 0);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** What a run's totals came to, once they were found to agree. */
export interface AgreedTotals {
  requests: number;
  successes: number;
  failures: number;
  cutAtStop: number;
  /** failures by error name (summed over request names). */
  byError: Record<string, number>;
  statusCodes: Record<string, number>;
}

/**
 * Asserts that every count of the run agrees, and returns the agreed totals. `csvPrefix` is the
 * run's `--csv` prefix (its `_stats.csv`, `_failures.csv` and `_stats_history.csv` are read).
 */
export function expectTotalsAgree(summary: Summary, csvPrefix: string): AgreedTotals {
  const { aggregate, stats } = summary;
  const requests = aggregate.count;
  const failures = aggregate.failures;

  // The summary's rows add up to its aggregate.
  expect(sum(stats.map((s) => s.count)), 'Σ rows count = aggregate count').toBe(requests);
  expect(sum(stats.map((s) => s.failures)), 'Σ rows failures = aggregate failures').toBe(failures);
  const cutAtStop = aggregate.cutAtStop ?? 0;
  expect(sum(stats.map((s) => s.cutAtStop ?? 0)), 'Σ rows cutAtStop = aggregate cutAtStop').toBe(cutAtStop);

  // Successes and failures: each failed request is one occurrence of one named failure.
  expect(failures, 'failures <= requests').toBeLessThanOrEqual(requests);
  expect(sum(summary.failures.map((f) => f.occurrences)), 'Σ failures occurrences = aggregate failures').toBe(failures);
  for (const row of stats) {
    const named = summary.failures.filter((f) => f.name === row.name && f.method === row.method);
    expect(sum(named.map((f) => f.occurrences)), `Σ failures of ${row.method} ${row.name} = its row's failures`).toBe(row.failures);
  }

  // Status codes: one per request, 0 for no HTTP response.
  expect(sum(Object.values(summary.statusCodes)), 'Σ statusCodes = aggregate count').toBe(requests);
  for (const row of stats) {
    if (row.responses) expect(sum(Object.values(row.responses.statuses)), `Σ statuses of ${row.name} <= its count`).toBeLessThanOrEqual(row.count);
  }

  // The time series: every finished request in exactly one interval; cuts in none.
  const points = summary.timeSeries.points;
  expect(sum(points.map((p) => p.requests)), 'Σ series requests = aggregate count').toBe(requests);
  expect(sum(points.map((p) => p.failures)), 'Σ series failures = aggregate failures').toBe(failures);
  for (const row of stats) {
    const key = `${row.type} ${row.name}`;
    expect(sum(points.map((p) => p.byName[key]?.requests ?? 0)), `Σ series requests of ${key} = its count`).toBe(row.count);
  }

  // The Locust CSVs say the same.
  const csvStats = readCsv(`${csvPrefix}_stats.csv`);
  const aggregated = csvStats.find((r) => r.Name === 'Aggregated');
  expect(Number(aggregated?.['Request Count']), 'CSV Aggregated Request Count').toBe(requests);
  expect(Number(aggregated?.['Failure Count']), 'CSV Aggregated Failure Count').toBe(failures);
  for (const row of stats) {
    const csvRow = csvStats.find((r) => r.Name === row.name && r.Type === row.type);
    // A row of cuts only has no request to list in Locust's columns.
    if (csvRow === undefined && row.count === 0) continue;
    expect(Number(csvRow?.['Request Count']), `CSV Request Count of ${row.name}`).toBe(row.count);
  }
  const csvFailures = readCsv(`${csvPrefix}_failures.csv`);
  expect(sum(csvFailures.map((r) => Number(r.Occurrences))), 'Σ failures.csv Occurrences').toBe(failures);
  const history = readCsv(`${csvPrefix}_stats_history.csv`).filter((r) => r.Name === 'Aggregated');
  if (history.length > 0) expect(Number(history[history.length - 1]['Total Request Count']), 'history CSV last Total Request Count').toBe(requests);

  const byError: Record<string, number> = {};
  for (const f of summary.failures) byError[f.error] = (byError[f.error] ?? 0) + f.occurrences;
  // failures.csv names the same faults, as often.
  const csvByError: Record<string, number> = {};
  for (const r of csvFailures) csvByError[r.Error] = (csvByError[r.Error] ?? 0) + Number(r.Occurrences);
  expect(csvByError, 'failures.csv errors = summary failures').toEqual(byError);

  return { requests, successes: requests - failures, failures, cutAtStop, byError, statusCodes: summary.statusCodes };
}

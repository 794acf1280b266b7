/**
 * The cells of Locust's CSVs one by one: Python's number forms, the excel dialect's quoting, the
 * bounds a percentile keeps, the zeros of a row without latency, the order of failures and
 * exceptions, and the files' suffixes. Pure unit tests over the renderers.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyCsv, locustCsvFiles, writeLocustCsvs } from '../../src/report/csv/index.js';
import { exceptionsCsv, failuresCsv, percentileCells, statsCsv, totalsCells, utcSeconds } from '../../src/report/csv/locust.js';
import { cellText, csvRow, float, int, pyFixed6, pyFloatRepr } from '../../src/report/csv/python.js';
import { REPORTED_PERCENTILES, type LatencySummary } from '../../src/schema/summary.js';
import { makeSummary } from './fixtures.js';

const texts = (cells: ReturnType<typeof percentileCells>): string[] => cells.map(cellText);

describe('Python number forms', () => {
  it('writes nan, inf, -inf and -0.0 as repr() does', () => {
    expect([NaN, Infinity, -Infinity, -0].map(pyFloatRepr)).toEqual(['nan', 'inf', '-inf', '-0.0']);
  });

  it('switches to an exponent below 1e-4 and from 1e16 on, with at least two exponent digits', () => {
    expect([0.0001, 0.00009, 9999999999999998, 1e16, -1.5e-7, 2.5e20, 1e-100, 1e100].map(pyFloatRepr))
      .toEqual(['0.0001', '9e-05', '9999999999999998.0', '1e+16', '-1.5e-07', '2.5e+20', '1e-100', '1e+100']);
  });

  it('keeps a whole negative float as -N.0', () => {
    expect(pyFloatRepr(-3)).toBe('-3.0');
  });

  it('rounds "{:2f}" ties half to even on both signs, and only exact ties', () => {
    expect([0.0078125, -0.0078125, 0.0234375, -0.0234375, 0.0000005, 0.0000015].map(pyFixed6))
      .toEqual(['0.007812', '-0.007812', '0.023438', '-0.023438', '0.000000', '0.000002']);
    // 0.0078126 is no tie: rounded up as toFixed does; 0.00781 has fewer decimals than a tie.
    expect([0.0078126, 0.00781, 2.5].map(pyFixed6)).toEqual(['0.007813', '0.007810', '2.500000']);
  });

  it('writes non-finite "{:2f}" values as Python does', () => {
    expect([Infinity, -Infinity, NaN].map(pyFixed6)).toEqual(['inf', '-inf', 'nan']);
  });

  it('writes a Python int truncated, a float in repr, text as it is', () => {
    expect([int(2.7), int(-2.7), float(2), float(0.5), 'x'].map(cellText)).toEqual(['2', '-2', '2.0', '0.5', 'x']);
  });
});

describe('the excel dialect', () => {
  it('quotes only cells holding a comma, a quote, a CR or an LF, doubling quotes', () => {
    expect(csvRow(['a,b', 'say "hi"', 'cr\r', 'lf\n', 'plain', 'semi;colon'])).toBe('"a,b","say ""hi""","cr\r","lf\n",plain,semi;colon\r\n');
  });

  it('writes a row of one empty cell as "" (an empty line would read as no row), and other empty cells bare', () => {
    expect(csvRow([''])).toBe('""\r\n');
    expect(csvRow(['', ''])).toBe(',\r\n');
    expect(csvRow(['a'])).toBe('a\r\n');
    expect(csvRow([int(0)])).toBe('0\r\n');
  });
});

function latency(fields: Partial<LatencySummary>): LatencySummary {
  return { count: 0, min: null, max: null, mean: null, stdev: null, percentiles: {}, ...fields };
}

describe('percentile cells', () => {
  it('writes N/A in every column for an entry without requests', () => {
    expect(texts(percentileCells(0, () => 5, { min: 1, max: 9 }))).toEqual(REPORTED_PERCENTILES.map(() => 'N/A'));
  });

  it('writes whole ms, and the exact Min or Max only when rounding would pass it', () => {
    const values: Record<string, number> = { '50': 4.6, '66': 5.4, '75': 5.5, '80': 9.4, '90': 9.5, '95': 1.4, '98': 1.5, '99': 2, '99.9': 9.45, '99.99': 0.9, '100': 9.45 };
    const cells = texts(percentileCells(3, (p) => values[String(p)], { min: 1.2, max: 9.45 }));
    // 4.6 → 5, 5.4 → 5, 5.5 → 6, 9.4 → 9, 9.5 → 10 > 9.45: 9.45; 1.4 → 1 < 1.2: 1.2; 1.5 → 2; 2 → 2; 0.9 → 1 < 1.2: 1.2.
    expect(cells).toEqual(['5', '5', '6', '9', '9.45', '1.2', '2', '2', '9', '1.2', '9']);
  });

  it('keeps a rounded value equal to Min or Max as a whole ms', () => {
    expect(texts(percentileCells(1, (p) => (p === 50 ? 5.4 : 4.6), { min: 5, max: 5 }))).toEqual(REPORTED_PERCENTILES.map(() => '5'));
  });

  it('leaves values unbounded where the row has no Min or Max', () => {
    expect(texts(percentileCells(1, () => 7.6, { min: null, max: null }))).toEqual(REPORTED_PERCENTILES.map(() => '8'));
    expect(texts(percentileCells(1, () => 0.4, { min: null, max: 9 }))).toEqual(REPORTED_PERCENTILES.map(() => '0'));
    expect(texts(percentileCells(1, () => 12.4, { min: 3, max: null }))).toEqual(REPORTED_PERCENTILES.map(() => '12'));
  });

  it('writes 0 for a window without requests and N/A for a figure the summary cannot give', () => {
    expect(texts(percentileCells(2, (p) => (p === 50 ? null : undefined), { min: 3, max: 9 }))).toEqual(
      REPORTED_PERCENTILES.map((p) => (p === 50 ? '0' : 'N/A')),
    );
  });
});

describe('total cells', () => {
  const text = (cells: ReturnType<typeof totalsCells>): Record<string, string> =>
    Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cellText(v)]));

  it('writes Python zeros and an int content size for an entry without requests', () => {
    expect(text(totalsCells({ count: 0, latency: latency({}), decodedBytes: 0 }))).toEqual({ median: '0', average: '0.0', min: '0', max: '0', contentSize: '0' });
  });

  it('writes zeros but the float content size for requests without recorded latency', () => {
    expect(text(totalsCells({ count: 4, latency: latency({}), decodedBytes: 1000 }))).toEqual({ median: '0', average: '0.0', min: '0', max: '0', contentSize: '250.0' });
  });

  it('writes the median in whole ms within [Min, Max], the rest as floats', () => {
    const l = latency({ count: 3, min: 1.5, max: 7.25, mean: 3.5, percentiles: { '50': 2.6 } });
    expect(text(totalsCells({ count: 3, latency: l, decodedBytes: 10 }))).toEqual({ median: '3', average: '3.5', min: '1.5', max: '7.25', contentSize: '3.3333333333333335' });
    const low = latency({ count: 3, min: 1.5, max: 7.25, mean: 3.5, percentiles: { '50': 1.4 } });
    expect(cellText(totalsCells({ count: 3, latency: low, decodedBytes: 10 }).median)).toBe('1.5');
  });

  it('writes a median of 0 when the summary has no p50, and 0 where mean or min is unknown', () => {
    const l = latency({ count: 3, min: null, max: 7.25, mean: null, percentiles: {} });
    expect(text(totalsCells({ count: 3, latency: l, decodedBytes: 0 }))).toEqual({ median: '0', average: '0.0', min: '0', max: '7.25', contentSize: '0.0' });
  });
});

// One fixture for every test here: making it is the slow part.
const SUMMARY = makeSummary();

describe('failure and exception rows', () => {
  it('orders failures by name, then method, then error', () => {
    const summary = { ...SUMMARY };
    const f = (method: string, name: string, error: string) => ({ method, name, error, occurrences: 1, firstSeen: 0, lastSeen: 1000 });
    summary.failures = [f('POST', '/b', 'e1'), f('GET', '/b', 'e2'), f('GET', '/b', 'e1'), f('GET', '/a', 'z')];
    const lines = failuresCsv(summary).split('\r\n').slice(1, -1).map((line) => line.split(',').slice(0, 3).join(' '));
    expect(lines).toEqual(['GET /a z', 'GET /b e1', 'GET /b e2', 'POST /b e1']);
  });

  it('orders exceptions by count, most first, then by message', () => {
    const summary = { ...SUMMARY };
    summary.exceptions = [{ count: 1, message: 'b', traceback: 't' }, { count: 3, message: 'c', traceback: 't' }, { count: 1, message: 'a', traceback: 't' }];
    expect(exceptionsCsv(summary).split('\r\n').slice(1, -1)).toEqual(['3,c,t,local', '1,a,t,local', '1,b,t,local']);
  });

  it('writes no seen time for a missing or non-finite one, and whole seconds otherwise', () => {
    expect([null, undefined, NaN, Infinity].map(utcSeconds)).toEqual(['', '', '', '']);
    expect(utcSeconds(Date.UTC(2023, 9, 1, 10, 0, 30, 1))).toBe('2023-10-01T10:00:30Z');
    expect(utcSeconds(0)).toBe('1970-01-01T00:00:00Z');
  });
});

describe('_stats.csv rows', () => {
  it('ends with one Aggregated row with an empty Type, each row on its own CRLF line', () => {
    const lines = statsCsv(SUMMARY).split('\r\n');
    expect(lines).toHaveLength(SUMMARY.stats.length + 3);
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)!.startsWith(',Aggregated,')).toBe(true);
    expect(lines.slice(1, -2).map((line) => line.split(',')[0])).toEqual(SUMMARY.stats.map(() => expect.stringMatching(/^(GET|POST|PAGE|DELETE)$/)));
    expect(lines.filter((line) => line.includes(',Aggregated,'))).toHaveLength(1);
  });

  it("labels the last row Aggregated with an empty Type, whatever the summary's aggregate entry is called", () => {
    const summary = { ...SUMMARY, aggregate: { ...SUMMARY.aggregate, type: 'GET', name: 'all requests' } };
    const last = statsCsv(summary).split('\r\n').at(-2)!;
    expect(last.startsWith(',Aggregated,')).toBe(true);
  });

  it('writes zeros for an entry without requests whatever its latency says', () => {
    const cells = totalsCells({ count: 0, latency: latency({ count: 0, min: 1, max: 5, mean: 3, percentiles: { '50': 3 } }), decodedBytes: 0 });
    expect(Object.values(cells).map(cellText)).toEqual(['0', '0.0', '0', '0', '0']);
  });
});

describe('the CSV files', () => {
  it("are Locust's four suffixes in the order Locust opens them, history without every name by default", () => {
    const summary = SUMMARY;
    const files = locustCsvFiles(summary);
    expect(files.map(([suffix]) => suffix)).toEqual(['_stats.csv', '_stats_history.csv', '_failures.csv', '_exceptions.csv']);
    expect(files.map(([, text]) => text)).toEqual([statsCsv(summary), historyCsv(summary, false), failuresCsv(summary), exceptionsCsv(summary)]);
    expect(locustCsvFiles(summary, true)[1][1]).toBe(historyCsv(summary, true));
  });

  it('are written under a prefix whose folders do not exist yet', async () => {
    const summary = SUMMARY;
    const dir = await mkdtemp(join(tmpdir(), 'bl-csv-cells-'));
    const prefix = join(dir, 'a', 'b', 'run');
    const written = await writeLocustCsvs(summary, prefix, true);
    expect(written).toEqual(['_stats.csv', '_stats_history.csv', '_failures.csv', '_exceptions.csv'].map((s) => `${prefix}${s}`));
    expect(await readFile(written[1], 'utf8')).toBe(historyCsv(summary, true));
    expect(await readFile(written[0], 'utf8')).toBe(statsCsv(summary));
  });

  it('write the history of the Aggregated rows alone unless full history is asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bl-csv-cells-'));
    const [, history] = await writeLocustCsvs(SUMMARY, join(dir, 'run'));
    expect(await readFile(history, 'utf8')).toBe(historyCsv(SUMMARY, false));
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { beforeEach, describe, expect, it } from 'vitest';
import { historyCsv } from '../../src/report/csv/history.js';
import { exceptionsCsv, failuresCsv, statsCsv, utcSeconds } from '../../src/report/csv/locust.js';
import { pyFixed6, pyFloatRepr } from '../../src/report/csv/python.js';
import { writeReports } from '../../src/report/index.js';
import { REPORTED_PERCENTILES } from '../../src/schema/summary.js';
import { makeSummary, NASTY_NAME } from './fixtures.js';

// Locust's header lines, copied from locust/stats.py (2.44+), CRLF as Python's csv.writer ends rows.
const LOCUST_STATS_HEADER =
  'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\r\n';
const LOCUST_HISTORY_HEADER =
  'Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\r\n';
const LOCUST_FAILURES_HEADER = 'Method,Name,Error,Occurrences,First Seen,Last Seen\r\n';
const LOCUST_EXCEPTIONS_HEADER = 'Count,Message,Traceback,Nodes\r\n';

type Row = Record<string, string>;
const rows = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });
const PCT = REPORTED_PERCENTILES.map((p) => `${p}%`);

describe('Locust CSV headers', () => {
  const summary = makeSummary();
  it('writes the four header lines byte for byte as Locust does', () => {
    expect(statsCsv(summary).split('\r\n')[0] + '\r\n').toBe(LOCUST_STATS_HEADER);
    expect(historyCsv(summary, false).split('\r\n')[0] + '\r\n').toBe(LOCUST_HISTORY_HEADER);
    expect(failuresCsv(summary).split('\r\n')[0] + '\r\n').toBe(LOCUST_FAILURES_HEADER);
    expect(exceptionsCsv(summary).split('\r\n')[0] + '\r\n').toBe(LOCUST_EXCEPTIONS_HEADER);
  });
});

describe('_stats.csv', () => {
  const summary = makeSummary();
  // Rendered in each test, not in the describe body: Stryker counts code run outside a test as
  // static, and reruns the whole mutation set for every such mutant of the CSV writers.
  let table: Row[];
  beforeEach(() => {
    table = rows(statsCsv(summary));
  });

  it('has one row per (name, type) sorted by name then type, and a final Aggregated row with an empty Type', () => {
    expect(table).toHaveLength(summary.stats.length + 1);
    const names = table.slice(0, -1).map((r) => [r.Name, r.Type]);
    const sorted = [...names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    expect(names).toEqual(sorted);
    const last = table[table.length - 1];
    expect(last.Type).toBe('');
    expect(last.Name).toBe('Aggregated');
  });

  it('keeps names with commas and quotes intact, and shows PAGE rows with their own type', () => {
    expect(table.map((r) => r.Name)).toContain(NASTY_NAME);
    expect(table.find((r) => r.Name === '/dashboard/')?.Type).toBe('PAGE');
  });

  it("gives the Aggregated row the run's totals", () => {
    const agg = table[table.length - 1];
    const body = table.slice(0, -1);
    const total = (col: string) => body.reduce((a, r) => a + Number(r[col]), 0);
    expect(Number(agg['Request Count'])).toBe(total('Request Count'));
    expect(Number(agg['Failure Count'])).toBe(total('Failure Count'));
    expect(Number(agg['Request Count'])).toBe(summary.aggregate.count);
    expect(Number(agg['Requests/s'])).toBeCloseTo(total('Requests/s'), 9);
    expect(Number(agg['Failures/s'])).toBeCloseTo(total('Failures/s'), 9);
    expect(Number(agg['Max Response Time'])).toBe(Math.max(...body.map((r) => Number(r['Max Response Time']))));
    const nonEmpty = body.filter((r) => Number(r['Request Count']) > 0);
    expect(Number(agg['Min Response Time'])).toBe(Math.min(...nonEmpty.map((r) => Number(r['Min Response Time']))));
    const bytes = body.reduce((a, r) => a + Number(r['Average Content Size']) * Number(r['Request Count']), 0);
    expect(Number(agg['Average Content Size'])).toBeCloseTo(bytes / summary.aggregate.count, 6);
  });

  it('takes every percentile from the HDR histogram, in whole ms unless rounding leaves [Min, Max]', () => {
    for (const entry of [...summary.stats, summary.aggregate]) {
      const row = table.find((r) => r.Name === (entry === summary.aggregate ? 'Aggregated' : entry.name) && (entry === summary.aggregate || r.Type === entry.type))!;
      if (entry.count === 0) continue;
      const h = hdr.decodeFromCompressedBase64(entry.histogram);
      REPORTED_PERCENTILES.forEach((p, i) => {
        const rounded = Math.round(h.getValueAtPercentile(p) / 1000);
        const within = Math.min(Math.max(rounded, h.minNonZeroValue / 1000), h.maxValue / 1000);
        expect(Number(row[PCT[i]]), `${entry.name} ${p}%`).toBe(within);
      });
      expect(Number(row['Max Response Time'])).toBe(h.maxValue / 1000);
      expect(Number(row['Average Response Time'])).toBeCloseTo(h.mean / 1000, 9);
    }
  });

  it('writes N/A percentiles and Python zeros for a row without requests', () => {
    const row = table.find((r) => r.Type === 'DELETE')!;
    expect(PCT.map((c) => row[c])).toEqual(PCT.map(() => 'N/A'));
    expect([row['Median Response Time'], row['Average Response Time'], row['Min Response Time'], row['Max Response Time'], row['Average Content Size'], row['Requests/s']])
      .toEqual(['0', '0.0', '0', '0', '0', '0.0']);
  });

  it("computes Requests/s as Locust's total_rps: count over (last request − start)", () => {
    const seconds = (summary.aggregate.lastAt! - summary.run.measuredFrom) / 1000;
    for (const entry of summary.stats.filter((s) => s.count > 0)) {
      const row = table.find((r) => r.Name === entry.name && r.Type === entry.type)!;
      expect(Number(row['Requests/s'])).toBeCloseTo(entry.count / seconds, 9);
      expect(Number(row['Average Content Size'])).toBe(entry.decodedBytes / entry.count);
    }
  });
});

/** Every percentile cell of a row that has them lies within the row's own Min and Max columns. */
function outOfBounds(table: Row[], min: string, max: string): string[] {
  const wrong: string[] = [];
  for (const row of table) {
    if (row[min] === 'N/A' || Number(row[max]) === 0) continue;
    for (const column of PCT) {
      const cell = row[column];
      if (cell === 'N/A' || cell === '0') continue; // N/A: not known; 0: no request in the window
      if (Number(cell) < Number(row[min]) || Number(cell) > Number(row[max])) wrong.push(`${row.Name} ${column}=${cell} not in [${row[min]}, ${row[max]}]`);
    }
  }
  return wrong;
}

describe('percentile columns of recorded runs', () => {
  for (const run of ['mixed-run', 'faulty-run']) {
    it(`never fall outside Min and Max in ${run}'s stats and stats_history, Aggregated included`, async () => {
      const summary = JSON.parse(await readFile(`test/golden/${run}.summary.json`, 'utf8'));
      const stats = rows(statsCsv(summary));
      // A Max below its next whole ms (225.919), where rounding a percentile up would pass it.
      expect(stats.some((r) => Math.round(Number(r['Max Response Time'])) > Number(r['Max Response Time']))).toBe(true);
      expect(outOfBounds(stats, 'Min Response Time', 'Max Response Time')).toEqual([]);
      for (const full of [false, true]) {
        expect(outOfBounds(rows(historyCsv(summary, full)), 'Total Min Response Time', 'Total Max Response Time')).toEqual([]);
      }
    });
  }
});

describe('_stats_history.csv', () => {
  const summary = makeSummary();

  it('gives the average content size so far on each row, as Locust does', () => {
    const s = makeSummary();
    // Give every interval a known decoded size: 100 bytes per request in the first, 300 after.
    s.timeSeries.points.forEach((p, i) => (p.decodedBytes = p.requests * (i === 0 ? 100 : 300)));
    const table = rows(historyCsv(s, false));
    const [first, second] = s.timeSeries.points;
    expect(Number(table[0]['Total Average Content Size'])).toBe(first.requests > 0 ? 100 : 0);
    const expected = (first.requests * 100 + second.requests * 300) / (first.requests + second.requests);
    expect(Number(table[1]['Total Average Content Size'])).toBeCloseTo(expected, 9);
  });

  it('has one Aggregated row per interval by default, with cumulative totals and percentiles', () => {
    const table = rows(historyCsv(summary, false));
    const points = summary.timeSeries.points;
    expect(table).toHaveLength(points.length);
    expect(table.every((r) => r.Name === 'Aggregated' && r.Type === '')).toBe(true);
    expect(table.map((r) => Number(r.Timestamp))).toEqual(points.map((p) => Math.floor((p.t + 1000) / 1000)));
    // Locust writes the users of the moment a row is written: the interval's end, i.e. the next point's.
    expect(table[2]['User Count']).toBe(String(points[3].users + points[3].browserUsers));
    const last = table[table.length - 1];
    expect(Number(last['Total Request Count'])).toBe(summary.aggregate.count);
    expect(Number(last['Total Failure Count'])).toBe(summary.aggregate.failures);
    const stats = rows(statsCsv(summary)).at(-1)!;
    for (const c of PCT) expect(last[c]).toBe(stats[c]);
    expect(last['Total Max Response Time']).toBe(stats['Max Response Time']);
    expect(last['Total Median Response Time']).toBe(stats['Median Response Time']);
    // Cumulative after the third interval: the first three interval histograms added up.
    const three = hdr.build();
    for (const p of points.slice(0, 3)) three.add(hdr.decodeFromCompressedBase64(p.histogram));
    expect(table[2]['95%']).toBe(String(Math.round(three.getValueAtPercentile(95) / 1000)));
    expect(Number(table[2]['Total Request Count'])).toBe(three.totalCount);
  });

  it('formats Requests/s and Failures/s like "{:2f}" and averages them over the last 10 s as Locust does', () => {
    const table = rows(historyCsv(summary, false));
    for (const r of table) expect(r['Requests/s']).toMatch(/^\d+\.\d{6}$/);
    const i = 15;
    const window = summary.timeSeries.points.slice(i - 9, i + 1);
    const expected = window.reduce((a, p) => a + p.requests, 0) / 10;
    expect(table[i]['Requests/s']).toBe(expected.toFixed(6));
    const failures = window.reduce((a, p) => a + p.failures, 0);
    expect(failures).toBeGreaterThan(0);
    expect(table[i]['Failures/s']).toBe((failures / 10).toFixed(6));
  });

  it('with full history adds every name, with windowed percentiles when histograms are there', () => {
    const exact = makeSummary({ perNameHistograms: true });
    const table = rows(historyCsv(exact, true));
    const perInterval = exact.stats.length + 1;
    expect(table).toHaveLength(exact.timeSeries.points.length * perInterval);
    const at = 20;
    const block = table.slice(at * perInterval, (at + 1) * perInterval);
    expect(block.at(-1)!.Name).toBe('Aggregated');
    const entry = exact.stats.find((s) => s.type === 'POST')!;
    const row = block.find((r) => r.Type === 'POST')!;
    const window = hdr.build();
    for (const p of exact.timeSeries.points.slice(at - 9, at + 1)) {
      const point = p.byName[`POST ${entry.name}`] as { histogram?: string };
      window.add(hdr.decodeFromCompressedBase64(point.histogram!));
    }
    expect(row['99%']).toBe(String(Math.round(window.getValueAtPercentile(99) / 1000)));
    expect(row['50%']).toBe(String(Math.round(window.getValueAtPercentile(50) / 1000)));
    // Windowed aggregate percentiles differ from the cumulative ones of the default file.
    const aggWindow = hdr.build();
    for (const p of exact.timeSeries.points.slice(at - 9, at + 1)) aggWindow.add(hdr.decodeFromCompressedBase64(p.histogram));
    expect(block.at(-1)!['95%']).toBe(String(Math.round(aggWindow.getValueAtPercentile(95) / 1000)));
    expect(block.find((r) => r.Type === 'DELETE')!['50%']).toBe('N/A');
  });

  it('without per-name histograms writes the known p50/p95/p99 and N/A for what the summary cannot tell', () => {
    const table = rows(historyCsv(summary, true));
    const posts = table.filter((r) => r.Type === 'POST');
    const row = posts.at(-1)!;
    const points = summary.timeSeries.points.slice(-10).map((p) => p.byName[`POST ${summary.stats.find((s) => s.type === 'POST')!.name}`]);
    const weighted = points.reduce((a, p) => a + p.p95! * p.requests, 0) / points.reduce((a, p) => a + p.requests, 0);
    expect(row['95%']).toBe(String(Math.round(weighted)));
    expect([row['66%'], row['99.9%'], row['Total Median Response Time'], row['Total Max Response Time']]).toEqual(['N/A', 'N/A', 'N/A', 'N/A']);
    expect(Number(row['Total Request Count'])).toBe(summary.stats.find((s) => s.type === 'POST')!.count);
    // The Aggregated rows keep exact figures from the aggregate histograms.
    expect(table.filter((r) => r.Name === 'Aggregated').every((r) => r['66%'] !== 'N/A')).toBe(true);
  });
});

describe('_failures.csv and _exceptions.csv', () => {
  const summary = makeSummary();
  it('writes failures with Locust-style UTC first/last seen and quoted errors', () => {
    const table = rows(failuresCsv(summary));
    expect(table).toHaveLength(1);
    expect(table[0]).toEqual({
      Method: 'GET', Name: NASTY_NAME, Error: 'HTTP 500: "Internal, Server Error"',
      Occurrences: String(summary.failures[0].occurrences),
      'First Seen': utcSeconds(summary.failures[0].firstSeen), 'Last Seen': utcSeconds(summary.failures[0].lastSeen),
    });
    expect(utcSeconds(Date.UTC(2023, 9, 1, 10, 0, 30, 999))).toBe('2023-10-01T10:00:30Z');
  });
  it('writes exceptions with a multi-line traceback and the local node', () => {
    const table = rows(exceptionsCsv(summary));
    expect(table[0]).toEqual({ Count: '2', Message: 'TypeError: x is undefined', Traceback: summary.exceptions[0].traceback, Nodes: 'local' });
  });
});

describe('Python number forms', () => {
  it('renders floats as repr() and "{:2f}" does', () => {
    expect([0, 1, 12.5, 1 / 3, 1e-5, 1.5e-7, 1e16, 123456789.125].map(pyFloatRepr))
      .toEqual(['0.0', '1.0', '12.5', '0.3333333333333333', '1e-05', '1.5e-07', '1e+16', '123456789.125']);
    expect([0, 1.5, 1 / 3, 0.0078125, 0.0234375, 12345.6789].map(pyFixed6))
      .toEqual(['0.000000', '1.500000', '0.333333', '0.007812', '0.023438', '12345.678900']);
  });

  const python = (() => {
    try {
      execFileSync('python3', ['-c', 'import csv'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!python)("matches Python's csv.writer byte for byte on the same rows", () => {
    const summary = makeSummary();
    const ours = statsCsv(summary);
    const parsed: string[][] = parse(ours);
    const script = 'import csv,sys,json,io\nrows=json.load(sys.stdin)\nb=io.StringIO()\nw=csv.writer(b)\nfor r in rows: w.writerow(r)\nsys.stdout.write(b.getvalue())';
    const out = execFileSync('python3', ['-c', script], { input: JSON.stringify(parsed) }).toString('utf8');
    expect(out).toBe(ours);
  });
});

describe('regenerating', () => {
  it('writes the same CSVs from summary.json as from the live summary', async () => {
    const summary = makeSummary();
    const dir = await mkdtemp(join(tmpdir(), 'bl-csv-'));
    const live = await writeReports(summary, join(dir, 'live'), { csvPrefix: join(dir, 'live', 'run'), html: false });
    const roundTripped = JSON.parse(JSON.stringify(summary));
    const again = await writeReports(roundTripped, join(dir, 'again'), { csvPrefix: join(dir, 'again', 'run'), html: false });
    expect(live).toHaveLength(4);
    for (let i = 0; i < live.length; i++) {
      expect(await readFile(again[i], 'utf8')).toBe(await readFile(live[i], 'utf8'));
    }
  });
});

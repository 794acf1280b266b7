/**
 * `_stats_history.csv` at its edges: a series interval longer than Locust's 10 s window, names
 * missing from some intervals, series without per-name or aggregate histograms, and the last
 * row's user count. Pure unit tests over historyCsv.
 */
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { historyCsv } from '../../src/report/csv/history.js';
import type { SeriesNamePoint, Summary } from '../../src/schema/summary.js';
import { makeSummary } from './fixtures.js';

type Row = Record<string, string>;
const rows = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });
const POST = (s: Summary): string => `POST ${s.stats.find((e) => e.type === 'POST')!.name}`;

describe('a series interval longer than the 10 s window', () => {
  it('takes each row over its own interval alone', () => {
    const s = makeSummary();
    s.timeSeries.intervalMs = 30_000;
    const table = rows(historyCsv(s, false));
    s.timeSeries.points.forEach((p, i) => {
      expect(table[i]['Requests/s']).toBe((p.requests / 30).toFixed(6));
      expect(table[i].Timestamp).toBe(String(Math.floor((p.t + 30_000) / 1000)));
    });
  });
});

describe('the user count', () => {
  it("is the last interval's own on the last row", () => {
    const s = makeSummary();
    const last = s.timeSeries.points.at(-1)!;
    last.users = 7;
    expect(rows(historyCsv(s, false)).at(-1)!['User Count']).toBe(String(7 + last.browserUsers));
  });
});

describe('a name missing from some intervals', () => {
  it('counts no requests there, and takes the window percentiles from the intervals that had some', () => {
    const s = makeSummary({ perNameHistograms: true });
    const key = POST(s);
    const at = 20;
    const points = s.timeSeries.points;
    delete points[at - 2].byName[key];
    const perInterval = s.stats.length + 1;
    const table = rows(historyCsv(s, true));
    const row = table.slice(at * perInterval, (at + 1) * perInterval).find((r) => r.Type === 'POST')!;
    const window = hdr.build();
    for (const p of points.slice(at - 9, at + 1)) {
      const point = p.byName[key] as (SeriesNamePoint & { histogram?: string }) | undefined;
      if (point) window.add(hdr.decodeFromCompressedBase64(point.histogram!));
    }
    expect(row['50%']).toBe(String(Math.round(window.getValueAtPercentile(50) / 1000)));
    expect(row['66%']).toBe(String(Math.round(window.getValueAtPercentile(66) / 1000)));
    const total = points.slice(0, at + 1).reduce((n, p) => n + (p.byName[key]?.requests ?? 0), 0);
    expect(row['Total Request Count']).toBe(String(total));
  });
});

describe('per-name points without histograms', () => {
  it("weights each interval's p50, p95 and p99 by its requests, leaving out unknown figures", () => {
    const s = makeSummary();
    const key = POST(s);
    const window = s.timeSeries.points.slice(-10).map((p) => p.byName[key]);
    window[9].p95 = null;
    const weighted = (pick: (p: SeriesNamePoint) => number | null): number => {
      const known = window.filter((p) => pick(p) !== null && p.requests > 0);
      return known.reduce((a, p) => a + pick(p)! * p.requests, 0) / known.reduce((a, p) => a + p.requests, 0);
    };
    const row = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST').at(-1)!;
    expect(row['50%']).toBe(String(Math.round(weighted((p) => p.p50))));
    expect(row['95%']).toBe(String(Math.round(weighted((p) => p.p95))));
    expect(row['99%']).toBe(String(Math.round(weighted((p) => p.p99))));
    expect([row['75%'], row['98%'], row['100%']]).toEqual(['N/A', 'N/A', 'N/A']);
  });

  it('writes 0 in every column for a window without requests', () => {
    const s = makeSummary();
    const key = POST(s);
    const points = s.timeSeries.points;
    for (const p of points.slice(-10)) p.byName[key] = { ...p.byName[key], requests: 0, p50: 999, p95: 999, p99: 999 };
    const row = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST').at(-1)!;
    expect([row['Requests/s'], row['50%'], row['95%'], row['99%'], row['66%']]).toEqual(['0.000000', '0', '0', '0', '0']);
    expect(row['Total Request Count']).toBe(String(points.slice(0, -10).reduce((n, p) => n + p.byName[key].requests, 0)));
  });

  it('leaves out the figures of intervals without requests, and writes 0 where no interval knows one', () => {
    const s = makeSummary();
    const key = POST(s);
    const window = s.timeSeries.points.slice(-10);
    window[0].byName[key] = { ...window[0].byName[key], requests: 0, p95: 999 };
    for (const p of window) p.byName[key].p50 = null;
    const counted = window.slice(1).map((p) => p.byName[key]);
    const p95 = counted.reduce((a, p) => a + p.p95! * p.requests, 0) / counted.reduce((a, p) => a + p.requests, 0);
    const row = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST').at(-1)!;
    expect([row['50%'], row['95%']]).toEqual(['0', String(Math.round(p95))]);
  });
});

describe('an aggregate series without histograms', () => {
  it('writes 0 for the known percentiles, N/A for the others and for the latency totals', () => {
    const s = makeSummary();
    for (const p of s.timeSeries.points) p.histogram = '';
    const last = rows(historyCsv(s, false)).at(-1)!;
    expect([last['50%'], last['95%'], last['66%'], last['100%']]).toEqual(['0', '0', 'N/A', 'N/A']);
    expect([last['Total Median Response Time'], last['Total Average Response Time'], last['Total Min Response Time'], last['Total Max Response Time']]).toEqual(['N/A', 'N/A', 'N/A', 'N/A']);
    expect(last['Total Request Count']).toBe(String(s.aggregate.count));
  });
});

describe('the content size of a series without decoded bytes', () => {
  it("is the run's average on every row of a name, also where the name had no point", () => {
    const s = makeSummary();
    const key = POST(s);
    const entry = s.stats.find((e) => e.type === 'POST')!;
    delete s.timeSeries.points[5].byName[key];
    const posts = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST');
    const average = String(entry.decodedBytes / entry.count);
    expect(posts.map((r) => r['Total Average Content Size'])).toEqual(posts.map(() => (average.includes('.') ? average : `${average}.0`)));
    expect(rows(historyCsv(s, false)).at(-1)!['Total Average Content Size']).toBe(String(s.aggregate.decodedBytes / s.aggregate.count));
  });

  it('is 0 on the rows of a name before its first request', () => {
    const s = makeSummary();
    const key = POST(s);
    for (const p of s.timeSeries.points.slice(0, 3)) delete p.byName[key];
    const posts = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST');
    expect(posts.slice(0, 3).map((r) => [r['Total Request Count'], r['Total Average Content Size'], r['50%']])).toEqual([['0', '0', 'N/A'], ['0', '0', 'N/A'], ['0', '0', 'N/A']]);
  });
});

describe('the latency totals of a name before its first request', () => {
  it("are Locust's zeros, not N/A: no request is missing its latency", () => {
    const s = makeSummary();
    const key = POST(s);
    for (const p of s.timeSeries.points.slice(0, 3)) delete p.byName[key];
    const posts = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST');
    const totals = (r: Row) => [r['Total Median Response Time'], r['Total Average Response Time'], r['Total Min Response Time'], r['Total Max Response Time']];
    expect(posts.slice(0, 3).map(totals)).toEqual([0, 1, 2].map(() => ['0', '0.0', '0', '0']));
    // From its first request on, without per-name histograms, the latency is unknown.
    expect(totals(posts[3])).toEqual(['N/A', 'N/A', 'N/A', 'N/A']);
  });
});

describe('the content size of a series with decoded bytes', () => {
  it('is the average so far on every row of a name, also after an interval where the name had no point', () => {
    const s = makeSummary();
    const key = POST(s);
    for (const p of s.timeSeries.points) p.byName[key].decodedBytes = p.byName[key].requests * 250;
    delete s.timeSeries.points[5].byName[key];
    // The run's average differs, so a row that fell back to it would show.
    const entry = s.stats.find((e) => e.type === 'POST')!;
    expect(entry.decodedBytes / entry.count).not.toBe(250);
    const posts = rows(historyCsv(s, true)).filter((r) => r.Type === 'POST');
    expect(posts.map((r) => r['Total Average Content Size'])).toEqual(posts.map(() => '250.0'));
  });
});

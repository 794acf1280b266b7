/** The HTML report's connections table: the protocol rows that opened connections, TCP and TLS apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionRecorder } from '../../src/metrics/connections.js';
import { renderHtmlReport } from '../../src/report/index.js';
import type { Summary } from '../../src/schema/summary.js';

const recorded = (): Summary => JSON.parse(readFileSync('test/golden/mixed-run.summary.json', 'utf8')) as Summary;

function phases(connections: Array<[number, number]>) {
  const c = new ConnectionRecorder();
  for (const [connectUs, tlsUs] of connections) c.record(connectUs, tlsUs);
  return c.toPhases()!;
}

const section = (page: string) => /<section id="connections">(.*?)<\/section>/s.exec(page)?.[1] ?? '';

describe('the HTML report on connections', () => {
  it('lists each row\'s connections opened with its TCP connect and TLS handshake', () => {
    const summary = recorded();
    const [first, ...rest] = summary.stats;
    const withTls = { ...first, connections: phases([[400, 2500], [600, 3500]]) };
    const page = section(renderHtmlReport({ ...summary, stats: [withTls, ...rest], aggregate: { ...summary.aggregate, connections: withTls.connections } }));
    expect(page).toContain(first.name);
    const cells = [...page.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    // opened, requests, TCP p50 / p95 / max, TLS p50 / p95 / max: once for the row, once for the total.
    expect(cells.slice(0, 2)).toEqual(['2', first.count.toLocaleString('en-US')]);
    expect(cells[2]).toMatch(/^0\.\d+ \/ 0\.\d+ \/ 0\.6\d*$/);
    expect(cells[3]).toMatch(/^\d\.\d+ \/ \d\.\d+ \/ 3\.5\d*$/);
    expect(page).toContain('<tfoot>');
  });

  it('has no connections table for a summary without them (plain HTTP before they were recorded)', () => {
    expect(renderHtmlReport(recorded())).not.toContain('id="connections"');
  });
});

/** The connections a row's requests opened: kept per row beside the latency, summed into the aggregate and by merges. */
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../src/metrics/merge.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { sample } from './samples.js';

/** Per request: [connect µs, TLS µs] when it opened a connection, null on a kept-alive one. */
function recorded(name: string, requests: Array<[number, number] | null>) {
  const r = new MetricsRecorder();
  const h = r.handle('GET', 'GET', name);
  for (const opened of requests) r.record(sample(h, { latencyUs: 5000, status: 200, connectUs: opened?.[0] ?? -1, tlsUs: opened?.[1] ?? -1 }));
  return r;
}

describe('connections of a stat row', () => {
  it('counts only the requests that opened a connection, with TCP and TLS apart', () => {
    const snapshot = recorded('/a', [[1000, 3000], null, null, [2000, 4000], null]).snapshot();
    const c = snapshot.stats[0].connections!;
    expect(snapshot.stats[0].count).toBe(5);
    expect(c.opened).toBe(2);
    expect(c.connect.latency.min).toBeCloseTo(1, 2);
    expect(c.connect.latency.max).toBeCloseTo(2, 2);
    expect(c.tls!.latency.max).toBeCloseTo(4, 2);
    expect(snapshot.aggregate.connections!.opened).toBe(2);
  });

  it('has no TLS phase over plain HTTP, and no connections on a row that opened none', () => {
    const r = recorded('/plain', [[1000, -1], null]);
    const quiet = r.handle('GET', 'GET', '/kept-alive');
    r.record(sample(quiet, { latencyUs: 100, status: 200 }));
    const [kept, plain] = r.snapshot().stats;
    expect(plain.connections!.opened).toBe(1);
    expect(plain.connections!.tls).toBeUndefined();
    expect(kept.connections).toBeUndefined();
  });

  it('sums the connections of several recorders in a merge, and forgets them at a reset', () => {
    const a = recorded('/a', [[1000, 3000], null]);
    const b = recorded('/a', [[2000, 5000], [3000, 6000]]);
    const merged = mergeSnapshots([a.snapshot(), b.snapshot()]);
    expect(merged.stats[0].connections!.opened).toBe(3);
    expect(merged.stats[0].connections!.tls!.latency.max).toBeCloseTo(6, 2);
    expect(merged.aggregate.connections!.opened).toBe(3);
    a.reset();
    expect(a.snapshot().aggregate.connections).toBeUndefined();
  });
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { observation, sample } from './samples.js';

/** A real gc() even when node was not started with --expose-gc. */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function settledHeap(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

describe('recorder memory', () => {
  it('stays flat over 2 million requests to a fixed set of names', () => {
    const gc = collector();
    const clock = { t: 1_700_000_000_000 };
    const r = new MetricsRecorder({ now: () => clock.t });
    const handles = Array.from({ length: 20 }, (_, i) => r.handle(i % 2 ? 'GET' : 'POST', i % 2 ? 'GET' : 'POST', `/api/route/${i}/`));
    const headers = { contentType: 'application/json', contentEncoding: 'gzip' };
    // Latencies from 0.5 ms to ~400 ms; every 50th request fails with one of 3 errors.
    const table = Float64Array.from({ length: 4096 }, (_, k) => 500 + ((k * 7919) % 4000) ** 1.6);
    const latency = (i: number): number => table[i & 4095];
    const errors = ['HTTP 500', 'HTTP 503', 'ECONNRESET'];
    const drive = (from: number, count: number): void => {
      for (let i = from; i < from + count; i++) {
        if (i % 100 === 0) clock.t += 1; // 100,000 requests per second of fake time
        const h = handles[i % 20];
        r.observeResponse(observation(h, headers, { wireBytes: 300, decodedBytes: 1200 }));
        if (i % 50 === 0) r.record(sample(h, { latencyUs: latency(i), status: 500, wireBytes: 100, decodedBytes: 100, error: errors[i % 3] }));
        else r.record(sample(h, { latencyUs: latency(i), uncorrectedUs: latency(i + 1), wireBytes: 300, decodedBytes: 1200 }));
      }
    };

    drive(0, 1_000_000); // warm: every histogram window and map has reached its size
    const warm = settledHeap(gc);
    drive(1_000_000, 1_000_000);
    const after = settledHeap(gc);

    expect(r.totalRequests).toBe(2_000_000);
    // Only the 10 new time-series points may grow it (a few KB each); per-request storage
    // would cost at least 8 bytes x 1,000,000 = 8 MB.
    expect(after - warm).toBeLessThan(1_500_000);
    const s = r.snapshot(clock.t);
    expect(s.series.length).toBe(21);
    expect(s.failures).toHaveLength(6); // 2 names x 3 errors
  });
});

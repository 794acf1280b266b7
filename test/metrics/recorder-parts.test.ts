/**
 * The recorder's small parts on their own: a connection recorder's TLS phase (a handshake of 0 µs,
 * none over plain HTTP, none after a reset), the blank sample users fill, the recorded form of a
 * fault, and the coarse clock of the per-request path.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_RESOLUTION_MS, startCoarseClock } from '../../src/metrics/clock.js';
import { ConnectionRecorder } from '../../src/metrics/connections.js';
import { FAULT_NAMES, namedFault } from '../../src/metrics/fault-names.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import { newSample } from '../../src/metrics/types.js';

describe('a connection recorder', () => {
  it('keeps a TLS handshake of 0 µs as a TLS phase', () => {
    const c = new ConnectionRecorder();
    c.record(1000, 0);
    expect(c.toPhases()).toMatchObject({ opened: 1, tls: { latency: { count: 1, min: 0 } } });
  });

  it('has no TLS histogram at all over plain HTTP (a TLS time of -1)', () => {
    const c = new ConnectionRecorder();
    c.record(1000, -1);
    expect(c.tls).toBeNull();
    expect(c.toPhases()).toEqual({ opened: 1, connect: expect.anything() });
  });

  it('forgets its connections at a reset: no TLS phase after it until a handshake is recorded again', () => {
    const c = new ConnectionRecorder();
    c.record(1000, 2000);
    c.reset();
    expect(c.toPhases()).toBeUndefined();
    c.record(1500, -1);
    const phases = c.toPhases();
    expect(phases).toMatchObject({ opened: 1, connect: { latency: { count: 1 } } });
    expect(phases).not.toHaveProperty('tls');
  });
});

describe('a blank sample', () => {
  it('records a request of no latency, status or bytes: counted, with nothing in its histograms', () => {
    const r = new MetricsRecorder({ now: () => 1_700_000_000_000 });
    const h = r.handle('GET', 'GET', '/blank');
    r.record(newSample(h));
    const [e] = r.snapshot().stats;
    expect(e).toMatchObject({ count: 1, failures: 0, wireBytes: 0, decodedBytes: 0 });
    expect(e.latency.count).toBe(0);
    expect(e).not.toHaveProperty('uncorrectedLatency');
    expect(r.snapshot().statusCodes).toEqual({ '0': 1 });
  });
});

describe('a fault’s recorded form', () => {
  it('is its short name with the raw code in parentheses', () => {
    expect(namedFault('refused', 'ECONNREFUSED')).toBe('connection refused (ECONNREFUSED)');
    expect(namedFault('refused', 'net::ERR_CONNECTION_REFUSED')).toBe(`${FAULT_NAMES.refused} (net::ERR_CONNECTION_REFUSED)`);
  });
});

describe('the coarse clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the wall clock, refreshed every few milliseconds, from its first start', async () => {
    // A fresh instance of the module: this thread's clock may have been started by another test.
    vi.resetModules();
    const fresh = await import('../../src/metrics/clock.js');
    const now = fresh.startCoarseClock();
    expect(now).toBe(fresh.coarseNow);
    const before = now();
    // The refresh lags by however long this machine keeps the loop from it: a minute is generous.
    expect(Math.abs(before - Date.now())).toBeLessThan(60_000);
    await sleep(CLOCK_RESOLUTION_MS * 5);
    const deadline = Date.now() + 10_000;
    while (now() === before && Date.now() < deadline) await sleep(CLOCK_RESOLUTION_MS);
    expect(now()).toBeGreaterThan(before);
  });

  it('starts its timer once per thread, however often it is asked to start', () => {
    startCoarseClock();
    // Timers made from here on are fake, and counted: a second timer would be one of them.
    vi.useFakeTimers({ toFake: ['setInterval'] });
    startCoarseClock();
    startCoarseClock();
    expect(vi.getTimerCount()).toBe(0);
  });
});

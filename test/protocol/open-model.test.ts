/**
 * The open model keeps its schedule while the server stalls and times latency from the intended
 * start, so the stall shows in the tail; the uncorrected latency (from the real send) hides it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { urlFlow } from '../../src/flow-api/load.js';
import { runLoadTest } from '../../src/runner/run.js';
import { startDemoTarget } from '../../src/target/server.js';
import { tempDir } from '../helpers.js';

const STALL_MS = 1000;
const EVERY_S = 5;
let target: Awaited<ReturnType<typeof startDemoTarget>>;

beforeAll(async () => {
  target = await startDemoTarget({ port: 0, stall: { ms: STALL_MS, everySeconds: EVERY_S } });
});
afterAll(async () => {
  await target?.close();
});

describe('open model against a stalling server', () => {
  it('shows the stall in the corrected p99 (analytic value within 10 %), not in the uncorrected one', async () => {
    const config = buildRunConfig(
      { host: target.url, arrivalRate: '100', maxUsers: '2', runTime: '10s', browserUsers: '0', quiet: true, resultsDir: tempDir() },
      {},
    );
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/health']), flowSource: '--url' });
    const row = summary.stats.find((s) => s.name === '/health')!;
    // Arrivals during a stall of D every T wait for its end: a share D/T of requests with latency
    // uniform on (0, D]. So P(latency > y) = (D/T)(1 - y/D), and p99 = D(1 - 0.01 T/D).
    const analyticP99 = STALL_MS * (1 - (0.01 * EVERY_S * 1000) / STALL_MS);
    const p99 = row.latency.percentiles['99']!;
    expect(Math.abs(p99 - analyticP99) / analyticP99).toBeLessThan(0.1);
    const uncorrectedP99 = row.uncorrectedLatency!.percentiles['99']!;
    expect(uncorrectedP99).toBeLessThan(analyticP99 / 2);
    // The schedule was kept: about 100/s for 10 s, none dropped, many started late (a stall
    // at the very end leaves arrivals unstarted, which is not dropping).
    expect(summary.openModel!.scheduled).toBeGreaterThan(900);
    expect(summary.openModel!.scheduled).toBeLessThan(1100);
    expect(summary.openModel!.dropped).toBe(0);
    expect(summary.openModel!.late).toBeGreaterThan(50);
    expect(row.count).toBe(summary.openModel!.started);
  });

  it('drops and counts arrivals once the user cap and the backlog are full', async () => {
    const config = buildRunConfig(
      { host: target.url, arrivalRate: '200', maxUsers: '1', maxBacklog: '5', runTime: '6s', browserUsers: '0', quiet: true, resultsDir: tempDir() },
      {},
    );
    const { summary } = await runLoadTest({ config, flow: urlFlow(['/health']), flowSource: '--url' });
    expect(summary.openModel!.dropped).toBeGreaterThan(0);
    expect(summary.warnings.some((w) => w.includes('dropped'))).toBe(true);
    const { started, dropped, unstartedAtStop, scheduled } = summary.openModel!;
    expect(started + dropped + unstartedAtStop).toBe(scheduled);
  });
});

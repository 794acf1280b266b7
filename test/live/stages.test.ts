/**
 * With --stages the live view's rate field follows the plan: the rate of the stage the run is in
 * (on its linear ramp), not --arrival-rate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { liveSource } from '../../src/runner/live.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { SignalWatch } from '../../src/runner/signals.js';
import type { StartedRun } from '../../src/runner/started-run.js';

let signals: SignalWatch | undefined;
afterEach(() => signals?.dispose());

describe('the live view of a run with --stages', () => {
  it('shows the current stage\'s rate in the rate field', () => {
    const config = buildRunConfig({ host: 'http://127.0.0.1:9', arrivalRate: '5', stages: '10s:25,20s:25,10s:0', browserUsers: '0' }, {});
    signals = new SignalWatch();
    const run = { startedAt: 0, protocol: null, browsers: null } as unknown as { startedAt: number };
    const source = liveSource(config, () => run as StartedRun, signals, '--url');
    const rateAfter = (seconds: number) => {
      run.startedAt = Date.now() - seconds * 1000;
      return source.status().target;
    };
    // 5/s ramping to 25/s over the first 10 s, holding 25/s, then down to 0 over the last 10 s.
    expect(rateAfter(0)).toBeCloseTo(5, 0);
    expect(rateAfter(5)).toBeCloseTo(15, 0);
    expect(rateAfter(20)).toBeCloseTo(25, 5);
    expect(rateAfter(35)).toBeCloseTo(12.5, 0);
  });
});

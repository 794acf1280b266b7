/** Samples for recorder tests: name the fields that matter; the rest is a 200 of no bytes, closed model. */
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import type { ResponseHeaderView, ResponseObservation, Sample, StatHandle } from '../../src/metrics/types.js';

export const T0 = 1_700_000_000_000;

/** A recorder on a clock the test moves (`clock.t`). */
export function clocked(start = T0, opts: { maxNames?: number; intervalMs?: number } = {}) {
  const clock = { t: start };
  const recorder = new MetricsRecorder({ now: () => clock.t, ...opts });
  return { clock, recorder };
}

export function sample(handle: StatHandle, fields: Pick<Sample, 'latencyUs'> & Partial<Omit<Sample, 'handle'>>): Sample {
  return { handle, uncorrectedUs: -1, status: 200, wireBytes: 0, decodedBytes: 0, error: null, ...fields };
}

export function observation(
  handle: StatHandle,
  headers: ResponseHeaderView,
  fields: Partial<Omit<ResponseObservation, 'handle' | 'headers'>> = {},
): ResponseObservation {
  return { handle, headers, status: 200, wireBytes: 0, decodedBytes: 0, latencyUs: -1, ...fields };
}

/**
 * A run that ends when its flow has done its work once (the audit mode), not when its time is
 * up: the time is then only a bound. What the flow measured itself rides along to the summary.
 */
import type { RepeatTiming } from '../schema/audit.js';
import type { ProbeTarget } from './audit/validators.js';

export interface OneShot {
  /** Resolves when every user has done its part; the run then stops with stoppedBy 'iterations'. */
  done: Promise<void>;
  /** Each route's first call timed against its conditional repeat, as the flow saw them. */
  repeats: RepeatTiming[];
  /** Decoded bodies of the first calls by route name, so the audit re-gzips them. */
  bodies: Map<string, Buffer>;
  /** The GETs whose first answer carried a validator, for the validator probe after the run. */
  probeTargets: ProbeTarget[];
}

/** Think-time helpers with Locust's meaning (wait_time = between / constant / constant_pacing). */
import type { WaitTime } from './api.js';

/** A uniformly random wait between min and max seconds. */
export function between(minSeconds: number, maxSeconds: number): WaitTime {
  if (!(minSeconds >= 0) || !(maxSeconds >= minSeconds)) {
    throw new RangeError(`between(${minSeconds}, ${maxSeconds}): need 0 <= min <= max`);
  }
  return {
    kind: 'between',
    describe: `between(${minSeconds}, ${maxSeconds})`,
    next: (_taskSeconds, random) => minSeconds + random() * (maxSeconds - minSeconds),
  };
}

/** The same wait after every task. */
export function constant(seconds: number): WaitTime {
  if (!(seconds >= 0)) throw new RangeError(`constant(${seconds}): need seconds >= 0`);
  return { kind: 'constant', describe: `constant(${seconds})`, next: () => seconds };
}

/** Each task plus its wait takes `seconds` in all (Locust's constant_pacing); no wait when late. */
export function pacing(seconds: number): WaitTime {
  if (!(seconds > 0)) throw new RangeError(`pacing(${seconds}): need seconds > 0`);
  return {
    kind: 'pacing',
    describe: `pacing(${seconds})`,
    next: (taskSeconds) => Math.max(0, seconds - taskSeconds),
  };
}

/**
 * undici parses HTTP with llhttp, a WebAssembly module that V8 first compiles with its baseline
 * compiler (Liftoff) and, once its main function (33 KB of wasm) has run a little, compiles again
 * with TurboFan on a background thread. Measured here that costs 0.1–0.2 CPU-s, after the first
 * few responses: as much as the rest of a 1 s run of one user, which never pays it back. With a
 * budget 1,000× V8's default the tier-up comes after some 250 responses instead, so a short or
 * light run keeps the baseline code and a loaded run still gets TurboFan's within its first
 * fraction of a second. The flag is process-wide (worker threads too) and read when llhttp is
 * instantiated, so it is set before the run's first request (the reachability check).
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--wasm-tiering-budget';
/** V8's default is 1,800,000; the flag is a 32-bit int. */
const DEFERRED_BUDGET = 2_000_000_000;

/** Unless the user tuned the flag (node's own command line), defers llhttp's TurboFan compile. */
export function deferParserTierUp(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.replaceAll('_', '-').startsWith(FLAG))) return;
  setFlagsFromString(`${FLAG}=${DEFERRED_BUDGET}`);
}

/**
 * A coarse wall clock for the per-request path. Reading the clock costs ~150 ns on this kind of
 * machine (Date.now and performance.now alike), more than recording a request; timestamps of
 * samples only need to be good to a few milliseconds (first/last seen, which 1 s interval).
 * The cached time is refreshed every CLOCK_RESOLUTION_MS by one unref'd timer per thread, so it
 * also lags by however long the event loop is busy: samples recorded in one busy turn share it.
 */
export const CLOCK_RESOLUTION_MS = 10;

let cached = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function refresh(): void {
  cached = Date.now();
}

/** Epoch milliseconds, at most CLOCK_RESOLUTION_MS (plus event-loop lag) behind Date.now(). */
export function coarseNow(): number {
  return cached;
}

/** Starts the refreshing timer (once per thread); it never keeps the process alive. */
export function startCoarseClock(): () => number {
  if (timer === null) {
    refresh();
    timer = setInterval(refresh, CLOCK_RESOLUTION_MS);
    timer.unref();
  }
  return coarseNow;
}

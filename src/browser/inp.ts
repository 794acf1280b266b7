/**
 * Interaction to Next Paint of scripted interactions, from the Event Timing API. The observer
 * is installed in every page at its start (an init script), since the buffered `event` entries
 * a late observer gets are only those of 104 ms and more; with `durationThreshold: 16` it sees
 * every interaction that took a frame or longer. Entries group by `interactionId` (a click's
 * pointerdown, pointerup and click share one); an interaction lasts as long as its longest entry.
 *
 * INP, as web-vitals computes it: the worst interaction when there are fewer than 50, otherwise
 * one worst interaction is left out per 50 (a high percentile). No interaction: null (missing),
 * never 0.
 */
import type { Page } from 'playwright';
import { within } from './bounded.js';

/** Kept as source text: a serialised function could reference tsx's helpers, absent in the page. */
export const INP_OBSERVER_SCRIPT = `(() => {
  try {
    const store = { durations: new Map() };
    const keep = (list) => {
      for (const e of list) {
        if (!e.interactionId) continue;
        const was = store.durations.get(e.interactionId) || 0;
        if (e.duration > was) store.durations.set(e.interactionId, e.duration);
      }
    };
    const observer = new PerformanceObserver((l) => keep(l.getEntries()));
    observer.observe({ type: 'event', buffered: true, durationThreshold: 16 });
    store.flush = () => { keep(observer.takeRecords()); return [...store.durations.values()]; };
    Object.defineProperty(window, '__browseLoadInteractions', { value: store, enumerable: false });
  } catch (e) {}
})();`;

/**
 * Entries are queued after the interaction's next paint: wait for two frames (bounded), then
 * take what the observer holds. Resolves to each interaction's duration in ms.
 */
const READ = `new Promise((resolve) => {
  const store = window.__browseLoadInteractions;
  if (!store) { resolve([]); return; }
  let done = false;
  const finish = () => { if (!done) { done = true; resolve(store.flush()); } };
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(finish, 0)));
  setTimeout(finish, 200);
})`;

/** How long reading the interactions may take before the page counts as stuck (INP missing). */
const READ_LIMIT_MS = 1000;

/** INP from each interaction's duration (ms); null without interactions. */
export function interactionToNextPaint(durations: readonly number[]): number | null {
  if (durations.length === 0) return null;
  const worstFirst = [...durations].sort((a, b) => b - a);
  return worstFirst[Math.min(Math.floor(durations.length / 50), worstFirst.length - 1)];
}

/** The INP of the page's current document; null without interactions or when it cannot be read. */
export async function readInp(page: Page): Promise<number | null> {
  if (page.isClosed()) return null;
  // A page whose main thread is stuck (a script that never yields) never answers: given up on.
  // null from the read: the page navigated or closed while reading, its interactions gone with it.
  const durations = await within(page.evaluate(READ) as Promise<number[]>, READ_LIMIT_MS, null);
  return durations === null ? null : interactionToNextPaint(durations);
}

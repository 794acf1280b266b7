/**
 * How one run's protocol users split over N parts (worker threads now, weighted shards later),
 * after k6's execution segments: each part owns a stripe of the global plan, not a block, so every
 * part ramps and arrives evenly over the whole run and the union of the parts is exactly the plan
 * of one thread. Closed model: global user k (0-based) belongs to part k mod N and starts at the
 * global ramp's time for k. Open model: every part computes the global arrival schedule and keeps
 * arrival j when j mod N is its own. Caps (--max-users, the backlog) divide the same way, so the
 * parts' shares add up to the cap exactly. Pure: no clocks, no threads.
 */

/** Part `index` of `count` (0 ≤ index < count). */
export interface Part {
  readonly index: number;
  readonly count: number;
}

/** The whole plan in one part: the one-thread run. */
export const WHOLE: Part = { index: 0, count: 1 };

export function isWhole(part: Part): boolean {
  return part.count === 1;
}

/** Whether global item j (a user number or an arrival number, 0-based) belongs to the part. */
export function owns(part: Part, j: number): boolean {
  return j % part.count === part.index;
}

/** How many of the global items 0 … total-1 belong to the part (the shares add up to total). */
export function shareOf(part: Part, total: number): number {
  if (total <= part.index) return 0;
  return Math.floor((total - 1 - part.index) / part.count) + 1;
}

/** The global number of the part's local item i (0-based): its i-th user of the plan. */
export function globalNumber(part: Part, local: number): number {
  return local * part.count + part.index;
}

/**
 * Closed model: how many users of the global plan are due `elapsedS` after the start at `spawnRate`
 * users a second, capped at `users`. User k is due at k / spawnRate: the first starts at once.
 */
export function dueUsers(users: number, spawnRate: number, elapsedS: number): number {
  return Math.min(users, Math.floor(elapsedS * spawnRate) + 1);
}

/** When global user k starts, in seconds after the run's start (the inverse of dueUsers). */
export function spawnTimeS(k: number, spawnRate: number): number {
  return k / spawnRate;
}

/** Every part of a count-way split. */
export function partsOf(count: number): Part[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a split needs a whole number of parts ≥ 1, got ${count}`);
  return Array.from({ length: count }, (_, index) => ({ index, count }));
}

/**
 * How one run's protocol users split over parts: worker threads, shards (--shard I/N, weighted by
 * --shard-weights), and worker threads of a shard, after k6's execution segments. Each part owns a
 * stripe of the global plan, not a block, so every part ramps and arrives evenly over the whole run
 * and the union of the parts is exactly the one-thread plan.
 *
 * The stripe: a cycle of W = sum of the weights slots, part i owning w_i of them, spread evenly (each
 * slot goes to the part furthest behind its share w_i / W so far; ties to the lower index). Global item
 * j (a user number or an arrival number, 0-based) belongs to the part owning slot j mod W. With equal
 * weights slot k is part k's, so item j goes to part j mod N. Closed model: each part starts its users
 * when the global ramp reaches them. Open model: every part computes the global arrival schedule and
 * keeps its stripe. Caps (--max-users, the backlog) divide the same way, so the shares add up exactly.
 * A part can split the items of an outer part again (`of`): a worker thread of a shard numbers the
 * shard's items 0, 1, … and takes its stripe of those, so two levels stay exact. Pure: no clocks.
 */

/** Part `index` of `count` (0 ≤ index < count), a plain record (it crosses to worker threads). */
export interface Part {
  readonly index: number;
  readonly count: number;
  /** The parts' relative shares, whole numbers ≥ 1 (default: all 1, equal stripes). */
  readonly weights?: readonly number[];
  /** The part whose items this part splits again (a worker thread of a shard); default the whole plan. */
  readonly of?: Part;
}

/** The whole plan in one part: the one-thread run. */
export const WHOLE: Part = { index: 0, count: 1 };

export function isWhole(part: Part): boolean {
  return part.count === 1 && (part.of === undefined || isWhole(part.of));
}

/** The cycle of a level: its length and, per part, the slots it owns in increasing order. */
interface Cycle {
  readonly length: number;
  readonly slotsOf: readonly (readonly number[])[];
  readonly ownerOf: readonly number[];
}

const cycles = new Map<string, Cycle>();
/** By the part itself too: the executors ask per iteration and per arrival, and a key costs a join. */
const cycleByPart = new WeakMap<Part, Cycle>();

function weightsOf(part: Part): readonly number[] {
  return part.weights ?? Array.from({ length: part.count }, () => 1);
}

function cycleOf(part: Part): Cycle {
  const mine = cycleByPart.get(part);
  if (mine !== undefined) return mine;
  const weights = weightsOf(part);
  const key = weights.join(',');
  const known = cycles.get(key);
  // Stryker disable next-line BlockStatement: the cache only saves the work; the cycle made again is the same
  if (known !== undefined) {
    cycleByPart.set(part, known);
    return known;
  }
  // Each slot to the part furthest behind its weight's share of the cycle so far (ties: lower index).
  const total = weights.reduce((a, b) => a + b, 0);
  const given = weights.map(() => 0);
  const ownerOf: number[] = [];
  for (let slot = 1; slot <= total; slot++) {
    let owner = 0;
    let behind = -Infinity;
    weights.forEach((w, i) => {
      const deficit = (slot * w) / total - given[i];
      // Stryker disable next-line EqualityOperator: >= differs only where a deficit exceeds the best by exactly 1e-12, which the slot fractions never do
      if (deficit > behind + 1e-12) [owner, behind] = [i, deficit];
    });
    given[owner]++;
    ownerOf.push(owner);
  }
  const slotsOf = weights.map((_, owner) => ownerOf.flatMap((o, slot) => (o === owner ? [slot] : [])));
  const cycle = { length: ownerOf.length, slotsOf, ownerOf };
  cycles.set(key, cycle);
  cycleByPart.set(part, cycle);
  return cycle;
}

/** Of the items 0 … total-1 of this level, how many the part owns. */
function levelShare(part: Part, total: number): number {
  const cycle = cycleOf(part);
  const mine = cycle.slotsOf[part.index];
  const rest = total % cycle.length;
  // The part's slots in the cycle's last, partial round (slots in increasing order).
  let partial = 0;
  for (const slot of mine) {
    if (slot >= rest) break;
    partial++;
  }
  return Math.floor(total / cycle.length) * mine.length + partial;
}

/** Whether global item j (a user number or an arrival number, 0-based) belongs to the part. */
export function owns(part: Part, j: number): boolean {
  if (part.of !== undefined && !owns(part.of, j)) return false;
  // Within the outer part, item j is its local item number (how many of its items precede j).
  const local = part.of === undefined ? j : shareOf(part.of, j);
  const cycle = cycleOf(part);
  return cycle.ownerOf[local % cycle.length] === part.index;
}

/** How many of the global items 0 … total-1 belong to the part (the shares add up to total). */
export function shareOf(part: Part, total: number): number {
  return levelShare(part, part.of === undefined ? total : shareOf(part.of, total));
}

/** The global number of the part's local item i (0-based): its i-th user of the plan. */
export function globalNumber(part: Part, local: number): number {
  const cycle = cycleOf(part);
  const mine = cycle.slotsOf[part.index];
  const inOuter = Math.floor(local / mine.length) * cycle.length + mine[local % mine.length];
  return part.of === undefined ? inOuter : globalNumber(part.of, inOuter);
}

/** `inner` splitting the items of `outer` (a worker thread of a shard); the whole outer changes nothing. */
export function within(outer: Part, inner: Part): Part {
  if (isWhole(outer)) return inner;
  return { ...inner, of: inner.of === undefined ? outer : within(outer, inner.of) };
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

/** Every part of a count-way split, weighted when weights are given (one per part). */
export function partsOf(count: number, weights?: readonly number[]): Part[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a split needs a whole number of parts ≥ 1, got ${count}`);
  if (weights !== undefined && (weights.length !== count || weights.some((w) => !Number.isInteger(w) || w < 1))) {
    throw new RangeError(`a split of ${count} parts needs ${count} whole weights ≥ 1, got ${weights.join(',')}`);
  }
  return Array.from({ length: count }, (_, index) => (weights === undefined ? { index, count } : { index, count, weights }));
}

/** Task selection: tag filtering (Locust's -T/-E) and weighted picks without per-pick allocation. */
import type { Task } from '../flow-api/api.js';
import { UsageError } from '../errors.js';

export function filterTasks(tasks: readonly Task[], include: readonly string[], exclude: readonly string[]): Task[] {
  const kept = tasks.filter((task) => {
    // Stryker disable next-line ArrayDeclaration: an untagged task matches no filter; a tag no filter names acts alike
    const tags = task.tags ?? [];
    if (include.length > 0 && !tags.some((tag) => include.includes(tag))) return false;
    return !tags.some((tag) => exclude.includes(tag));
  });
  if (kept.length === 0) {
    throw new UsageError(`no task left after tag filters (--tags ${include.join(',') || '-'}, --exclude-tags ${exclude.join(',') || '-'})`);
  }
  return kept;
}

/** Picks tasks by weight with a cumulative table and binary search. */
export class WeightedPicker<T extends { weight?: number }> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(private readonly items: readonly T[]) {
    let sum = 0;
    for (const item of items) {
      const weight = item.weight ?? 1;
      if (!(weight >= 0)) throw new UsageError(`task weight must be >= 0, got ${weight}`);
      sum += weight;
      this.cumulative.push(sum);
    }
    if (!(sum > 0)) throw new UsageError('task weights add up to 0: no task can run');
    this.total = sum;
  }

  pick(random: () => number): T {
    const target = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

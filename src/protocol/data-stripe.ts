/**
 * A thread's stripe of the flow's feeds (src/flow-api/feed.ts): the same split as its users and
 * arrivals (split.ts), so that over the shards × worker threads of a run each feed row belongs to
 * exactly one thread. The thread's users share its cursor per feed and take the rows in turn, so
 * over users too each row is used once per pass, whichever user is free first.
 */
import type { DataStripe, RowTake } from '../flow-api/api.js';
import { type Part, WHOLE, globalNumber, shareOf } from './split.js';

export class PartStripe implements DataStripe {
  /** Rows taken so far per feed, over every pass. */
  private readonly taken = new WeakMap<object, number>();

  constructor(private readonly part: Part = WHOLE) {}

  take(feed: object, length: number): RowTake | null {
    const share = shareOf(this.part, length);
    if (share === 0) return null;
    const n = this.taken.get(feed) ?? 0;
    this.taken.set(feed, n + 1);
    return { index: globalNumber(this.part, n % share), pass: Math.floor(n / share) };
  }
}

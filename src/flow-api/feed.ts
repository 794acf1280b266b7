/**
 * Data a flow iterates over (accounts, search words, CSV rows), striped over the run: across all
 * shards, worker threads and users every row is used once per pass, none twice, as k6's
 * SharedArray with per-VU iteration offsets or Locust's feeders are used, but exact across
 * machines without a coordinator. The split is the runner's (src/protocol/split.ts, through the
 * user's `stripe`): each thread owns a stripe of the rows, its users take them in turn.
 *
 *   const accounts = feed(rows);                  // at the flow file's top level
 *   const row = accounts.next(user);              // in a task: the next row of this part's stripe
 *   const mine = accounts.of(user);               // the user's own row, by its global number
 */
import type { UserContext } from './api.js';

export interface FeedOptions {
  /**
   * After its stripe's last row a thread starts the next pass (default); false: `next` gives
   * undefined after one pass, so that each row is used exactly once in the whole run.
   */
  cycle?: boolean;
}

export interface Feed<T> {
  readonly rows: readonly T[];
  /**
   * The next row of this thread's stripe (protocol users): over every shard, worker and user each
   * row once per pass. undefined when the stripe holds no row (fewer rows than shards × workers) or,
   * with `cycle: false`, after the one pass.
   */
  next(user: Pick<UserContext, 'stripe'>): T | undefined;
  /**
   * The user's own row: row (id − 1) mod rows, by the user's global number, which is the same on
   * any shard or worker (protocol and browser users alike); undefined for an empty feed.
   */
  of(user: { readonly id: number }): T | undefined;
}

export function feed<T>(rows: readonly T[], options: FeedOptions = {}): Feed<T> {
  const cycle = options.cycle ?? true;
  const self: Feed<T> = {
    rows,
    next(user) {
      const taken = user.stripe.take(self, rows.length);
      if (taken === null || (!cycle && taken.pass > 0)) return undefined;
      return rows[taken.index];
    },
    of(user) {
      return rows.length === 0 ? undefined : rows[(user.id - 1) % rows.length];
    },
  };
  return self;
}

/**
 * Feeds (flow data) striped by the run's split: over N shards × W worker threads × the users of
 * each thread, every row is used exactly once per pass, none twice, with equal and random weights.
 */
import { describe, expect, it } from 'vitest';
import type { UserContext } from '../../src/flow-api/api.js';
import { feed } from '../../src/flow-api/feed.js';
import { PartStripe } from '../../src/protocol/data-stripe.js';
import { partsOf, within } from '../../src/protocol/split.js';
import { seededRandom } from '../../src/random.js';

const random = seededRandom(5);
const randomWeights = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(random() * 4));

type StripedUser = Pick<UserContext, 'stripe'>;

/** Every thread of an N-shard × W-worker run, each with `users` users sharing its stripe. */
function threadsOf(shards: number, workers: number, users: number, weights?: number[]): StripedUser[][] {
  return partsOf(shards, weights).flatMap((shard) =>
    partsOf(workers).map((worker) => {
      const stripe = new PartStripe(within(shard, worker));
      return Array.from({ length: users }, () => ({ stripe }));
    }),
  );
}

/** The rows a thread's users take, in turn, until `next` says its one pass is over. */
function onePass<T>(rows: ReturnType<typeof feed<T>>, users: StripedUser[]): T[] {
  const taken: T[] = [];
  for (let turn = 0; ; turn++) {
    const row = rows.next(users[turn % users.length]);
    if (row === undefined) return taken;
    taken.push(row);
  }
}

describe('feeds striped over shards × workers × users', () => {
  it('uses every row exactly once per pass for N = 1 … 16 shards × 1 … 4 workers', () => {
    for (let shards = 1; shards <= 16; shards++) {
      for (let workers = 1; workers <= 4; workers++) {
        for (const weights of [undefined, randomWeights(shards)]) {
          for (const total of [0, 1, shards * workers - 1, 97, 500]) {
            const rows = feed([...Array(total).keys()], { cycle: false });
            const threads = threadsOf(shards, workers, 1 + Math.floor(random() * 5), weights);
            const used = threads.flatMap((users) => onePass(rows, users)).sort((a, b) => a - b);
            expect(used).toEqual([...Array(total).keys()]);
          }
        }
      }
    }
  });

  it('starts the next pass with the same stripe when the feed cycles', () => {
    const rows = feed([...Array(30).keys()]);
    const threads = threadsOf(3, 2, 2);
    for (const users of threads) {
      const first = Array.from({ length: 5 }, (_, i) => rows.next(users[i % 2]));
      const second = Array.from({ length: 5 }, (_, i) => rows.next(users[i % 2]));
      expect(second).toEqual(first);
    }
    // Shard 1 of 3, worker 1 of 2: every 3rd row, every 2nd of those.
    const [[firstUser]] = threadsOf(3, 2, 1);
    expect(Array.from({ length: 5 }, () => rows.next(firstUser))).toEqual([0, 6, 12, 18, 24]);
  });

  it('gives a thread with no row of its own nothing, never another thread\'s row', () => {
    const rows = feed(['only']);
    const [first, second] = threadsOf(2, 1, 1);
    expect(rows.next(first[0])).toBe('only');
    expect(rows.next(second[0])).toBeUndefined();
  });

  it('gives each user its own row by its global number', () => {
    const accounts = feed(['a', 'b', 'c']);
    expect([1, 2, 3, 4].map((id) => accounts.of({ id }))).toEqual(['a', 'b', 'c', 'a']);
    expect(feed([]).of({ id: 1 })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/config/run-config.js';
import { browserIdsOf, shareOfShard } from '../../src/runner/browser-users.js';

const withShard = (index: number, weights: number[], users: number) =>
  ({ browser: { users, spawnRate: 1, views: ['cold'] }, shard: { index, count: weights.length, weights } }) as unknown as RunConfig;

describe('browser users over shards', () => {
  it('gives browser user b to the shard whose stripe b falls in, every user once', () => {
    for (const weights of [[1, 1, 1], [2, 1, 1], [5, 3]]) {
      for (const users of [1, 4, 10, 33]) {
        const ids = weights.map((_, index) => browserIdsOf(withShard(index, weights, users)));
        expect(ids.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: users }, (_, i) => i + 1));
        ids.forEach((mine, index) => expect(mine.length).toBe(shareOfShard(withShard(index, weights, users), users)));
      }
    }
    expect(browserIdsOf(withShard(1, [1, 1, 1], 10))).toEqual([2, 5, 8]);
  });
});

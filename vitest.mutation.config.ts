import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of the core pass (`make mutation`, stryker.config.mjs):
 * the fast unit tests over the mutated core. Left out are the files whose setup runs the demo
 * target, a whole run, the CLI, Chromium or a fault server in `beforeAll` (seconds each): Stryker
 * counts code run outside a test as covered by every test, so one such file would run the whole
 * set for most mutants. Those modules' rules have pure tests here. The HDR histogram's pass has
 * its own list (vitest.mutation-hdr.config.ts).
 */
export function mutationTests(include: string[], exclude: string[] = []): ViteUserConfig {
  return defineConfig({
    test: {
      include,
      exclude,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      // Stryker switches mutants at run time (one instrumented build): the test files of one mutant's
      // run share a worker and the modules it loaded. (Vitest 4 ends the worker with the run, so
      // each mutant still loads them once.)
      isolate: false,
    },
  });
}

export default mutationTests(
  [
    'test/metrics/histogram.test.ts',
    'test/metrics/merge.test.ts',
    'test/metrics/recorder.test.ts',
    'test/metrics/health-rules.test.ts',
    'test/metrics/recorder-limits.test.ts',
    'test/metrics/merge-edges.test.ts',
    'test/metrics/profile.test.ts',
    'test/metrics/series-rows.test.ts',
    'test/metrics/connections.test.ts',
    'test/metrics/proc-parsing.test.ts',
    'test/metrics/health-formulas.test.ts',
    'test/metrics/health-sampler.test.ts',
    'test/metrics/recorder-parts.test.ts',
    'test/metrics/recorder-edges.test.ts',
    'test/result/*.test.ts',
    'test/audit/build.test.ts',
    'test/audit/build-rows.test.ts',
    'test/audit/rows.test.ts',
    'test/audit/caching.test.ts',
    'test/audit/caching-edges.test.ts',
    'test/audit/lifetime-rules.test.ts',
    'test/audit/vary-rules.test.ts',
    'test/audit/validator-rules.test.ts',
    'test/audit/server-cache.test.ts',
    'test/audit/encoding-mismatch.test.ts',
    'test/audit/time-saved-rules.test.ts',
    'test/audit/compression.test.ts',
    'test/audit/compression-rules.test.ts',
    'test/protocol/arrivals.test.ts',
    'test/protocol/body.test.ts',
    'test/protocol/closed-spawn.test.ts',
    'test/protocol/iteration-budget.test.ts',
    'test/protocol/tasks.test.ts',
    'test/protocol/open-options.test.ts',
    'test/protocol/building-blocks.test.ts',
    'test/protocol/split.test.ts',
    'test/protocol/think-time.test.ts',
    'test/report/csv.test.ts',
    'test/config/*.test.ts',
    'test/flow-api/think.test.ts',
    'test/protocol/closed-executor.test.ts',
    'test/protocol/population.test.ts',
    'test/protocol/wait-queue.test.ts',
    'test/protocol/closed-options.test.ts',
  ],
  // revalidate.test.ts runs the demo target and a whole run.
  ['test/result/revalidate.test.ts'],
);

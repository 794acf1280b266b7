import { defineConfig } from 'vitest/config';

/**
 * Files whose assertions are about time (a CPU share, a deadline, a stall in the p99, the physics
 * of an emulated network, a view in flight, a start within 100 ms of a planned wall-clock moment,
 * users started on a ramp clock): they run after every other file, one at a time, so that the
 * suite's own parallel files never share the 2 cores with them.
 */
const TIMING = [
  'test/metrics/health.test.ts',
  'test/protocol/open-model.test.ts',
  'test/protocol/faults.test.ts',
  'test/protocol/think-time.test.ts',
  'test/browser/lifecycle.test.ts',
  'test/browser/faults.test.ts',
  'test/browser/network-profile.test.ts',
  'test/target/misconfig.test.ts',
  'test/runner/shards.test.ts',
  'test/runner/logins-before-start.test.ts',
  'test/runner/browser-ramp.test.ts',
];

// Tests start real servers and real Chromium: give them room, and keep files apart so
// two suites never load the same 2 cores at once more than needed.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // Fails the run when a test left a file in the repository's root or results/.
    globalSetup: ['test/support/stray-files.ts'],
    projects: [
      { extends: true, test: { name: 'parallel', include: ['test/**/*.test.ts'], exclude: TIMING, fileParallelism: true } },
      { extends: true, test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

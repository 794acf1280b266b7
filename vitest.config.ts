import { defineConfig } from 'vitest/config';

// Tests start real servers and real Chromium: give them room, and keep files apart so
// two suites never load the same 2 cores at once more than needed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});

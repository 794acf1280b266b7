import { mutationTests } from './vitest.mutation.config.js';

/**
 * The tests Stryker runs against each mutant of the rules' pass (stryker.rules.config.mjs): the unit
 * tests of threshold parsing and evaluation, the arrival schedule and its split, the compression
 * rules and the Locust CSVs.
 */
export default mutationTests([
  'test/config/run-config.test.ts',
  'test/result/threshold-kinds.test.ts',
  'test/result/threshold-rules.test.ts',
  'test/result/thresholds.test.ts',
  'test/protocol/arrivals.test.ts',
  'test/protocol/split.test.ts',
  'test/protocol/split-parts.test.ts',
  'test/protocol/open-executor.test.ts',
  'test/protocol/building-blocks.test.ts',
  'test/audit/compression.test.ts',
  'test/audit/compression-rules.test.ts',
  'test/report/csv.test.ts',
  'test/report/csv-cells.test.ts',
  'test/report/csv-history.test.ts',
]);

/**
 * `make mutation`, the core pass (issue 15): every mutated module except the HDR histogram and the
 * named rules, which have passes of their own (stryker.hdr.config.mjs, stryker.rules.config.mjs). Stryker's instrumentation counts, per test, every
 * expression it runs; in the histogram's loops (percentiles, decoding, bucket walks) that
 * bookkeeping made the merge and CSV tests ten times slower for every mutant of every module.
 * Equivalent mutants are disabled where they are, with a `// Stryker disable next-line <mutator>:
 * <reason>` comment. scripts/mutation.ts runs the passes; scripts/mutation-score.ts scores them.
 */

/** What the passes share: the runner, the checker, per-test coverage, reports and limits. */
export const shared = {
  packageManager: 'npm',
  testRunner: 'vitest',
  // The TypeScript checker is ours (scripts/mutation-checker.mjs): Stryker's parses its whole
  // program again for every check, and cost more CPU than the tests; ours gave the same verdicts on
  // 3,736 mutants at a tenth of the CPU. With a checker Stryker runs one test runner beside it until
  // every mutant is checked, then one per unit of concurrency.
  plugins: ['@stryker-mutator/vitest-runner', './scripts/mutation-checker.mjs'],
  checkers: ['incremental-typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'json', 'progress'],
  tempDirName: '.stryker-tmp',
  concurrency: 1,
  // On top of 1.5 times the covering tests' own time and the dry run's overhead (seconds, a vitest
  // start, in the core pass): a mutant that never ends (a loop counter turned around) waits that
  // long, and its test runner is started again after it.
  timeoutMS: 3000,
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['results', 'dist', 'coverage', '/.stryker-tmp'],
};

/** The rules' pass (stryker.rules.config.mjs) mutates these; the core pass leaves them out. */
export const RULES = [
  'src/config/thresholds.ts',
  'src/result/thresholds.ts',
  'src/protocol/open.ts',
  'src/protocol/split.ts',
  'src/audit/compression.ts',
  'src/report/csv/**/*.ts',
];

export default {
  ...shared,
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // A static mutant (code that runs only as its module loads: option tables, constants) reruns every
  // test of the pass; here that was 96 % of the time for a third of the mutants. The rules' and the
  // histogram's passes test theirs; in the rest they are counted as ignored, not as detected.
  ignoreStatic: true,
  mutate: [
    'src/metrics/**/*.ts',
    'src/result/**/*.ts',
    'src/protocol/open-options.ts',
    'src/protocol/closed.ts',
    'src/protocol/closed-options.ts',
    'src/protocol/population.ts',
    'src/protocol/body.ts',
    'src/protocol/judge.ts',
    'src/protocol/wait-queue.ts',
    'src/protocol/iteration-budget.ts',
    'src/protocol/tasks.ts',
    'src/flow-api/checks.ts',
    'src/flow-api/think.ts',
    'src/audit/**/*.ts',
    'src/config/**/*.ts',
    ...RULES.map((rule) => `!${rule}`),
  ],
  jsonReporter: { fileName: 'results/mutation/core.json' },
  htmlReporter: { fileName: 'results/mutation/core.html' },
};

/**
 * `make mutation`, the rules' pass: the rules issue 15 names (threshold parsing and evaluation, the
 * arrival schedule and its split, the compression rules, the Locust CSVs), every mutant tested,
 * static ones included (a CSV's column names, a threshold's pattern and a type's gzip ratio are
 * set as the module loads), against the unit tests of those rules (vitest.mutation-rules.config.ts).
 * A static mutant reruns every test of its pass: here that is a few seconds.
 */
import { RULES, shared } from './stryker.config.mjs';

export default {
  ...shared,
  vitest: { configFile: 'vitest.mutation-rules.config.ts' },
  mutate: RULES,
  jsonReporter: { fileName: 'results/mutation/rules.json' },
  htmlReporter: { fileName: 'results/mutation/rules.html' },
};

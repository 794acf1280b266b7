/**
 * `make mutation`, the HDR histogram pass: src/hdr/ against the tests of its own rules and of the
 * recorder's histograms (vitest.mutation-hdr.config.ts), so that the instrumented histogram never
 * slows the core pass's tests (see stryker.config.mjs).
 */
import { shared } from './stryker.config.mjs';

export default {
  ...shared,
  vitest: { configFile: 'vitest.mutation-hdr.config.ts' },
  mutate: ['src/hdr/**/*.ts'],
  jsonReporter: { fileName: 'results/mutation/hdr.json' },
  htmlReporter: { fileName: 'results/mutation/hdr.html' },
};

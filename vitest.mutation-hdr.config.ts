import { mutationTests } from './vitest.mutation.config.js';

/**
 * The tests Stryker runs against each mutant of the HDR histogram's pass (stryker.hdr.config.mjs):
 * its own rules, and the recorder's histograms checked against hdr-histogram-js.
 */
export default mutationTests(['test/hdr/*.test.ts', 'test/metrics/histogram.test.ts']);

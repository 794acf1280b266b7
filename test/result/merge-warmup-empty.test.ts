/** Warm-up latency of merged runs: a part that counted nothing adds nothing, whatever figures it carries. */
import { describe, expect, it } from 'vitest';
import { mergeLatencySummaries } from '../../src/result/merge-warmup.js';
import { latency } from '../audit/fixtures.js';

describe('merged warm-up latency', () => {
  it('leaves out a part with no count even when it carries a mean (a hand-edited or foreign summary)', () => {
    const measured = latency(5, 9);
    expect(mergeLatencySummaries([{ ...latency(50, 90), count: 0 }, measured])).toBe(measured);
  });
});

/** Web-vital thresholds on pages that tie: the first page row decides, whichever side fails. */
import { describe, expect, it } from 'vitest';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';
import { worstPage } from '../../src/result/vital-thresholds.js';
import { makeSummary } from '../report/fixtures.js';

const spec = (expression: string): ThresholdSpec => parseThreshold(expression) as ThresholdSpec;

describe('the page that decides a web-vital threshold', () => {
  const first = makeSummary({ withAudit: false }).browser!.pages[0];
  const twins = [first, { ...first, name: '/twin [cold]' }];

  it('is the first of two equal pages for > as for <', () => {
    const lcp = first.metrics.lcp!.summary.percentiles['75']!;
    expect(worstPage(spec('PAGES:lcp>1'), twins)).toEqual({ page: first.name, actual: lcp });
    expect(worstPage(spec('PAGES:lcp<1'), twins)).toEqual({ page: first.name, actual: lcp });
  });
});

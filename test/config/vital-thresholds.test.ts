import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../src/config/thresholds.js';
import { rate } from '../../src/schema/vitals.js';

describe('web-vital threshold expressions', () => {
  it('reads vitals at p75 by default, any percentile or statistic when given, on PAGES or one page', () => {
    expect(parseThreshold('PAGE /dashboard/ [cold]:lcp<2500')).toMatchObject({ target: 'PAGE /dashboard/ [cold]', vital: 'lcp', kind: 'percentile', percentile: 75, limit: 2500, metric: 'lcp.p75' });
    expect(parseThreshold('PAGES:fcp.p90<1.8s')).toMatchObject({ target: 'PAGES', vital: 'fcp', percentile: 90, limit: 1800 });
    expect(parseThreshold('cls<0.1')).toMatchObject({ target: 'PAGES', vital: 'cls', limit: 0.1 });
    expect(parseThreshold('ttfb.max<800')).toMatchObject({ vital: 'ttfb', kind: 'max' });
    expect(parseThreshold('tbt.avg<200')).toMatchObject({ vital: 'tbt', kind: 'avg' });
    expect(parseThreshold('PAGE / [warm, slow-4g]:inp<=200')).toMatchObject({ target: 'PAGE / [warm, slow-4g]', vital: 'inp', comparator: '<=' });
  });

  it('refuses a vital on a protocol row and a unit on CLS, and leaves other thresholds alone', () => {
    expect(parseThreshold('API:lcp<2500')).toMatch(/lcp is a page metric/);
    expect(parseThreshold('cls<0.1s')).toMatch(/CLS has no unit/);
    const load = parseThreshold('PAGE / [cold]:p95<2000');
    expect(load).toMatchObject({ kind: 'percentile', percentile: 95, target: 'PAGE / [cold]' });
    expect(load).not.toHaveProperty('vital');
  });
});

describe("web.dev's ratings", () => {
  it('is good up to the good bound, poor above the poor bound', () => {
    expect(rate('lcp', 2500)).toBe('good');
    expect(rate('lcp', 2501)).toBe('needs-improvement');
    expect(rate('lcp', 4000)).toBe('needs-improvement');
    expect(rate('lcp', 4001)).toBe('poor');
    expect(rate('cls', 0.1)).toBe('good');
    expect(rate('cls', 0.26)).toBe('poor');
    expect(rate('inp', 300)).toBe('needs-improvement');
    expect(rate('tbt', 601)).toBe('poor');
  });
});

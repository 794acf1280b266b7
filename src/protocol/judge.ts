/** Whether a response is what the flow expected: its status, then its checks, first failure wins. */
import type { RequestOptions } from '../flow-api/api.js';
import type { Response } from './body.js';

/** Marks `res` failed with the first unmet expectation; a check that throws propagates. */
export function judge(res: Response, opts: RequestOptions): void {
  const expect = opts.expect;
  const statusOk =
    expect === undefined ? res.status < 400 : typeof expect === 'number' ? res.status === expect : expect.includes(res.status);
  if (!statusOk) {
    res.ok = false;
    res.error = `HTTP ${res.status}`;
    return;
  }
  if (opts.checks) {
    for (const check of opts.checks) {
      const message = check(res);
      if (message !== null) {
        res.ok = false;
        res.error = message;
        return;
      }
    }
  }
}

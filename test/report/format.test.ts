/** The shared display formats: whole numbers group their thousands as en-US does. */
import { describe, expect, it } from 'vitest';
import { int } from '../../src/report/format.js';

describe('int', () => {
  it('groups thousands exactly as en-US toLocaleString, for every size and sign', () => {
    const values = [0, -0, 0.4, -0.4, 1, -1, 12, 999.5, -999.5, 1000, 1234, -1234, 12_345, 123_456, 1_234_567, -1_234_567, 2 ** 53 - 1, 2 ** 53, 1e21, NaN, Infinity, -Infinity];
    for (let digits = 0; digits <= 16; digits++) values.push(10 ** digits - 1, 10 ** digits, -(10 ** digits) + 0.5);
    for (const value of values) expect(int(value), String(value)).toBe(Math.round(value).toLocaleString('en-US'));
  });
});

/**
 * The option values every group reads through: Locust-style durations and the problem list that
 * gathers each bad value (whole numbers, numbers, durations) and reports them at once in one line.
 */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';
import { collect, Problems } from '../../src/config/problems.js';
import { EXIT, UsageError } from '../../src/errors.js';

describe('parseDuration', () => {
  it('reads fractions, every unit and units in sequence, spaces around', () => {
    expect(['1.5s', '2h', '1.5m', '250ms', ' 1m30s ', '1h1m1s', '2.5', '1s500ms'].map(parseDuration)).toEqual([1.5, 7200, 90, 0.25, 90, 3661, 2.5, 1.5]);
  });

  it('reads several digits on either side of the point, with or without a unit', () => {
    expect(['12', '1.25', '10.125', '12.25s', '1.75m', '12ms'].map(parseDuration)).toEqual([12, 1.25, 10.125, 12.25, 105, 0.012]);
  });

  it('refuses a unit alone, a trailing or leading word, inner spaces and signs', () => {
    expect(['s', '10s x', 'x10s', '1m 30s', '-5s', '+5', '5.', '.5s'].map(parseDuration)).toEqual([null, null, null, null, null, null, null, null]);
  });
});

describe('formatDuration', () => {
  it('shows hours, minutes and seconds, leaving out the zero parts, rounded to the second', () => {
    expect([90, 90.5, 3600, 3660, 3601, 59.4, 7325].map(formatDuration)).toEqual(['1m30s', '1m31s', '1h', '1h1m', '1h1s', '59s', '2h2m5s']);
  });
});

describe('Problems', () => {
  it('takes whole numbers at or above the minimum, and the fallback for none given', () => {
    const p = new Problems();
    expect([p.int('-u', '3', 1, 0), p.int('-u', ' 0 ', 1, 0), p.int('-u', '+2', 1, 1), p.int('-u', undefined, 7, 0)]).toEqual([3, 0, 2, 7]);
    expect(p.count).toBe(0);
  });

  it('names the flag, the minimum and the value for each bad whole number', () => {
    const p = new Problems();
    expect([p.int('-u', '-1', 5, 0), p.int('-u', '1.5', 5, 0), p.int('-u', '', 5, 0), p.int('-u', '0x10', 5, 0), p.int('-u', '9007199254740993', 5, 0)]).toEqual([5, 5, 5, 5, 5]);
    expect(p.count).toBe(5);
    expect(() => p.throwIfAny()).toThrow("5 problems: -u wants a whole number >= 0, got '-1'; -u wants a whole number >= 0, got '1.5'; -u wants a whole number >= 0, got ''; -u wants a whole number >= 0, got '0x10'; -u wants a whole number >= 0, got '9007199254740993'");
  });

  it('takes decimal numbers in every form at or above the minimum', () => {
    const p = new Problems();
    expect(['2.5', '.5', '5.', '1e3', '1E-1', '-0.5', ' 7 '].map((v) => p.num('-r', v, 9, -1))).toEqual([2.5, 0.5, 5, 1000, 0.1, -0.5, 7]);
    expect(p.num('-r', undefined, 9, 0)).toBe(9);
    expect(p.num('-r', '0', 9, 0)).toBe(0);
    expect(p.count).toBe(0);
  });

  it('names the flag, the minimum and the value for each bad number', () => {
    const p = new Problems();
    expect(['-0.1', '0x10', '', 'Infinity', '1e999', 'e3'].map((v) => p.num('-r', v, 9, 0))).toEqual([9, 9, 9, 9, 9, 9]);
    expect(() => p.throwIfAny()).toThrow(/^6 problems: -r wants a number >= 0, got '-0.1'; .*got 'e3'$/);
  });

  it("reads a duration, else the fallback's seconds and a problem naming the flag", () => {
    const p = new Problems();
    expect(p.duration('-t', '90s', '10s')).toBe(90);
    expect(p.duration('-t', undefined, '10s')).toBe(10);
    expect(p.count).toBe(0);
    expect(p.duration('-t', 'soon', '10s')).toBe(10);
    expect(() => p.throwIfAny()).toThrow("-t wants a duration like 90s, 10m or 1h30m, got 'soon'");
  });

  it('reports one problem as it is, several counted, none not at all, each relabelled, as a usage error', () => {
    expect(() => new Problems().throwIfAny()).not.toThrow();
    const one = new Problems((m) => m.replace('-u', 'BROWSE_LOAD_USERS'));
    one.push('-u is bad');
    const error = (() => {
      try {
        one.throwIfAny();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('BROWSE_LOAD_USERS is bad');
    expect((error as UsageError).exitCode).toBe(EXIT.usage);
    const two = new Problems();
    two.push('a', 'b');
    expect(two.count).toBe(2);
    expect(() => two.throwIfAny()).toThrow(/^2 problems: a; b$/);
  });

  it('collects a repeated flag in order', () => {
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
});

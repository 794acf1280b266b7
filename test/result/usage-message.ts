import { expect } from 'vitest';
import { UsageError } from '../../src/errors.js';

/** The one-line message of the UsageError `f` throws; fails the test when it throws none, or another error. */
export function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

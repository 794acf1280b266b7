/** Types of mutation-checker.mjs for the tests that check it. */
import type { CheckResult } from '@stryker-mutator/api/check';
import type { Mutant } from '@stryker-mutator/api/core';

export declare class IncrementalTypescriptChecker {
  constructor(options: { tsconfigFile?: string });
  init(): Promise<void>;
  check(mutants: Mutant[]): Promise<Record<string, CheckResult>>;
}
export declare const strykerPlugins: unknown[];

/** Helpers of the option groups' tests: a group's problems as a list, a small command from options. */
import { Command, type Option } from 'commander';
import { expect } from 'vitest';
import { withEnvironment } from '../../src/config/env.js';
import { Problems } from '../../src/config/problems.js';

/** The problems an option group found, in order, as the one-line message of `throwIfAny` lists them. */
export function problemList(problems: Problems): string[] {
  try {
    problems.throwIfAny();
  } catch (error) {
    const message = (error as Error).message;
    return problems.count === 1 ? [message] : message.replace(/^\d+ problems: /, '').split('; ');
  }
  return [];
}

/** Runs one group's parser over a fresh problem list: its value and its problems. */
export function withProblems<T>(parse: (problems: Problems) => T): { value: T; problems: string[] } {
  const problems = new Problems();
  const value = parse(problems);
  return { value, problems: problemList(problems) };
}

/** A `run`-like command with these options, each given its variables (env.ts), that throws instead of exiting. */
export function commandWith(options: Option[]): Command {
  const command = new Command('run').exitOverride().configureOutput({ writeErr: () => {} });
  for (const option of withEnvironment(options)) command.addOption(option);
  return command;
}

/** Checks that every flag is listed under the heading, each with a description; gives the descriptions as one text. */
export function expectGroup(options: Option[], heading: string): string {
  for (const option of options) {
    expect(option.helpGroupHeading, option.long).toBe(heading);
    expect(option.description.length, option.long).toBeGreaterThan(10);
  }
  return options.map((o) => o.description).join('\n');
}

/** The problems an option group found, in order, as the one-line message of `throwIfAny` lists them. */
import { Problems } from '../../src/config/problems.js';

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

/** A command's flags from the option groups of src/config: each flag defined once, shared by the commands. */
import type { Command, Option } from 'commander';

/** Adds the groups' options in order; each group carries its own help heading. */
export function withOptions(command: Command, ...groups: Option[][]): Command {
  for (const group of groups) for (const option of group) command.addOption(option);
  return command;
}

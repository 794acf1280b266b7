/**
 * Commander's own findings (an unknown command or flag, a missing argument or value) as the one
 * line every other error is, "browse-load: unknown option '--bogus' (see browse-load run --help)",
 * exit 2: commander would print "error: …" and, with a help hint, a second line.
 */
import type { Command, CommanderError } from 'commander';

/** Commander throws instead of printing and exiting, on the command and every subcommand. */
export function quietCommanderErrors(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => {} });
  for (const sub of command.commands) quietCommanderErrors(sub);
}

/** The line for a commander error; null when commander printed what it had to (help, version). */
export function commanderErrorLine(error: CommanderError, program: Command, argv: readonly string[] = process.argv): string | null {
  // commander.help: no command given, the help went to stderr; exit 0: --help or --version.
  if (error.exitCode === 0 || error.code === 'commander.help') return null;
  const command = program.commands.find((c) => c.name() === argv[2]);
  const help = command ? `browse-load ${command.name()} --help` : 'browse-load --help';
  // "(Did you mean --users?)" comes on a line of its own.
  return `browse-load: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')} (see ${help})`;
}

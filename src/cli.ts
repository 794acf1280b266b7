/** Commander wiring only: each command delegates to one module. */
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './errors.js';
import { TOOL_VERSION } from './version.js';
import { demoTargetCommand } from './commands/demo-target.js';
import { runCommand } from './commands/run.js';
import { reportCommands } from './commands/report.js';
import { mergeCommand } from './commands/merge.js';
import { auditCommand } from './commands/audit.js';

const program = new Command('browse-load')
  .description('Browser-realistic load tester: real Chromium users beside thousands of protocol users, one merged result.')
  .version(TOOL_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program.addCommand(runCommand());
program.addCommand(demoTargetCommand());
program.addCommand(auditCommand());
for (const command of reportCommands()) program.addCommand(command);
program.addCommand(mergeCommand());

// Commands added with addCommand do not inherit exitOverride: without it a commander error in a
// subcommand would exit 1, which CI reads as a failed threshold.
for (const command of program.commands) command.exitOverride();

// Output piped into a reader that left early (`| head`): stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const debug = process.argv.includes('--debug');
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message; help and version are not errors.
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  process.exit(reportError(error, debug));
}

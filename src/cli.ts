/** Commander wiring only: each command delegates to one module. */
import { Command, CommanderError } from 'commander';
import { EXIT, reportError } from './errors.js';
import { TOOL_VERSION } from './version.js';
import { demoTargetCommand } from './commands/demo-target.js';
import { runCommand } from './commands/run.js';
import { reportCommands } from './commands/report.js';
import { mergeCommand } from './commands/merge.js';
import { auditCommand } from './commands/audit.js';
import { uiCommand } from './commands/ui.js';
import { k8sCommand } from './commands/k8s.js';
import { commanderErrorLine, quietCommanderErrors } from './commands/commander-errors.js';

const program = new Command('browse-load')
  .description('Browser-realistic load tester: real Chromium users beside thousands of protocol users, one merged result.')
  .version(TOOL_VERSION);

program.addCommand(runCommand());
program.addCommand(demoTargetCommand());
program.addCommand(auditCommand());
program.addCommand(uiCommand());
for (const command of reportCommands()) program.addCommand(command);
program.addCommand(mergeCommand());
program.addCommand(k8sCommand());

// Commands added with addCommand inherit no settings: without exitOverride on each, a commander
// error in a subcommand would exit 1, which CI reads as a failed threshold.
quietCommanderErrors(program);

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
    const line = commanderErrorLine(error, program);
    if (line !== null) process.stderr.write(`${line}\n`);
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  process.exit(reportError(error, debug));
}

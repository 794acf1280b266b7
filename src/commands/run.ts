/**
 * `browse-load run`: its flags come from the option groups of src/config (shared with `audit`),
 * plus the demo target's two; the work is in run-action.ts, loaded only when a run starts so
 * --help and other commands stay fast.
 */
import { Command, Option } from 'commander';
import { browserOptions } from '../config/browser-options.js';
import { loadModelOptions } from '../config/load-model.js';
import { outputOptions } from '../config/outputs.js';
import { runControlOptions } from '../config/run-control.js';
import type { RawRunOptions } from '../config/run-config.js';
import { targetAuthOptions } from '../config/target-auth.js';
import { thresholdOptions } from '../config/threshold-options.js';
import { withOptions } from './options.js';

export type RunCommandOptions = RawRunOptions & { demoTarget?: boolean; demoFlags?: string };

function demoTargetOptions(): Option[] {
  return [
    new Option('--demo-target', 'start the embedded demo ERP on a free loopback port and test it (its API key is used unless credentials are given)'),
    new Option('--demo-flags <flags>', "flags for the demo target, e.g. '--no-gzip-for /static/vendor.js --latency 20'"),
  ].map((option) => option.helpGroup('Target and auth:'));
}

export function runCommand(): Command {
  const command = new Command('run').description('Run a load test: protocol users (closed or open model) and browser users against --host, one merged result.');
  const [host, ...auth] = targetAuthOptions();
  return withOptions(command, [host!], demoTargetOptions(), auth, loadModelOptions(), runControlOptions(), browserOptions(), thresholdOptions(), outputOptions())
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .action(async (raw: RunCommandOptions) => {
      const { executeRun } = await import('./run-action.js');
      await executeRun(raw);
    });
}

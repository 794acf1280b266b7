/**
 * `browse-load run`: its flags come from the option groups of src/config (shared with `audit`),
 * plus the demo target's two and Locust's habits; every flag also reads its environment variable
 * and the configuration file (src/config/option-layers.ts). The work is in run-action.ts, loaded
 * only when a run starts so --help and other commands stay fast.
 */
import { Command, Option } from 'commander';
import { browserOptions } from '../config/browser-options.js';
import { withEnvironment } from '../config/env.js';
import { loadModelOptions } from '../config/load-model.js';
import { locustFlagOptions } from '../config/locust-flags.js';
import { outputOptions } from '../config/outputs.js';
import { runControlOptions } from '../config/run-control.js';
import type { RawRunOptions } from '../config/run-config.js';
import { shardOptions } from '../config/shard-options.js';
import { targetAuthOptions } from '../config/target-auth.js';
import { thresholdOptions } from '../config/threshold-options.js';
import { webOptions, type WebOptionsRaw } from '../config/web-options.js';
import { withOptions } from './options.js';

export type RunCommandOptions = RawRunOptions & WebOptionsRaw & { demoTarget?: boolean; demoFlags?: string; debug?: boolean };

export function demoTargetOptions(): Option[] {
  return [
    new Option('--demo-target', 'start the embedded demo ERP on a free loopback port and test it (its API key is used unless credentials are given)'),
    new Option('--demo-flags <flags>', "flags for the demo target, e.g. '--no-gzip-for /static/vendor.js --latency 20'"),
  ].map((option) => option.helpGroup('Target and auth:'));
}

/** The command with every flag, each with its BROWSE_LOAD_ variable; no action (the tests parse with it). */
export function runCommandOptions(): Command {
  const command = new Command('run').description('Run a load test: protocol users (closed or open model) and browser users against --host, one merged result.');
  const [host, ...auth] = targetAuthOptions();
  const groups = [[host!], demoTargetOptions(), auth, loadModelOptions(), runControlOptions(), browserOptions(), thresholdOptions(), outputOptions(), shardOptions(), webOptions(), locustFlagOptions(), [new Option('--debug', 'print stack traces of errors')]];
  return withOptions(command, ...groups.map(withEnvironment));
}

export function runCommand(): Command {
  return runCommandOptions().action(async (_options: RunCommandOptions, command: Command) => {
    // Flags and BROWSE_LOAD_ variables are parsed; LOCUST_ variables and the file fill the rest
    // (loaded here, so that --help and --version stay fast; the TOML parser only for a .toml file).
    const { applyOptionLayers } = await import('../config/option-layers.js');
    const layers = applyOptionLayers(command, process.env, process.cwd());
    const { executeRun } = await import('./run-action.js');
    await executeRun(command.opts<RunCommandOptions>(), layers, (key) => command.getOptionValueSource(key));
  });
}

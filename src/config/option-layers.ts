/**
 * Where each option of `run` comes from, in Locust's order: a flag beats an environment variable,
 * which beats the configuration file, which beats the default. Commander parses the flags and the
 * BROWSE_LOAD_ variables (env.ts); then the LOCUST_ variables and the file fill what is still
 * unset, each value labelled with its source, so that a bad value is named where it was written
 * (`--users (LOCUST_USERS from the environment) wants a whole number…`).
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { type FileEntry, findConfigFile, readConfigFile } from './config-file.js';
import { applyEnvironment, credentialInEnvironment, isSwitch, switchValue } from './env.js';
import { collect } from './problems.js';

/** Keys of Locust's files that name our options differently. */
const LOCUST_KEYS: Record<string, string> = { locustfile: 'flows' };

/** What the layers found: the file read (if any) and a label per option not set by a flag. */
export interface OptionLayers {
  configFile: string | null;
  /** Long flag → where its value came from, for options set by a variable or the file. */
  labels: Map<string, string>;
}

export function applyOptionLayers(command: Command, env: NodeJS.ProcessEnv, cwd: string): OptionLayers {
  const labels = new Map<string, string>();
  const flagOf = (key: string) => command.options.find((o) => o.attributeName() === key && !o.negate) ?? command.options.find((o) => o.attributeName() === key);
  for (const [key, variable] of applyEnvironment(command, env)) labels.set(flagOf(key)!.long!, `${variable} from the environment`);
  const given = command.getOptionValue('config') as string | undefined;
  const configFile = findConfigFile(given, cwd);
  if (configFile !== null) {
    for (const entry of readConfigFile(configFile)) {
      const option = optionOfKey(command, entry);
      const key = option.attributeName();
      const source = command.getOptionValueSource(key);
      if (source === 'cli' || source === 'env' || credentialInEnvironment(option, env)) continue;
      command.setOptionValueWithSource(key, fileValue(option, entry, command.getOptionValue(key)), 'config');
      labels.set(flagOf(key)!.long!, `from ${entry.where}`);
    }
  }
  return { configFile, labels };
}

/** `spawn-rate`, `spawn_rate` and Locust's `locustfile` name options; anything else is a mistake. */
function optionOfKey(command: Command, entry: FileEntry): Option {
  const name = entry.key.trim().replace(/^--/, '').replace(/_/g, '-').toLowerCase();
  if (name === 'config') throw new UsageError(`${entry.where}: config files do not name other config files (give --config on the command line)`);
  const option = command.options.find((o) => o.long === `--${LOCUST_KEYS[name] ?? name}`);
  if (!option) throw new UsageError(`${entry.where}: unknown option '${entry.key}' (keys are the long flag names of browse-load run --help, without dashes)`);
  return option;
}

const isList = (option: Option) => option.variadic || option.parseArg === collect;

/** The entry as commander would have set it from flags: a switch, a list, or one string. */
function fileValue(option: Option, entry: FileEntry, current: unknown): unknown {
  const flag = option.long!;
  if (isSwitch(option)) {
    const [value] = entry.values;
    const on = entry.values.length === 1 ? (typeof value === 'boolean' ? value : switchValue(value!)) : undefined;
    if (on === undefined) throw new UsageError(`${flag} (from ${entry.where}) wants true or false, got '${entry.values.join(' ')}'`);
    return option.negate ? !on : on;
  }
  if (entry.values.some((v) => typeof v === 'boolean')) throw new UsageError(`${flag} (from ${entry.where}) wants a value, not true/false`);
  const values = entry.values as string[];
  if (isList(option)) {
    // A key written twice adds to the list, as the flag repeated does; --url paths split on spaces
    // (at each one: the empty pieces between two are dropped).
    const items = flag === '--url' ? values.flatMap((v) => v.split(/\s/)).filter(Boolean) : values;
    return [...(Array.isArray(current) ? (current as string[]) : []), ...items];
  }
  if (values.length !== 1) throw new UsageError(`${flag} (from ${entry.where}) takes one value, got ${values.length}`);
  return values[0];
}

/**
 * Rewrites a problem's first mention of a flag set by a variable or the file to name that source:
 * `--users wants…` → `--users (from locust.conf line 3) wants…`.
 */
export function relabelProblems(labels: Map<string, string>): (message: string) => string {
  return (message) => {
    const found = /(^|\s)(--[a-z][a-z-]*)(?![\w-])/.exec(message);
    const label = found ? labels.get(found[2]!) : undefined;
    if (!found || label === undefined) return message;
    const at = found.index + found[1]!.length + found[2]!.length;
    return `${message.slice(0, at)} (${label})${message.slice(at)}`;
  };
}

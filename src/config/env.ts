/**
 * Every option of `run` from the environment. Each option gets `BROWSE_LOAD_<FLAG>` through
 * commander's own Option.env() (a flag beats it, it beats a default), derived from the option's
 * long name so the list cannot drift from the flags; the options Locust also has answer to
 * Locust's `LOCUST_<FLAG>` as well (ours wins when both are set). Commander reads a switch's
 * variable by presence alone, so `LOCUST_HEADLESS=false` would turn it on: switches are read
 * again here as true/false, as Locust reads them.
 */
import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

/** Our long flags that Locust has too, with Locust's name where it differs (its -f is --locustfile). */
const LOCUST_NAMES: Record<string, string> = {
  '--host': 'host',
  '--users': 'users',
  '--spawn-rate': 'spawn-rate',
  '--run-time': 'run-time',
  '--stop-timeout': 'stop-timeout',
  '--flows': 'locustfile',
  '--tags': 'tags',
  '--exclude-tags': 'exclude-tags',
  '--csv': 'csv',
  '--csv-full-history': 'csv-full-history',
  '--html': 'html',
  '--headless': 'headless',
  '--autostart': 'autostart',
  '--only-summary': 'only-summary',
  '--loglevel': 'loglevel',
  '--reset-stats': 'reset-stats',
  '--exit-code-on-error': 'exit-code-on-error',
  '--iterations': 'iterations',
  '--config': 'config',
};

/**
 * Credentials read their variables in their own group (target-auth.ts), with the precedence
 * documented there (LOCUST_USERNAME before BROWSE_LOAD_USERNAME, a fallback key only when none
 * is given); commander must not set them first.
 */
export const CREDENTIAL_VARIABLES: Record<string, string[]> = {
  '--api-key': ['BROWSE_LOAD_API_KEY', 'LOCUST_API_KEY'],
  '--username': ['LOCUST_USERNAME', 'BROWSE_LOAD_USERNAME'],
  '--password': ['LOCUST_PASSWORD', 'BROWSE_LOAD_PASSWORD'],
};
export const READ_BY_THEIR_GROUP = new Set(Object.keys(CREDENTIAL_VARIABLES));

/** A credential given by one of its variables: the file must not override it (flag > env > file). */
export function credentialInEnvironment(option: Option, env: NodeJS.ProcessEnv): boolean {
  // Stryker disable next-line StringLiteral,ArrayDeclaration: an option that is no credential reads no variable, whatever name or list stands in
  return (CREDENTIAL_VARIABLES[option.long ?? ''] ?? []).some((name) => env[name] !== undefined);
}

// Stryker disable next-line Regex: a long flag's only "--" is its first two characters (Locust's names have none), so unanchored it is the same
const variable = (prefix: string, name: string) => `${prefix}_${name.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;

/** `--spawn-rate` → BROWSE_LOAD_SPAWN_RATE; `--no-html` → BROWSE_LOAD_NO_HTML. */
export function ourVariable(option: Option): string {
  return variable('BROWSE_LOAD', option.long!);
}

/** `--spawn-rate` → LOCUST_SPAWN_RATE, `--flows` → LOCUST_LOCUSTFILE; undefined where Locust has no such option. */
export function locustVariable(option: Option): string | undefined {
  // Stryker disable next-line StringLiteral: a short-only option's stand-in name is no Locust option, whatever it is
  const name = LOCUST_NAMES[option.long ?? ''];
  return name === undefined ? undefined : variable('LOCUST', name);
}

/**
 * Gives each option its BROWSE_LOAD_ variable (shown in --help) and says Locust's. Before the
 * options are added to a command: commander listens for a variable only on options that had one then.
 */
export function withEnvironment(options: Option[]): Option[] {
  for (const option of options) {
    if (!option.long || READ_BY_THEIR_GROUP.has(option.long)) continue;
    option.env(ourVariable(option));
    const theirs = locustVariable(option);
    if (theirs !== undefined && !option.description.includes(theirs)) option.description += ` (also ${theirs})`;
  }
  return options;
}

/** Which variable set each option that came from the environment, by attribute name. */
export type EnvOrigins = Map<string, string>;

/**
 * After commander's parse: the LOCUST_ variables fill what neither a flag nor a BROWSE_LOAD_
 * variable set, and every switch set from a variable is read as true/false. Returns which
 * variable gave each value, for messages that name it.
 */
export function applyEnvironment(command: Command, env: NodeJS.ProcessEnv): EnvOrigins {
  const origins: EnvOrigins = new Map();
  for (const option of command.options) {
    const key = option.attributeName();
    const ours = ourVariable(option);
    if (command.getOptionValueSource(key) === 'env' && env[ours] !== undefined && !origins.has(key)) {
      origins.set(key, ours);
      if (isSwitch(option)) readSwitch(command, option, ours, env[ours]!);
    }
  }
  for (const option of command.options) {
    const key = option.attributeName();
    const theirs = locustVariable(option);
    const source = command.getOptionValueSource(key);
    if (theirs === undefined || env[theirs] === undefined || source === 'cli' || source === 'env') continue;
    origins.set(key, theirs);
    if (isSwitch(option)) readSwitch(command, option, theirs, env[theirs]!);
    // Commander's own handler for a variable's value (its parser, a list's collect), as for ours.
    else (command as unknown as EventEmitter).emit(`optionEnv:${option.name()}`, env[theirs]);
  }
  return origins;
}

/** A flag without a value (`--quiet`, `--no-html`). */
export const isSwitch = (option: Option): boolean => !option.required && !option.optional;

/** Locust's (and Python's) spellings of a switch's value. */
export function switchValue(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(word)) return true;
  if (['false', '0', 'no', 'off', ''].includes(word)) return false;
  return undefined;
}

/** A switch (or a --no- switch) set from a variable: on only when the value says true. */
function readSwitch(command: Command, option: Option, name: string, text: string): void {
  const on = switchValue(text);
  if (on === undefined) throw new UsageError(`${name} from the environment wants true or false, got '${text}'`);
  const key = option.attributeName();
  // --no-html on means html false; off leaves html as it was (its default, true).
  if (option.negate) command.setOptionValueWithSource(key, on ? false : (option.defaultValue ?? true), 'env');
  else command.setOptionValueWithSource(key, on, 'env');
}

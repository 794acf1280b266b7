/**
 * Option group "Locust's habits": the flags a Locust user types without thinking, each with the
 * meaning it has here. `--headless` and `--autostart` are accepted and do nothing (there is no web
 * UI to leave out or to start); the others map onto our own machinery: `--only-summary` and
 * `-L` onto the live output, `--reset-stats` onto the warm-up cut-over at the end of the ramp-up,
 * `-i` onto an iteration budget that stops the run, `--html FILE` onto a copy of report.html.
 */
import { Option } from 'commander';
import type { Problems } from './problems.js';

export interface LocustFlagsRaw {
  headless?: boolean;
  autostart?: boolean;
  onlySummary?: boolean;
  loglevel?: string;
  /** `--html FILE` (a string) shares its key with `--no-html` (false); true when neither is given. */
  html?: string | boolean;
  resetStats?: boolean;
  iterations?: string;
  config?: string;
}

/** Locust's levels, most verbose first (Python's logging names, case-insensitive as Locust takes them). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LocustFlags {
  logLevel: LogLevel;
  /** No live progress line: --only-summary, or a level above INFO. */
  noProgress: boolean;
  /** No warning lines while the run goes on (ERROR, CRITICAL); they stay in the summary. */
  noWarnings: boolean;
  /** DEBUG: stack traces of errors, as --debug. */
  debug: boolean;
  htmlFile: string | null;
  resetStats: boolean;
  iterations: number | null;
}

const HEADING = "Locust's flags:";

export function locustFlagOptions(): Option[] {
  return [
    new Option('--config <file>', 'read options from FILE (default: browse-load.toml, browse-load.conf or locust.conf in this folder)'),
    new Option('--headless', 'accepted for Locust users; does nothing (there is no web UI)'),
    new Option('--autostart', 'accepted for Locust users; does nothing (there is no web UI)'),
    new Option('--only-summary', 'print only the final summary, no live progress'),
    new Option('-L, --loglevel <level>', 'DEBUG (stack traces, as --debug), INFO (default), WARNING (no live progress), ERROR or CRITICAL (no warning lines either)'),
    new Option('--html <file>', 'also write the HTML report to FILE'),
    new Option('--reset-stats', 'leave the ramp-up out of the stats: reset them when every user has started (closed model)'),
    new Option('-i, --iterations <n>', 'stop after N task iterations of the protocol users in all'),
  ].map((option) => option.helpGroup(HEADING));
}

export function parseLocustFlags(raw: LocustFlagsRaw, problems: Problems): LocustFlags {
  const logLevel = parseLogLevel(raw.loglevel, problems);
  const rank = LOG_LEVELS.indexOf(logLevel);
  return {
    logLevel,
    noProgress: (raw.onlySummary ?? false) || rank > LOG_LEVELS.indexOf('INFO'),
    noWarnings: rank > LOG_LEVELS.indexOf('WARNING'),
    debug: logLevel === 'DEBUG',
    htmlFile: typeof raw.html === 'string' ? raw.html : null,
    resetStats: raw.resetStats ?? false,
    iterations: raw.iterations === undefined ? null : problems.int('--iterations', raw.iterations, 1, 1),
  };
}

function parseLogLevel(text: string | undefined, problems: Problems): LogLevel {
  if (text === undefined) return 'INFO';
  const level = LOG_LEVELS.find((name) => name === text.toUpperCase());
  if (level) return level;
  problems.push(`--loglevel wants one of ${LOG_LEVELS.join(', ')}, got '${text}'`);
  return 'INFO';
}

/**
 * Tags as Locust takes them: several after one flag (`-T read write`), the flag repeated, or a
 * comma list, and one space-separated string from an environment variable or a file.
 */
export function tagList(values: string[] | undefined): string[] {
  // At each space or comma: the empty pieces between two of them are dropped.
  return (values ?? []).flatMap((value) => value.split(/[\s,]/)).filter(Boolean);
}

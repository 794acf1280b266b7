/**
 * The configuration file of `run`: `--config FILE`, else the first of browse-load.toml,
 * browse-load.conf and locust.conf in the current folder. Two formats: Locust's (`key = value`
 * lines, keys the long flag names without dashes, `#` and `;` comments, booleans true/false,
 * several values space-separated or as `[a, b]`), and TOML (`.toml`, parsed by smol-toml). This
 * module only reads entries and says where each came from; option-layers.ts gives them to the options.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import type * as SmolToml from 'smol-toml';
import { UsageError } from '../errors.js';

/**
 * The TOML parser, required (its CommonJS build) only when a .toml file is read: most runs have
 * no configuration file, and loading the parser cost every start ~5 ms of CPU.
 */
const toml = (): typeof SmolToml => createRequire(import.meta.url)('smol-toml') as typeof SmolToml;

/** One key of the file: its values (one, or several for a list) and where it was written. */
export interface FileEntry {
  key: string;
  values: (string | boolean)[];
  /** For messages: `browse-load.conf line 3`, or `browse-load.toml, key users`. */
  where: string;
}

/** Looked for in the current folder, in this order, when no --config is given. */
export const DEFAULT_CONFIG_FILES = ['browse-load.toml', 'browse-load.conf', 'locust.conf'] as const;

/** The file to read: the one given (which must exist), else the first default one present, else none. */
export function findConfigFile(given: string | undefined, cwd: string): string | null {
  if (given !== undefined) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) throw new UsageError(`--config: no such file ${given}`);
    return path;
  }
  const found = DEFAULT_CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path));
  return found ?? null;
}

export function readConfigFile(path: string): FileEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  return path.endsWith('.toml') ? tomlEntries(text, basename(path)) : locustEntries(text, basename(path));
}

/** Locust's format, as configargparse reads locust.conf; `[section]` lines are ignored. */
export function locustEntries(text: string, name: string): FileEntry[] {
  const entries: FileEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `${name} line ${index + 1}`;
    if (line === '' || line.startsWith('#') || line.startsWith(';') || /^\[[^\]]*\]$/.test(line)) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new UsageError(`${where}: wants 'key = value', got '${line}'`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    entries.push({ key, values: listValues(value), where });
  });
  return entries;
}

/** `[a, b]` is configargparse's list; anything else is one value (split later where it is a list). */
function listValues(value: string): string[] {
  const list = /^\[(.*)\]$/.exec(value);
  if (!list) return [value];
  return list[1]!
    .split(',')
    .map((item) => item.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter(Boolean);
}

/** TOML: top-level keys only; strings, numbers, booleans, and arrays of them. */
export function tomlEntries(text: string, name: string): FileEntry[] {
  const { parse, TomlError } = toml();
  let table: Record<string, unknown>;
  try {
    table = parse(text);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: smol-toml's parse throws only TomlError; the other branch is a guard
    const detail = error instanceof TomlError ? `line ${error.line}: ${error.message.split('\n')[0]}` : (error as Error).message;
    throw new UsageError(`${name}: not valid TOML (${detail})`);
  }
  return Object.entries(table).map(([key, value]) => {
    const where = `${name}, key ${key}`;
    const items = Array.isArray(value) ? value : [value];
    return { key, where, values: items.map((item) => tomlScalar(item, where)) };
  });
}

function tomlScalar(item: unknown, where: string): string | boolean {
  if (typeof item === 'string' || typeof item === 'boolean') return item;
  // smol-toml gives integers as numbers (as bigint only when asked to).
  if (typeof item === 'number') return String(item);
  throw new UsageError(`${where}: wants a string, a number, true/false or a list of them`);
}

/**
 * The layers under the flags, on a small command of its own: the file fills what neither a flag
 * nor a variable set, its keys in every spelling, switches, lists and single values as the flags
 * give them, each mistake in one line naming the file and line, and problems relabelled with
 * where their value was written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyOptionLayers, relabelProblems } from '../../src/config/option-layers.js';
import { collect } from '../../src/config/problems.js';
import { tempDir } from '../helpers.js';
import { usageMessage } from '../result/usage-message.js';
import { commandWith } from './helpers.js';

afterEach(() => vi.unstubAllEnvs());

function command(): Command {
  return commandWith([
    new Option('-u, --users <n>', 'users'),
    new Option('-r, --spawn-rate <n>', 'rate'),
    new Option('-f, --flows <file>', 'flow'),
    new Option('--url <path>', 'paths').argParser(collect),
    new Option('-T, --tags <tag...>', 'tags').argParser(collect),
    new Option('--only-summary', 'summary only'),
    new Option('--no-html', 'no report'),
    new Option('--html <file>', 'report copy'),
    new Option('--api-key <key>', 'key'),
    new Option('--config <file>', 'file'),
    new Option('--no-color', 'plain'),
    new Option('--names <name...>', 'names'),
  ]);
}

/** The options after every layer, from these flags, variables and files (in a fresh folder). */
function layered(args: string[], files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = tempDir('browse-load-layers-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const cmd = command().parse(args, { from: 'user' });
  const layers = applyOptionLayers(cmd, process.env, dir);
  return { opts: cmd.opts(), configFile: layers.configFile, labels: Object.fromEntries(layers.labels), dir, source: (key: string) => cmd.getOptionValueSource(key) };
}

/** The one-line message of the UsageError these files give. */
const problemOf = (files: Record<string, string>, args: string[] = []): string => usageMessage(() => layered(args, files));

describe('applyOptionLayers', () => {
  it('reads no file when there is none, and labels what came from a variable', () => {
    const { configFile, labels, opts } = layered([], {}, { BROWSE_LOAD_USERS: '4' });
    expect(configFile).toBeNull();
    expect(opts.users).toBe('4');
    expect(labels).toEqual({ '--users': 'BROWSE_LOAD_USERS from the environment' });
  });

  it('fills from the file what no flag or variable set, labelling each with its line', () => {
    const { configFile, labels, opts, dir, source } = layered(['-u', '9'], { 'locust.conf': 'users = 5\nspawn-rate = 2\nflows = f.ts\n' }, { BROWSE_LOAD_FLOWS: 'g.ts' });
    expect(configFile).toBe(join(dir, 'locust.conf'));
    expect(opts).toMatchObject({ users: '9', spawnRate: '2', flows: 'g.ts' });
    expect(source('spawnRate')).toBe('config');
    expect(labels).toEqual({ '--flows': 'BROWSE_LOAD_FLOWS from the environment', '--spawn-rate': 'from locust.conf line 2' });
  });

  it('leaves a credential to its variables, even one the option does not read itself', () => {
    expect(layered([], { 'locust.conf': 'api-key = from-file\n' }, { LOCUST_API_KEY: 'from-env' }).opts.apiKey).toBeUndefined();
    expect(layered([], { 'locust.conf': 'api-key = from-file\n' }).opts.apiKey).toBe('from-file');
  });

  it("names options by their long flag, with dashes or underscores, any case, and Locust's locustfile", () => {
    const { opts } = layered([], { 'locust.conf': 'SPAWN_RATE = 3\n--users = 2\n Locustfile = shop.ts\n' });
    expect(opts).toMatchObject({ spawnRate: '3', users: '2', flows: 'shop.ts' });
    expect(layered([], { 'browse-load.toml': '" users " = 4\n' }).opts.users).toBe('4');
    expect(problemOf({ 'locust.conf': 'users-- = 1\n' })).toContain("unknown option 'users--'");
  });

  it('reads switches as true/false words or TOML booleans, a --no- switch the other way round', () => {
    expect(layered([], { 'locust.conf': 'only-summary = yes\nno-html = true\n' }).opts).toMatchObject({ onlySummary: true, html: false });
    expect(layered([], { 'locust.conf': 'only_summary = off\nno-html = false\n' }).opts).toMatchObject({ onlySummary: false, html: true });
    expect(layered([], { 'browse-load.toml': 'only-summary = true\n' }).opts.onlySummary).toBe(true);
  });

  it('labels a --no- switch under the flag its key shares, or under itself when it has no other', () => {
    expect(layered([], { 'locust.conf': 'no-html = true\n' }).labels).toEqual({ '--html': 'from locust.conf line 1' });
    expect(layered([], { 'locust.conf': 'no-color = true\n' })).toMatchObject({ opts: { color: false }, labels: { '--no-color': 'from locust.conf line 1' } });
  });

  it('adds a key written twice to a list, splits --url paths on spaces, and takes TOML lists', () => {
    expect(layered([], { 'locust.conf': 'tags = a\ntags = b c\nurl =  /x  /y \n' }).opts).toMatchObject({ tags: ['a', 'b c'], url: ['/x', '/y'] });
    expect(layered([], { 'browse-load.toml': 'tags = ["a", "b"]\nurl = ["/x /y", " /z "]\n' }).opts).toMatchObject({ tags: ['a', 'b'], url: ['/x', '/y', '/z'] });
    expect(layered([], { 'locust.conf': 'names = a\nnames = b\n' }).opts.names).toEqual(['a', 'b']);
  });

  it('refuses each malformed entry in one line, naming the flag and where it was written', () => {
    expect(problemOf({ 'locust.conf': 'only-summary = sometimes\n' })).toBe("--only-summary (from locust.conf line 1) wants true or false, got 'sometimes'");
    expect(problemOf({ 'locust.conf': 'only-summary = [true, false]\n' })).toBe("--only-summary (from locust.conf line 1) wants true or false, got 'true false'");
    expect(problemOf({ 'browse-load.toml': 'users = true\n' })).toBe('--users (from browse-load.toml, key users) wants a value, not true/false');
    expect(problemOf({ 'browse-load.toml': 'tags = ["a", true]\n' })).toBe('--tags (from browse-load.toml, key tags) wants a value, not true/false');
    expect(problemOf({ 'locust.conf': 'users = [1, 2]\n' })).toBe('--users (from locust.conf line 1) takes one value, got 2');
    expect(problemOf({ 'locust.conf': '\nbogus_key = 1\n' })).toBe("locust.conf line 2: unknown option 'bogus_key' (keys are the long flag names of browse-load run --help, without dashes)");
    expect(problemOf({ 'locust.conf': 'config = other.conf\n' })).toBe('locust.conf line 1: config files do not name other config files (give --config on the command line)');
  });

  it('reads the file --config names instead of the default one', () => {
    const { opts } = layered(['--config', 'other.conf'], { 'locust.conf': 'users = 1\n', 'other.conf': 'users = 2\n' });
    expect(opts.users).toBe('2');
  });
});

describe('relabelProblems', () => {
  const relabel = relabelProblems(new Map([['--users', 'from locust.conf line 3'], ['--run-time', 'LOCUST_RUN_TIME from the environment']]));

  it("names the source after the problem's first flag", () => {
    expect(relabel("--users wants a whole number >= 0, got 'x'")).toBe("--users (from locust.conf line 3) wants a whole number >= 0, got 'x'");
    expect(relabel('2 problems: --run-time wants a duration')).toBe('2 problems: --run-time (LOCUST_RUN_TIME from the environment) wants a duration');
    expect(relabel('--users and --run-time exclude each other')).toBe('--users (from locust.conf line 3) and --run-time exclude each other');
  });

  it('leaves a problem alone whose first flag was given as a flag, or that names none', () => {
    expect(relabel('--seed wants a whole number, and --users too')).toBe('--seed wants a whole number, and --users too');
    expect(relabel('nothing to run')).toBe('nothing to run');
    expect(relabel('--users-per-second is not --users')).toBe('--users-per-second is not --users');
    expect(relabel('x--users is no flag')).toBe('x--users is no flag');
    expect(relabel('--users_x')).toBe('--users_x');
  });
});

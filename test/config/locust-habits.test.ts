/**
 * Locust's habits at the parse level: its flags, every option from its BROWSE_LOAD_ (and, where
 * Locust has it, LOCUST_) variable, the configuration file, the precedence flag > env > file >
 * default, and problems that name where a bad value was written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Option } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCommandOptions } from '../../src/commands/run.js';
import { locustVariable, ourVariable, READ_BY_THEIR_GROUP } from '../../src/config/env.js';
import { applyOptionLayers, relabelProblems } from '../../src/config/option-layers.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { UsageError } from '../../src/errors.js';
import { ProgressLine } from '../../src/runner/progress.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { tempDir } from '../helpers.js';

const HOST = ['--host', 'http://127.0.0.1:9'];

afterEach(() => vi.unstubAllEnvs());

/** Commander reads the variables from process.env itself: the tests set them there. */
function withEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

/** A folder holding these files, as the current folder of a run. */
function folderWith(files: Record<string, string> = {}): string {
  const dir = tempDir('browse-load-conf-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The run command's options after every layer, as the action sees them. */
function parsed(args: string[], cwd = folderWith()) {
  const command = runCommandOptions().exitOverride().configureOutput({ writeErr: () => {} });
  command.parse(args, { from: 'user' });
  const layers = applyOptionLayers(command, process.env, cwd);
  return { command, layers, opts: command.opts() };
}

function configOf(args: string[], cwd?: string): RunConfig {
  const { opts, layers } = parsed(args, cwd);
  return buildRunConfig(opts, process.env, { relabel: relabelProblems(layers.labels) });
}

/** The one-line message of the UsageError the options give. */
function problemOf(args: string[], cwd?: string): string {
  try {
    configOf(args, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('no problem found');
}

describe("Locust's flags", () => {
  it('accepts --headless and --autostart and changes nothing with them', () => {
    const plain = configOf([...HOST]);
    expect(configOf([...HOST, '--headless'])).toEqual(plain);
    expect(configOf([...HOST, '--autostart'])).toEqual(plain);
  });

  it('--only-summary turns the live progress off', () => {
    expect(configOf([...HOST]).quiet).toBe(false);
    expect(configOf([...HOST, '--only-summary']).quiet).toBe(true);
  });

  it('-L/--loglevel, any case: DEBUG and INFO show everything, WARNING hides progress, ERROR and CRITICAL hide warning lines too', () => {
    const shown = (config: RunConfig) => ({ progress: !config.quiet, warnings: !config.quietWarnings });
    for (const level of ['DEBUG', 'debug', 'INFO', 'Info']) expect(shown(configOf([...HOST, '-L', level]))).toEqual({ progress: true, warnings: true });
    expect(shown(configOf([...HOST, '--loglevel', 'warning']))).toEqual({ progress: false, warnings: true });
    for (const level of ['ERROR', 'critical']) expect(configOf([...HOST, '-L', level])).toMatchObject({ quiet: true, quietWarnings: true });
    expect(problemOf([...HOST, '-L', 'LOUD'])).toBe("--loglevel wants one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'");
  });

  it('-L ERROR keeps warning lines off the live output (WARNING keeps them)', () => {
    const written: string[] = [];
    const out = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const lineOf = (level: string) => {
      written.length = 0;
      const config = configOf([...HOST, '-L', level]);
      new ProgressLine(out, config.quiet, !config.quietWarnings).warn('the generator is busy');
      return written.join('');
    };
    expect(lineOf('WARNING')).toBe('browse-load: warning: the generator is busy\n');
    expect(lineOf('ERROR')).toBe('');
  });

  it('--html FILE writes the report there too; --no-html still turns it off', () => {
    const dir = folderWith();
    expect(configOf([...HOST, '--html', join(dir, 'r.html')])).toMatchObject({ html: true, htmlFile: join(dir, 'r.html') });
    expect(configOf([...HOST, '--no-html'])).toMatchObject({ html: false });
    expect(configOf([...HOST, '--no-html']).htmlFile).toBeUndefined();
    expect(problemOf([...HOST, '--html', join(dir, 'missing', 'r.html')])).toContain('--html wants a file in a folder that exists');
  });

  it('--reset-stats cuts the stats over when the last user has started, closed model only', () => {
    expect(configOf([...HOST, '-u', '10', '-r', '2', '--reset-stats']).resetStatsAtS).toBe(4.5);
    expect(configOf([...HOST, '-u', '10', '--reset-stats']).resetStatsAtS).toBe(0.9); // all within the first second
    expect(configOf([...HOST, '-u', '1', '--reset-stats']).resetStatsAtS).toBeUndefined(); // one user: no ramp-up to leave out
    expect(problemOf([...HOST, '-u', '100', '-r', '1', '-t', '10s', '--reset-stats'])).toContain('--reset-stats: the ramp-up lasts 99 s');
    expect(problemOf([...HOST, '--arrival-rate', '5', '--reset-stats'])).toContain('use --warmup');
    expect(problemOf([...HOST, '-u', '10', '-r', '2', '--warmup', '5s', '--reset-stats'])).toBe('--reset-stats and --warmup exclude each other (both leave the start out of the stats)');
  });

  it('-i/--iterations N, a whole number of at least 1', () => {
    expect(configOf([...HOST, '-i', '25']).iterations).toBe(25);
    expect(configOf([...HOST, '--iterations', '3']).iterations).toBe(3);
    expect(configOf([...HOST]).iterations).toBeUndefined();
    expect(problemOf([...HOST, '-i', '0'])).toBe("--iterations wants a whole number >= 1, got '0'");
  });

  it('takes several tags after -T and -E, the flag repeated, or a comma list', () => {
    for (const tags of [['-T', 'read', 'write'], ['-T', 'read', '-T', 'write'], ['--tags', 'read,write'], ['-T', 'read,', 'write']]) {
      expect(configOf([...HOST, ...tags]).tags).toEqual(['read', 'write']);
    }
    expect(configOf([...HOST, '-E', 'slow', 'admin', '-u', '3'])).toMatchObject({ excludeTags: ['slow', 'admin'], model: { users: 3 } });
  });
});

/** An empty configuration file, for --config's variables. */
const EMPTY_CONF = join(folderWith({ 'empty.conf': '# nothing\n' }), 'empty.conf');

/** A value the option accepts, as a variable or a file would give it. */
function sampleOf(option: Option): string {
  if (!option.required && !option.optional) return 'true';
  return option.long === '--config' ? EMPTY_CONF : '7';
}

/** What commander holds for the sample value: a switch's state, a list, or the string. */
function expectedOf(option: Option): unknown {
  if (!option.required && !option.optional) return !option.negate;
  if (option.parseArg || option.variadic) return [sampleOf(option)];
  return sampleOf(option);
}

describe('every option from the environment', () => {
  const options = runCommandOptions().options.filter((o) => !READ_BY_THEIR_GROUP.has(o.long!));

  it('has a BROWSE_LOAD_ variable for every flag of run, named after the flag', () => {
    const names = options.map(ourVariable);
    expect(names).toContain('BROWSE_LOAD_USERS');
    expect(names).toContain('BROWSE_LOAD_SPAWN_RATE');
    expect(names).toContain('BROWSE_LOAD_NO_HTML');
    expect(names.length).toBe(runCommandOptions().options.length - READ_BY_THEIR_GROUP.size);
  });

  it.each(options.map((o) => [ourVariable(o), o] as const))('%s sets its option', (name, option) => {
    withEnv({ [name]: sampleOf(option) });
    const { command, opts, layers } = parsed([]);
    const key = option.attributeName();
    expect(opts[key]).toEqual(expectedOf(option));
    expect(command.getOptionValueSource(key)).toBe('env');
    expect([...layers.labels.values()]).toContain(`${name} from the environment`);
  });

  it.each(options.filter((o) => locustVariable(o)).map((o) => [locustVariable(o)!, o] as const))('%s (Locust’s name) sets its option too', (name, option) => {
    withEnv({ [name]: sampleOf(option) });
    const { opts } = parsed([]);
    expect(opts[option.attributeName()]).toEqual(expectedOf(option));
  });

  it('reads the credentials in their own group, from both families of names', () => {
    withEnv({ BROWSE_LOAD_API_KEY: 'k1' });
    expect(configOf([...HOST]).auth.apiKey).toBe('k1');
    vi.unstubAllEnvs();
    withEnv({ BROWSE_LOAD_USERNAME: 'u', BROWSE_LOAD_PASSWORD: 'p' });
    expect(configOf([...HOST]).auth).toMatchObject({ username: 'u', password: 'p' });
  });

  it.each([
    ['LOCUST_USERS', '7', { model: { kind: 'closed', users: 7 } }],
    ['LOCUST_SPAWN_RATE', '3', { model: { spawnRate: 3 } }],
    ['LOCUST_RUN_TIME', '2m', { runTimeS: 120 }],
    ['LOCUST_HOST', 'http://127.0.0.1:8089', { host: 'http://127.0.0.1:8089' }],
    ['LOCUST_LOCUSTFILE', 'flows/shop.ts', { flowFile: 'flows/shop.ts' }],
    ['LOCUST_TAGS', 'read write', { tags: ['read', 'write'] }],
    ['LOCUST_EXCLUDE_TAGS', 'slow,admin', { excludeTags: ['slow', 'admin'] }],
    ['LOCUST_CSV', 'results/x', { csvPrefix: 'results/x' }],
    ['LOCUST_HTML', 'report-copy.html', { html: true, htmlFile: 'report-copy.html' }],
    ['LOCUST_ONLY_SUMMARY', 'true', { quiet: true }],
    ['LOCUST_LOGLEVEL', 'error', { quiet: true, quietWarnings: true }],
    ['LOCUST_RESET_STATS', 'true', { resetStatsAtS: 0.5 }],
    ['LOCUST_EXIT_CODE_ON_ERROR', '9', { exitCodeOnError: 9 }],
    ['LOCUST_ITERATIONS', '12', { iterations: 12 }],
    ['LOCUST_STOP_TIMEOUT', '3s', { stopTimeoutS: 3 }],
  ] as const)('%s=%s is taken as Locust takes it', (name, value, expected) => {
    withEnv({ [name]: value });
    const args = name === 'LOCUST_HOST' ? [] : name === 'LOCUST_RESET_STATS' ? [...HOST, '-u', '2', '-r', '2'] : [...HOST];
    expect(configOf(args)).toMatchObject(expected);
  });

  it('reads a switch as true or false (presence alone does not turn it on), and rejects other words', () => {
    withEnv({ LOCUST_ONLY_SUMMARY: 'false', BROWSE_LOAD_NO_HTML: '0' });
    expect(configOf([...HOST])).toMatchObject({ quiet: false, html: true });
    vi.unstubAllEnvs();
    withEnv({ LOCUST_HEADLESS: 'maybe' });
    expect(() => parsed([...HOST])).toThrow("LOCUST_HEADLESS from the environment wants true or false, got 'maybe'");
  });

  it('puts a flag before BROWSE_LOAD_, and BROWSE_LOAD_ before LOCUST_', () => {
    withEnv({ LOCUST_USERS: '7', BROWSE_LOAD_USERS: '8' });
    expect(configOf([...HOST]).model).toMatchObject({ users: 8 });
    expect(configOf([...HOST, '-u', '9']).model).toMatchObject({ users: 9 });
  });

  it('takes the host from BROWSE_LOAD_HOST, then LOCUST_HOST, then HOST', () => {
    withEnv({ HOST: 'http://127.0.0.1:1' });
    expect(configOf([]).host).toBe('http://127.0.0.1:1');
    withEnv({ LOCUST_HOST: 'http://127.0.0.1:2' });
    expect(configOf([]).host).toBe('http://127.0.0.1:2');
    withEnv({ BROWSE_LOAD_HOST: 'http://127.0.0.1:3' });
    expect(configOf([]).host).toBe('http://127.0.0.1:3');
    expect(configOf(['-H', 'http://127.0.0.1:4']).host).toBe('http://127.0.0.1:4');
  });

  it('names the variable when its value is wrong', () => {
    withEnv({ LOCUST_USERS: 'many' });
    expect(problemOf([...HOST])).toBe("--users (LOCUST_USERS from the environment) wants a whole number >= 0, got 'many'");
    withEnv({ BROWSE_LOAD_RUN_TIME: 'soon' });
    expect(problemOf([...HOST])).toContain("--run-time (BROWSE_LOAD_RUN_TIME from the environment) wants a duration like 90s, 10m or 1h30m, got 'soon'");
  });
});

describe('the configuration file', () => {
  const LOCUST_CONF = ['# as Locust writes it', 'users = 5', 'spawn-rate = 2', 'run_time = 45s', 'headless = true', 'tags = read write', 'threshold = p95<500', 'threshold = errors<1%', '; another comment', 'locustfile = flows/shop.ts', 'no-html = true', ''].join('\n');

  it("reads locust.conf in Locust's format from the current folder", () => {
    const config = configOf([...HOST], folderWith({ 'locust.conf': LOCUST_CONF }));
    expect(config).toMatchObject({ model: { users: 5, spawnRate: 2 }, runTimeS: 45, tags: ['read', 'write'], flowFile: 'flows/shop.ts', html: false });
    expect(config.thresholds.map((t) => t.expression)).toEqual(['p95<500', 'errors<1%']);
  });

  it('prefers browse-load.toml, then browse-load.conf, then locust.conf; --config names any file', () => {
    const all = folderWith({ 'browse-load.toml': 'users = 1\n', 'browse-load.conf': 'users = 2\n', 'locust.conf': 'users = 3\n', 'other.conf': 'users = 4\n' });
    expect(configOf([...HOST], all).model).toMatchObject({ users: 1 });
    expect(configOf([...HOST], folderWith({ 'browse-load.conf': 'users = 2\n', 'locust.conf': 'users = 3\n' })).model).toMatchObject({ users: 2 });
    expect(configOf([...HOST, '--config', join(all, 'other.conf')], all).model).toMatchObject({ users: 4 });
    expect(configOf([...HOST, '--config', 'other.conf'], all).model).toMatchObject({ users: 4 }); // relative to the run's folder
    withEnv({ LOCUST_CONFIG: join(all, 'other.conf') });
    expect(configOf([...HOST], all).model).toMatchObject({ users: 4 });
  });

  it('reads TOML: numbers, strings, booleans and lists', () => {
    const toml = ['users = 6', 'run-time = "1m"', 'only-summary = true', 'tags = ["read", "write"]', 'url = ["/a", "/b"]', 'iterations = 40'].join('\n');
    const config = configOf([...HOST], folderWith({ 'browse-load.toml': toml }));
    expect(config).toMatchObject({ model: { users: 6 }, runTimeS: 60, quiet: true, tags: ['read', 'write'], urls: ['/a', '/b'], iterations: 40 });
  });

  it("takes configargparse's [a, b] lists and --url paths separated by spaces", () => {
    const config = configOf([...HOST], folderWith({ 'browse-load.conf': 'exclude-tags = [slow, "admin"]\nurl = /health /api/health/\n' }));
    expect(config).toMatchObject({ excludeTags: ['slow', 'admin'], urls: ['/health', '/api/health/'] });
  });

  it('puts a flag and a variable before the file, and the file before the default', () => {
    const dir = folderWith({ 'locust.conf': 'users = 5\nrun-time = 45s\nspawn-rate = 2\n' });
    withEnv({ LOCUST_RUN_TIME: '20s' });
    const config = configOf([...HOST, '-r', '4'], dir);
    expect(config).toMatchObject({ model: { users: 5, spawnRate: 4 }, runTimeS: 20, stopTimeoutS: 10 });
    // A list flag replaces the file's list, it does not add to it.
    expect(configOf([...HOST, '-T', 'x'], folderWith({ 'locust.conf': 'tags = a b\n' })).tags).toEqual(['x']);
  });

  it('takes credentials from the file below their variables', () => {
    const dir = folderWith({ 'browse-load.conf': 'api-key = from-file\nusername = file-user\npassword = file-pass\n' });
    expect(configOf([...HOST], dir).auth).toMatchObject({ apiKey: 'from-file', username: 'file-user', password: 'file-pass' });
    withEnv({ LOCUST_API_KEY: 'from-env', BROWSE_LOAD_USERNAME: 'env-user', LOCUST_PASSWORD: 'env-pass' });
    expect(configOf([...HOST], dir).auth).toMatchObject({ apiKey: 'from-env', username: 'env-user', password: 'env-pass' });
    expect(configOf([...HOST, '--api-key', 'from-flag'], dir).auth.apiKey).toBe('from-flag');
  });

  it('names the file and the line of a bad value', () => {
    expect(problemOf([...HOST], folderWith({ 'browse-load.conf': '# load\nrun-time = 1m\nusers = lots\n' }))).toBe("--users (from browse-load.conf line 3) wants a whole number >= 0, got 'lots'");
    expect(problemOf([...HOST], folderWith({ 'browse-load.toml': 'users = -1\n' }))).toBe("--users (from browse-load.toml, key users) wants a whole number >= 0, got '-1'");
    expect(problemOf([...HOST], folderWith({ 'locust.conf': 'headless = sometimes\n' }))).toBe("--headless (from locust.conf line 1) wants true or false, got 'sometimes'");
  });

  it('refuses an unknown key, a line that is no setting, bad TOML and a missing --config file, each in one line', () => {
    const cases: [Record<string, string>, string[], string][] = [
      [{ 'locust.conf': 'users = 5\nexpect-workers = 2\n' }, [], "locust.conf line 2: unknown option 'expect-workers'"],
      [{ 'locust.conf': 'users 5\n' }, [], "locust.conf line 1: wants 'key = value', got 'users 5'"],
      [{ 'browse-load.toml': 'users = [\n' }, [], 'browse-load.toml: not valid TOML (line '],
      [{}, ['--config', '/nonexistent/browse-load.conf'], '--config: no such file /nonexistent/browse-load.conf'],
      [{ 'locust.conf': 'config = other.conf\n' }, [], 'locust.conf line 1: config files do not name other config files'],
    ];
    for (const [files, args, message] of cases) {
      let thrown: unknown;
      try {
        configOf([...HOST, ...args], folderWith(files));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UsageError);
      expect((thrown as UsageError).exitCode).toBe(2);
      expect((thrown as Error).message).toContain(message);
      expect((thrown as Error).message).not.toContain('\n');
    }
  });
});

/**
 * Every option from the environment, on a small command of its own: the variables' names, the
 * help that names Locust's, which variable wins, switches read as true/false, and the origins
 * that let a problem name the variable.
 */
import { type Command, Option } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyEnvironment, credentialInEnvironment, isSwitch, locustVariable, ourVariable, switchValue, withEnvironment } from '../../src/config/env.js';
import { collect } from '../../src/config/problems.js';
import { UsageError } from '../../src/errors.js';
import { commandWith } from './helpers.js';

afterEach(() => vi.unstubAllEnvs());

/** A command with a value, a list, a switch, a --no- switch, an option Locust lacks and a credential. */
function command(): Command {
  return commandWith([
    new Option('-u, --users <n>', 'users'),
    new Option('-T, --tags <tag...>', 'tags').argParser(collect),
    new Option('--only-summary', 'summary only'),
    new Option('--no-html', 'no report'),
    new Option('--seed <n>', 'seed'),
    new Option('--html <file>', 'copy'),
    new Option('--api-key <key>', 'key'),
  ]);
}

/** The command parsed from these flags with these variables set, and the origins of its values. */
function parsed(args: string[], env: Record<string, string>) {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const cmd = command().parse(args, { from: 'user' });
  const origins = applyEnvironment(cmd, process.env);
  return { opts: cmd.opts(), origins: Object.fromEntries(origins), source: (key: string) => cmd.getOptionValueSource(key) };
}

describe('variable names', () => {
  it('are BROWSE_LOAD_ and the long flag, upper case with underscores', () => {
    expect(ourVariable(new Option('--spawn-rate <n>'))).toBe('BROWSE_LOAD_SPAWN_RATE');
    expect(ourVariable(new Option('--no-html'))).toBe('BROWSE_LOAD_NO_HTML');
    expect(ourVariable(new Option('--exit-code-on-error <n>'))).toBe('BROWSE_LOAD_EXIT_CODE_ON_ERROR');
  });

  it("are LOCUST_ and Locust's own name where Locust has the option, none elsewhere", () => {
    expect(locustVariable(new Option('-r, --spawn-rate <n>'))).toBe('LOCUST_SPAWN_RATE');
    expect(locustVariable(new Option('-f, --flows <file>'))).toBe('LOCUST_LOCUSTFILE');
    expect(locustVariable(new Option('--exit-code-on-error <n>'))).toBe('LOCUST_EXIT_CODE_ON_ERROR');
    expect(locustVariable(new Option('--seed <n>'))).toBeUndefined();
    expect(locustVariable(new Option('-x'))).toBeUndefined();
  });

  it("go into the option (help shows ours) and its description names Locust's once", () => {
    const [users, , , , seed, , apiKey] = command().options;
    expect(users!.envVar).toBe('BROWSE_LOAD_USERS');
    expect(users!.description).toBe('users (also LOCUST_USERS)');
    expect(seed!.description).toBe('seed');
    // Credentials read their variables in their own group, in their own order.
    expect(apiKey!.envVar).toBeUndefined();
    const host = withEnvironment([new Option('-H, --host <url>', 'base URL (env HOST, LOCUST_HOST)')])[0]!;
    expect(host.description).toBe('base URL (env HOST, LOCUST_HOST)');
    expect(withEnvironment([new Option('-x', 'short only')])[0]!.envVar).toBeUndefined();
  });
});

describe('applyEnvironment', () => {
  it('takes BROWSE_LOAD_ and LOCUST_ values, with the variable that gave each', () => {
    const { opts, origins, source } = parsed([], { BROWSE_LOAD_USERS: '7', LOCUST_TAGS: 'read write' });
    expect(opts).toMatchObject({ users: '7', tags: ['read write'] });
    expect(origins).toEqual({ users: 'BROWSE_LOAD_USERS', tags: 'LOCUST_TAGS' });
    expect(source('tags')).toBe('env');
  });

  it('puts a flag before both, and BROWSE_LOAD_ before LOCUST_', () => {
    const users = (args: string[], env: Record<string, string>) => {
      const { opts, origins } = parsed(args, env);
      return { users: opts.users, origins };
    };
    expect(users([], { BROWSE_LOAD_USERS: '8', LOCUST_USERS: '7' })).toEqual({ users: '8', origins: { users: 'BROWSE_LOAD_USERS' } });
    expect(users(['-u', '9'], { BROWSE_LOAD_USERS: '8', LOCUST_USERS: '7' })).toEqual({ users: '9', origins: {} });
    expect(users(['-u', '9'], { LOCUST_USERS: '7' })).toEqual({ users: '9', origins: {} });
    expect(users([], { LOCUST_USERS: '7' })).toEqual({ users: '7', origins: { users: 'LOCUST_USERS' } });
  });

  it("reads a switch's variable as true or false, not by its presence", () => {
    const off = parsed([], { LOCUST_ONLY_SUMMARY: 'false' });
    expect([off.opts.onlySummary, off.source('onlySummary')]).toEqual([false, 'env']);
    expect(parsed([], { LOCUST_ONLY_SUMMARY: 'yes' }).opts.onlySummary).toBe(true);
    const fromOurs = parsed([], { BROWSE_LOAD_ONLY_SUMMARY: 'off' });
    expect([fromOurs.opts.onlySummary, fromOurs.origins]).toEqual([false, { onlySummary: 'BROWSE_LOAD_ONLY_SUMMARY' }]);
    // A switch given as a flag is not read again from its variable.
    expect(parsed(['--only-summary'], { BROWSE_LOAD_ONLY_SUMMARY: 'off' })).toMatchObject({ opts: { onlySummary: true } });
    expect(parsed([], { BROWSE_LOAD_ONLY_SUMMARY: '1' }).opts.onlySummary).toBe(true);
  });

  it('turns a --no- switch on (the value off) only when its variable says true', () => {
    expect(parsed([], { BROWSE_LOAD_NO_HTML: '1' }).opts.html).toBe(false);
    const off = parsed([], { BROWSE_LOAD_NO_HTML: '0' });
    expect([off.opts.html, off.source('html')]).toEqual([true, 'env']);
    expect(parsed([], {}).opts.html).toBe(true);
  });

  it('reads a --no- switch that shares its key with a value option, whichever comes first, naming the switch', () => {
    const htmlFirst = (env: Record<string, string>) => {
      vi.unstubAllEnvs();
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const cmd = commandWith([new Option('--html <file>', 'copy'), new Option('--no-html', 'no report')]).parse([], { from: 'user' });
      const origins = Object.fromEntries(applyEnvironment(cmd, process.env));
      return { html: cmd.opts().html, origins };
    };
    expect(htmlFirst({ BROWSE_LOAD_NO_HTML: '0' })).toEqual({ html: true, origins: { html: 'BROWSE_LOAD_NO_HTML' } });
    expect(htmlFirst({ BROWSE_LOAD_NO_HTML: '1' })).toEqual({ html: false, origins: { html: 'BROWSE_LOAD_NO_HTML' } });
    expect(parsed([], { BROWSE_LOAD_NO_HTML: 'true', BROWSE_LOAD_HTML: 'copy.html' }).origins).toEqual({ html: 'BROWSE_LOAD_NO_HTML' });
  });

  it('refuses another word for a switch, naming the variable and the value', () => {
    expect(() => parsed([], { LOCUST_ONLY_SUMMARY: 'maybe' })).toThrow(new UsageError("LOCUST_ONLY_SUMMARY from the environment wants true or false, got 'maybe'"));
    expect(() => parsed([], { BROWSE_LOAD_NO_HTML: 'sure' })).toThrow("BROWSE_LOAD_NO_HTML from the environment wants true or false, got 'sure'");
  });
});

describe('switches', () => {
  it("spell true and false as Locust and Python do, any case, spaces around; anything else is neither", () => {
    expect(['true', 'TRUE', ' 1 ', 'yes', 'On'].map(switchValue)).toEqual([true, true, true, true, true]);
    expect(['false', 'False', '0', 'no', 'OFF', '', '  '].map(switchValue)).toEqual([false, false, false, false, false, false, false]);
    expect(['maybe', '2', 'y', 'truthy'].map(switchValue)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('are the options that take no value', () => {
    expect([new Option('--quiet'), new Option('--no-html'), new Option('--users <n>'), new Option('--web [port]')].map(isSwitch)).toEqual([true, true, false, false]);
  });
});

describe('credentialInEnvironment', () => {
  it('is true when any of the credential\'s variables is set, false for other options', () => {
    const key = new Option('--api-key <key>');
    expect(credentialInEnvironment(key, { LOCUST_API_KEY: '' })).toBe(true);
    expect(credentialInEnvironment(key, { BROWSE_LOAD_API_KEY: 'k' })).toBe(true);
    expect(credentialInEnvironment(key, { LOCUST_PASSWORD: 'p' })).toBe(false);
    expect(credentialInEnvironment(new Option('--password <p>'), { BROWSE_LOAD_PASSWORD: 'p' })).toBe(true);
    expect(credentialInEnvironment(new Option('--users <n>'), { BROWSE_LOAD_USERS: '3' })).toBe(false);
  });
});

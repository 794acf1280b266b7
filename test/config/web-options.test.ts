import { describe, expect, it } from 'vitest';
import { parseWebOptions } from '../../src/config/web-options.js';
import { Problems } from '../../src/config/problems.js';
import { UsageError } from '../../src/errors.js';
import { buildRunSetup } from '../../src/runner/run-config.js';

const parse = (raw: Parameters<typeof parseWebOptions>[0]) => {
  const problems = new Problems();
  const web = parseWebOptions(raw, problems);
  problems.throwIfAny();
  return web;
};

describe('--web', () => {
  it('serves on loopback by default, on Locust\'s port without one, 0 for a free port', () => {
    expect(parse({})).toBeNull();
    expect(parse({ web: true })).toEqual({ host: '127.0.0.1', port: 8089, auth: null });
    expect(parse({ web: '0' })).toEqual({ host: '127.0.0.1', port: 0, auth: null });
    expect(parse({ web: '0', webHost: '::1' })?.host).toBe('::1');
  });
  it('refuses a bind beyond loopback without --web-auth, and takes it with', () => {
    expect(() => parse({ web: '0', webHost: '0.0.0.0' })).toThrow(/--web-host 0\.0\.0\.0 .*give --web-auth user:password \(or BROWSE_LOAD_WEB_AUTH\)/);
    expect(parse({ web: '0', webHost: '0.0.0.0', webAuth: 'me:pw:with:colons' })?.auth).toEqual({ username: 'me', password: 'pw:with:colons' });
  });
  it('never repeats a malformed --web-auth in its problem', () => {
    expect(() => parse({ web: '0', webAuth: 'only-a-secret' })).toThrow('--web-auth wants user:password (both non-empty)');
    expect(() => parse({ web: '0', webAuth: 'only-a-secret' })).not.toThrow(/only-a-secret/);
  });
  it('reports its problems with every other group\'s, in one line', () => {
    let message = '';
    try {
      buildRunSetup({ host: 'http://h', spawnRate: '0', web: '70000', webHost: '10.1.2.3' }, {});
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^3 problems: /);
    for (const part of ['--web wants a port', '--web-host 10.1.2.3', '--spawn-rate']) expect(message).toContain(part);
  });
  it('wants --web for --web-host', () => {
    expect(() => parse({ webHost: '127.0.0.1' })).toThrow('--web-host needs --web');
  });
});

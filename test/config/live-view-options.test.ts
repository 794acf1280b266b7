/**
 * `--web`, `--web-host`, `--web-auth` and `ui`'s `--port` at their edges: the port range, what
 * counts as loopback, credentials split at the first colon and never repeated in a problem.
 */
import { describe, expect, it } from 'vitest';
import { isLoopback, parseUiWebOptions, parseWebOptions, webBindOptions, webOptions, type WebOptionsRaw } from '../../src/config/web-options.js';
import { expectGroup, withProblems } from './helpers.js';

const web = (raw: WebOptionsRaw) => withProblems((problems) => parseWebOptions(raw, problems));

describe('--web', () => {
  it('is off without the flag or with it switched off, and then wants no --web-host', () => {
    expect(web({})).toEqual({ value: null, problems: [] });
    expect(web({ web: false })).toEqual({ value: null, problems: [] });
    expect(web({ web: false, webHost: '127.0.0.1' })).toEqual({ value: null, problems: ['--web-host needs --web'] });
  });

  it('takes ports 0 to 65535', () => {
    expect(web({ web: '65535' })).toEqual({ value: { host: '127.0.0.1', port: 65535, auth: null }, problems: [] });
    expect(web({ web: '65536' }).problems).toEqual(["--web wants a port from 0 to 65535, got '65536'"]);
    expect(web({ web: '-1' }).problems).toEqual(["--web wants a whole number >= 0, got '-1'"]);
    expect(web({ web: 'http' }).value?.port).toBe(8089);
  });
});

describe('loopback', () => {
  it('is localhost, ::1 and any 127.x.y.z, nothing else', () => {
    expect(['localhost', '::1', '127.0.0.1', '127.255.255.255', '127.1.22.3'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '127.1', '1127.0.0.1', '127.0.0.1.example', 'x127.0.0.1', '::', '10.0.0.1', '127.0.0.1234'].map(isLoopback)).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('needs no credentials; beyond it, credentials are wanted, and a malformed pair says only what is wrong', () => {
    expect(web({ web: '0', webHost: 'localhost' }).problems).toEqual([]);
    expect(web({ web: '0', webHost: '192.0.2.1' }).problems).toEqual([
      '--web-host 192.0.2.1 opens the live view (which can stop the run) beyond this machine: give --web-auth user:password (or BROWSE_LOAD_WEB_AUTH)',
    ]);
    expect(web({ web: '0', webHost: '192.0.2.1', webAuth: 'secret-only' }).problems).toEqual(['--web-auth wants user:password (both non-empty)']);
  });
});

describe('--web-auth', () => {
  it('splits user and password at the first colon', () => {
    expect(web({ web: '0', webAuth: 'a:b' }).value?.auth).toEqual({ username: 'a', password: 'b' });
    expect(web({ web: '0', webAuth: 'a::b:' }).value?.auth).toEqual({ username: 'a', password: ':b:' });
  });

  it('wants both parts non-empty, and never repeats the value', () => {
    for (const webAuth of [':hunter2-secret', 'hunter2-secret:', 'hunter2-secret', ':']) {
      const { value, problems } = web({ web: '0', webAuth });
      expect(value?.auth).toBeNull();
      expect(problems).toEqual(['--web-auth wants user:password (both non-empty)']);
    }
  });
});

describe("ui's server", () => {
  it("listens on Locust's port by default, its problems naming --port", () => {
    const ui = (raw: Parameters<typeof parseUiWebOptions>[0]) => withProblems((problems) => parseUiWebOptions(raw, problems));
    expect(ui({})).toEqual({ value: { host: '127.0.0.1', port: 8089, auth: null }, problems: [] });
    expect(ui({ port: '70000', webHost: '::1', webAuth: 'u:p' })).toEqual({
      value: { host: '::1', port: 70000, auth: { username: 'u', password: 'p' } },
      problems: ["--port wants a port from 0 to 65535, got '70000'"],
    });
  });

  it("takes --web-host and --web-auth, but not --web, in the live view's group", () => {
    expect(webBindOptions().map((o) => o.long)).toEqual(['--web-host', '--web-auth']);
    expect(webOptions().map((o) => o.long)).toEqual(['--web', '--web-host', '--web-auth']);
    const help = expectGroup(webOptions(), 'Live view:');
    for (const text of ['(default 8089)', '(default 127.0.0.1;']) expect(help).toContain(text);
  });
});

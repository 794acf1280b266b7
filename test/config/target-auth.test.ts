/**
 * The "target and auth" group alone: where the host comes from and how it is cleaned, each bad
 * value's one-line problem, the defaults, the transport switches, and credentials that never
 * appear in a problem.
 */
import { describe, expect, it } from 'vitest';
import { givenCredentials, parseTargetAuth, TARGET_AUTH_DEFAULTS, targetAuthOptions, type TargetAuthRaw } from '../../src/config/target-auth.js';
import { expectGroup, withProblems } from './helpers.js';

/** The group's result and its problems, in order. */
function parse(raw: TargetAuthRaw, env: NodeJS.ProcessEnv = {}, fallback?: string) {
  const { value, problems } = withProblems((list) => parseTargetAuth(raw, env, list, fallback));
  return { target: value, problems };
}

const HOST = { host: 'http://127.0.0.1:8000' };

describe('--host', () => {
  it('keeps the origin and a base path without its trailing slashes', () => {
    expect(parse({ host: 'http://127.0.0.1:8000' }).target.host).toBe('http://127.0.0.1:8000');
    expect(parse({ host: 'https://example.test/erp//' }).target.host).toBe('https://example.test/erp');
    expect(parse({ host: 'http://127.0.0.1:8000/a/b/?q=1' }).target.host).toBe('http://127.0.0.1:8000/a/b');
  });

  it('takes HOST before LOCUST_HOST, and the flag before both', () => {
    const env = { HOST: 'http://127.0.0.1:1', LOCUST_HOST: 'http://127.0.0.1:2' };
    expect(parse({}, env).target.host).toBe('http://127.0.0.1:1');
    expect(parse({}, { LOCUST_HOST: 'http://127.0.0.1:2' }).target.host).toBe('http://127.0.0.1:2');
    expect(parse({ host: 'http://127.0.0.1:3' }, env).target.host).toBe('http://127.0.0.1:3');
  });

  it('is required, and says how to get one', () => {
    for (const raw of [{}, { host: '' }]) {
      const { target, problems } = parse(raw);
      expect(target.host).toBe('');
      expect(problems).toEqual(['--host is required (e.g. --host http://127.0.0.1:8000; `browse-load demo-target` serves one)']);
    }
  });

  it('wants an http(s) URL, naming what it got', () => {
    for (const host of ['ftp://127.0.0.1/', '127.0.0.1:8000', 'not a url']) {
      const { target, problems } = parse({ host });
      expect(target.host).toBe('');
      expect(problems).toEqual([`--host wants an http(s) URL, got '${host}'`]);
    }
  });
});

describe('credentials', () => {
  it('takes the API key from BROWSE_LOAD_ before LOCUST_, the login from LOCUST_ before BROWSE_LOAD_', () => {
    const env = { BROWSE_LOAD_API_KEY: 'k1', LOCUST_API_KEY: 'k2', LOCUST_USERNAME: 'u1', BROWSE_LOAD_USERNAME: 'u2', LOCUST_PASSWORD: 'p1', BROWSE_LOAD_PASSWORD: 'p2' };
    expect(givenCredentials({}, env)).toEqual({ apiKey: 'k1', username: 'u1', password: 'p1' });
    expect(givenCredentials({}, { LOCUST_API_KEY: 'k2', BROWSE_LOAD_USERNAME: 'u2', BROWSE_LOAD_PASSWORD: 'p2' })).toEqual({ apiKey: 'k2', username: 'u2', password: 'p2' });
    expect(givenCredentials({ apiKey: 'f', username: 'fu', password: 'fp' }, env)).toEqual({ apiKey: 'f', username: 'fu', password: 'fp' });
    expect(givenCredentials({}, {})).toEqual({ apiKey: undefined, username: undefined, password: undefined });
  });

  it('uses the fallback key only when nothing at all was given (a lone password counts)', () => {
    expect(parse(HOST, {}, 'demo').target.auth.apiKey).toBe('demo');
    expect(parse({ ...HOST, apiKey: 'mine' }, {}, 'demo').target.auth.apiKey).toBe('mine');
    expect(parse({ ...HOST, password: 'pw' }, {}, 'demo').target.auth.apiKey).toBeUndefined();
    expect(parse({ ...HOST, username: 'admin' }, {}, 'demo').target.auth.apiKey).toBeUndefined();
  });

  it('wants a username and a password together, and never repeats either in the problem', () => {
    for (const raw of [{ username: 'admin-secret' }, { password: 'pw-secret' }]) {
      const { problems } = parse({ ...HOST, ...raw });
      expect(problems).toEqual(['--username and --password go together']);
    }
    expect(parse({ ...HOST, username: 'admin', password: 'pw' }).problems).toEqual([]);
  });

  it('has the default header and login path, and keeps given ones', () => {
    expect(parse(HOST).target.auth).toEqual({ apiKey: undefined, username: undefined, password: undefined, apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' });
    expect(parse({ ...HOST, apiKeyHeader: 'Authorization-Key', loginPath: '/auth/login' })).toMatchObject({ target: { auth: { apiKeyHeader: 'Authorization-Key', loginPath: '/auth/login' } }, problems: [] });
  });

  it('wants a login path starting with / and a header made of token characters', () => {
    expect(parse({ ...HOST, loginPath: 'api/token/' }).problems).toEqual(["--login-path wants a path starting with /, got 'api/token/'"]);
    for (const header of ['bad header', 'X:Key', '', 'Ключ']) {
      expect(parse({ ...HOST, apiKeyHeader: header }).problems).toEqual([`--api-key-header wants an HTTP header name, got '${header}'`]);
    }
    expect(parse({ ...HOST, apiKeyHeader: "!#$%&'*+.^_`|~09azAZ-" }).problems).toEqual([]);
  });
});

describe('--request-timeout and --max-redirects', () => {
  it('default to 30 s and 10 redirects', () => {
    expect(parse(HOST).target).toMatchObject({ requestTimeoutMs: 30_000, maxRedirects: 10 });
  });

  it('take a duration in milliseconds and any whole number of redirects from 0', () => {
    expect(parse({ ...HOST, requestTimeout: '1.5s', maxRedirects: '0' }).target).toMatchObject({ requestTimeoutMs: 1500, maxRedirects: 0 });
    expect(parse({ ...HOST, requestTimeout: '250ms' }).target.requestTimeoutMs).toBe(250);
  });

  it('refuse a zero deadline, a non-duration and a negative count, falling back to the defaults', () => {
    const zero = parse({ ...HOST, requestTimeout: '0s' });
    expect(zero.problems).toEqual(["--request-timeout must be longer than 0s, got '0s'"]);
    expect(zero.target.requestTimeoutMs).toBe(30_000);
    const bad = parse({ ...HOST, requestTimeout: 'soon', maxRedirects: '-1' });
    expect(bad.problems).toEqual(["--request-timeout wants a duration like 90s, 10m or 1h30m, got 'soon'", "--max-redirects wants a whole number >= 0, got '-1'"]);
    expect(bad.target).toMatchObject({ requestTimeoutMs: 30_000, maxRedirects: 10 });
  });
});

describe('--insecure and --http2', () => {
  it('appear in the transport only when switched on', () => {
    expect(parse(HOST).target.transport).toEqual({});
    expect(parse({ ...HOST, insecure: false, http2: false }).target.transport).toEqual({});
    expect(parse({ ...HOST, insecure: true }).target.transport).toEqual({ insecure: true });
    expect(parse({ ...HOST, http2: true }).target.transport).toEqual({ http2: true });
  });
});

describe('the flags', () => {
  it('are in the "Target and auth" group, each described, the defaults named in the help', () => {
    const options = targetAuthOptions();
    expect(options.map((o) => o.long)).toEqual(['--host', '--api-key', '--api-key-header', '--username', '--password', '--login-path', '--request-timeout', '--max-redirects', '--insecure', '--http2']);
    const help = expectGroup(options, 'Target and auth:');
    for (const value of Object.values(TARGET_AUTH_DEFAULTS)) expect(help).toContain(`(default ${value})`);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDuration, formatDuration } from '../../src/config/duration.js';
import { redactedOptions } from '../../src/config/run-config.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { parseTargetAuth } from '../../src/config/target-auth.js';
import { Problems } from '../../src/config/problems.js';
import { parseThreshold } from '../../src/config/thresholds.js';
import { UsageError } from '../../src/errors.js';

describe('durations', () => {
  it('reads Locust-style run times', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('45')).toBe(45);
  });
  it('refuses what is not a duration', () => {
    expect(parseDuration('ten minutes')).toBeNull();
    expect(parseDuration('10x')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });
  it('shows durations back compactly', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('thresholds', () => {
  it('reads aggregate percentiles and error rates', () => {
    expect(parseThreshold('p95<500')).toMatchObject({ target: 'Aggregated', kind: 'percentile', percentile: 95, comparator: '<', limit: 500 });
    expect(parseThreshold('errors<0.1%')).toMatchObject({ kind: 'errors', limit: 0.1 });
    expect(parseThreshold('p99<1.5s')).toMatchObject({ limit: 1500 });
  });
  it('reads per-name thresholds whose names contain colons and brackets', () => {
    expect(parseThreshold('GET /api/search/:p99<300')).toMatchObject({ target: 'GET /api/search/', percentile: 99, limit: 300 });
    expect(parseThreshold('PAGE /dashboard/ [cold]:p95<2000')).toMatchObject({ target: 'PAGE /dashboard/ [cold]' });
  });
  it('explains a malformed threshold', () => {
    expect(parseThreshold('p95 under 500')).toMatch(/expected/);
    expect(parseThreshold('rps>10%')).toMatch(/% only applies to errors/);
  });
});

describe('run options', () => {
  const env = {};
  it('builds a closed-model config with Locust defaults and names', () => {
    const config = buildRunConfig({ host: 'http://127.0.0.1:8000/', users: '50', spawnRate: '5', runTime: '1m' }, env);
    expect(config.host).toBe('http://127.0.0.1:8000');
    expect(config.model).toEqual({ kind: 'closed', users: 50, spawnRate: 5 });
    expect(config.runTimeS).toBe(60);
  });
  it('builds an open model from an arrival rate or stages', () => {
    const constant = buildRunConfig({ host: 'http://h', arrivalRate: '200', maxUsers: '50', runTime: '20s' }, env);
    expect(constant.model).toMatchObject({ kind: 'open', startRate: 200, maxUsers: 50, stages: [{ durationS: 20, rate: 200 }] });
    const ramp = buildRunConfig({ host: 'http://h', stages: '10s:100,1m:100,10s:0' }, env);
    expect(ramp.model).toMatchObject({ kind: 'open', startRate: 0, stages: [{ durationS: 10, rate: 100 }, { durationS: 60, rate: 100 }, { durationS: 10, rate: 0 }] });
  });
  it('lets the stages set the run length when -t is not given', () => {
    expect(buildRunConfig({ host: 'http://h', stages: '10s:100,1m:100,10s:0' }, env).runTimeS).toBe(80);
    expect(buildRunConfig({ host: 'http://h', stages: '10s:100,1m:100,10s:0', warmup: '10s' }, env).runTimeS).toBe(70);
    expect(buildRunConfig({ host: 'http://h', stages: '10s:100', runTime: '5s' }, env).runTimeS).toBe(5);
  });
  it('keeps a host base path, like Locust', () => {
    expect(buildRunConfig({ host: 'http://127.0.0.1:8000/erp/' }, env).host).toBe('http://127.0.0.1:8000/erp');
  });
  it('refuses values that would fail every request later', () => {
    expect(() => buildRunConfig({ host: 'http://h', loginPath: 'api/token/' }, env)).toThrow(/--login-path/);
    expect(() => buildRunConfig({ host: 'http://h', apiKeyHeader: 'bad header' }, env)).toThrow(/--api-key-header/);
    expect(() => buildRunConfig({ host: 'http://h', users: '0', browserUsers: '0' }, env)).toThrow(/nothing to run/);
  });
  it('reports every problem at once, each naming its flag', () => {
    let error: unknown;
    try {
      buildRunConfig({ users: 'many', runTime: 'soon', threshold: ['p95 under 500'], views: 'hot' }, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toMatch(/^5 problems: /);
    for (const flag of ['--host', '--users', '--run-time', '--threshold', '--views']) expect(message).toContain(flag);
    expect(message).not.toContain('\n');
  });
  it('takes credentials from the Locust environment and redacts them', () => {
    const config = buildRunConfig({ host: 'http://h' }, { LOCUST_API_KEY: 'k-secret', LOCUST_USERNAME: 'admin', LOCUST_PASSWORD: 'p-secret' });
    expect(config.auth).toMatchObject({ apiKey: 'k-secret', username: 'admin', password: 'p-secret' });
    const written = JSON.stringify(redactedOptions(config));
    expect(written).not.toContain('k-secret');
    expect(written).not.toContain('p-secret');
    expect(written).toContain('[redacted]');
  });
  it('adds the seed goals as thresholds', () => {
    const config = buildRunConfig({ host: 'http://h', seedGoals: true }, env);
    expect(config.thresholds.map((t) => t.expression)).toEqual(['API:p95<500', 'API:errors<0.1%']);
  });
});

describe('option groups', () => {
  const env = {};
  it('reports the problems of every group at once, in one line', () => {
    let message = '';
    try {
      buildRunConfig({ host: 'http://h', apiKeyHeader: 'bad header', spawnRate: '0', browserSpawnRate: 'fast', threshold: ['p95 under 500'], maxNames: '0', url: ['health'] }, env);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^6 problems: /);
    for (const flag of ['--api-key-header', '--spawn-rate', '--browser-spawn-rate', 'expected', '--max-names', '--url']) expect(message).toContain(flag);
    expect(message).not.toContain('\n');
  });
  it('validates the browser users once, in the browser group (the pool trusts it)', () => {
    expect(() => buildRunConfig({ host: 'http://h', browserUsers: '1.5', views: 'hot' }, env)).toThrow(
      "2 problems: --browser-users wants a whole number >= 0, got '1.5'; --views takes cold and/or warm, got 'hot'",
    );
    expect(() => buildRunConfig({ host: 'http://h', views: ',' }, env)).toThrow('--views needs cold, warm or both');
  });
  it('takes each model\'s problems from beside its executor', () => {
    expect(() => buildRunConfig({ host: 'http://h', arrivalRate: '10', users: '5' }, env)).toThrow(/--users is the closed model/);
    expect(() => buildRunConfig({ host: 'http://h', maxUsers: '5' }, env)).toThrow(/--max-users\/--max-backlog need --arrival-rate/);
    expect(() => buildRunConfig({ host: 'http://h', stages: '10s:fast' }, env)).toThrow(/--stages wants DURATION:RATE/);
  });
});

describe('credential precedence', () => {
  const parse = (raw: Parameters<typeof parseTargetAuth>[0], env: NodeJS.ProcessEnv, fallback?: string) => {
    const problems = new Problems();
    const { auth } = parseTargetAuth({ host: 'http://h', ...raw }, env, problems, fallback);
    problems.throwIfAny();
    return auth;
  };
  it('prefers flags to the environment, LOCUST_* to BROWSE_LOAD_* for the login', () => {
    expect(parse({ apiKey: 'flag' }, { BROWSE_LOAD_API_KEY: 'env' }).apiKey).toBe('flag');
    expect(parse({}, { BROWSE_LOAD_API_KEY: 'bl', LOCUST_API_KEY: 'locust' }).apiKey).toBe('bl');
    expect(parse({}, { LOCUST_USERNAME: 'l', BROWSE_LOAD_USERNAME: 'b', BROWSE_LOAD_PASSWORD: 'p' })).toMatchObject({ username: 'l', password: 'p' });
  });
  it('lets the fallback key stand in only when no credential came from a flag or any variable', () => {
    expect(parse({}, {}, 'demo').apiKey).toBe('demo');
    expect(parse({}, { BROWSE_LOAD_USERNAME: 'admin', BROWSE_LOAD_PASSWORD: 'pw' }, 'demo')).toMatchObject({ apiKey: undefined, username: 'admin' });
    expect(parse({ username: 'admin', password: 'pw' }, {}, 'demo').apiKey).toBeUndefined();
    expect(parse({}, { LOCUST_API_KEY: 'mine' }, 'demo').apiKey).toBe('mine');
  });
  it('wants a username and a password together, from wherever they come', () => {
    expect(() => parse({}, { BROWSE_LOAD_USERNAME: 'admin' })).toThrow('--username and --password go together');
  });
});

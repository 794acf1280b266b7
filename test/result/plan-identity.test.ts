import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRunOptions, RunConfig } from '../../src/config/run-config.js';
import { planHash, planIdentity, planRecord, startStamp } from '../../src/result/plan-identity.js';
import { TOOL_VERSION } from '../../src/version.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { tempDir } from '../helpers.js';

const env = { BROWSE_LOAD_API_KEY: 'k' };
const base: RawRunOptions = { host: 'http://127.0.0.1:8000', arrivalRate: '300', runTime: '8s', startAt: '2026-12-01T12:00:00Z' };
const identity = (raw: RawRunOptions, flowSource = '--url') => planIdentity(buildRunConfig({ ...base, ...raw }, env), flowSource);

describe('the plan identity every shard computes alone', () => {
  it('is the same for every shard of a plan, whatever its index, host address or outputs', () => {
    const shards = ['1/3', '2/3', '3/3'].map((shard, i) => identity({ url: ['/health'], shard, host: `http://10.0.0.${i + 1}:8000`, resultsDir: `/r/${i}` }));
    expect(new Set(shards.map((s) => s.planHash)).size).toBe(1);
    expect(new Set(shards.map((s) => s.runId))).toEqual(new Set([`20261201-120000Z-${shards[0].planHash.slice(0, 8)}`]));
  });

  it('differs when the plan does: rate, run time, thresholds, shard count or weights, start, the flow file\'s text', () => {
    const plain = identity({ url: ['/health'], shard: '1/3' }).planHash;
    const others = [
      { arrivalRate: '301' }, { runTime: '9s' }, { threshold: ['p95<500'] }, { shard: '1/4' }, { shardWeights: '2,1,1' }, { startAt: '2026-12-01T12:00:01Z' },
    ].map((change) => identity({ url: ['/health'], shard: '1/3', ...change }).planHash);
    expect(new Set([plain, ...others]).size).toBe(others.length + 1);

    const file = join(tempDir('bl-plan-'), 'flow.ts');
    writeFileSync(file, 'export default 1;\n');
    const first = identity({ flows: file }, file).planHash;
    writeFileSync(file, 'export default 2;\n');
    expect(identity({ flows: file }, file).planHash).not.toBe(first);
  });

  it('takes --run-id when given', () => {
    expect(identity({ url: ['/health'], runId: 'study-7' }).runId).toBe('study-7');
  });
});

/** A whole RunConfig written out, so that every field of the plan can be set and read back. */
function config(over: Partial<RunConfig> = {}): RunConfig {
  return {
    host: 'http://127.0.0.1:8000', model: { kind: 'closed', users: 20, spawnRate: 5 }, runTimeS: 60, warmupS: 10, stopTimeoutS: 3,
    flowFile: null, urls: ['/health'], tags: ['read'], excludeTags: ['slow'],
    auth: { apiKey: 'secret-key', apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' },
    browser: { users: 2, spawnRate: 1, views: ['cold', 'warm'] },
    thresholds: [{ expression: 'p95<500', target: 'aggregate', metric: 'p95', kind: 'percentile', percentile: 95, comparator: '<', limit: 500 }] as RunConfig['thresholds'],
    resultsDir: '/r', runId: null, csvPrefix: null, csvFullHistory: false, html: true, requestTimeoutMs: 30_000, maxRedirects: 5,
    revalidate: false, maxNames: 1000, seed: 7, workers: 2, quiet: false,
    ...over,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the plan record that is hashed', () => {
  it('holds every option that makes the plan, with the defaults written out', () => {
    expect(planRecord(config(), 'the default flow')).toStrictEqual({
      flow: 'the default flow', tool: TOOL_VERSION, urls: ['/health'], model: { kind: 'closed', users: 20, spawnRate: 5 },
      runTimeS: 60, warmupS: 10, stopTimeoutS: 3, tags: ['read'], excludeTags: ['slow'],
      browser: { users: 2, spawnRate: 1, views: ['cold', 'warm'], network: null, cpuSlowdown: 1 },
      thresholds: ['p95<500'], iterations: null, resetStatsAtS: null, seed: 7, revalidate: false, requestTimeoutMs: 30_000, maxRedirects: 5,
      shards: null, startAt: null,
    });
  });

  it('holds the options of a sharded, throttled, HTTP/2 plan that stops after its iterations', () => {
    const network = [{ profile: { name: 'slow-4g', requestLatencyMs: 150, downloadKbps: 1600, uploadKbps: 750, cpuSlowdown: 1 }, weight: 1 }];
    const file = join(tempDir('bl-plan-'), 'flow.ts');
    writeFileSync(file, 'export default 3;\n');
    const record = planRecord(config({
      flowFile: file, browser: { users: 1, spawnRate: 1, views: ['cold'], network, cpuSlowdown: 4 }, iterations: 100, resetStatsAtS: 4,
      http2: true, revalidate: true, shard: { index: 1, count: 3, weights: [2, 1, 1] }, startAt: { epochMs: 1_700_000_000_000, lateStart: 'fail' },
    }), 'not this');
    expect(record).toMatchObject({
      flow: 'export default 3;\n', browser: { users: 1, spawnRate: 1, views: ['cold'], network, cpuSlowdown: 4 }, iterations: 100, resetStatsAtS: 4,
      http2: true, revalidate: true, shards: { count: 3, weights: [2, 1, 1] }, startAt: 1_700_000_000_000,
    });
  });

  it("is hashed as its JSON, and leaves out the shard's index, host, credentials, outputs and workers", () => {
    const plan = config({ shard: { index: 0, count: 2, weights: [1, 1] } });
    expect(planHash(plan, 'f')).toBe(sha256(JSON.stringify(planRecord(plan, 'f'))));
    const elsewhere = config({
      shard: { index: 1, count: 2, weights: [1, 1] }, host: 'http://10.0.0.2:8000', auth: { username: 'u', password: 'p', apiKeyHeader: 'X-API-Key', loginPath: '/l/' },
      resultsDir: '/other', runId: 'x', csvPrefix: 'p', html: false, workers: 1, quiet: true, maxNames: 5,
      browser: { ...plan.browser, executablePath: '/usr/bin/chromium', trace: 'on-failure' },
    });
    expect(planHash(elsewhere, 'f')).toBe(planHash(plan, 'f'));
  });
});

describe('the run id of a plan', () => {
  it('starts with the planned start in UTC, to the second', () => {
    expect(startStamp(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('20260304-050607Z');
  });

  it('is the planned start and the first eight hex digits of the hash, or a run id of the clock without a planned start', () => {
    const planned = config({ startAt: { epochMs: Date.parse('2026-03-04T05:06:07Z'), lateStart: 'join' } });
    expect(planIdentity(planned, 'f')).toEqual({ runId: `20260304-050607Z-${planHash(planned, 'f').slice(0, 8)}`, planHash: planHash(planned, 'f') });
    expect(planIdentity(config(), 'f').runId).toMatch(/^\d{8}-\d{6}$/);
    expect(planIdentity(config({ runId: 'mine' }), 'f').runId).toBe('mine');
  });
});

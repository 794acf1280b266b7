import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRunOptions } from '../../src/config/run-config.js';
import { planIdentity } from '../../src/result/plan-identity.js';
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

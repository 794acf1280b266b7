/**
 * `--shard`, `--shard-weights`, `--start-at` and `--late-start` at their edges: the forms each
 * takes, every refusal's whole message, and nothing in the options unless asked for.
 */
import { describe, expect, it } from 'vitest';
import { parseShardOptions, type ShardRaw, shardOptions } from '../../src/config/shard-options.js';
import { expectGroup, withProblems } from './helpers.js';

const parse = (raw: ShardRaw, env: NodeJS.ProcessEnv = {}) => withProblems((problems) => parseShardOptions(raw, env, problems));

describe('--shard', () => {
  it('is absent unless given; 1/1 and a spaced I/N are shards', () => {
    expect(parse({})).toEqual({ value: {}, problems: [] });
    expect(parse({ shard: '1/1' }).value).toEqual({ shard: { index: 0, count: 1, weights: [1] } });
    expect(parse({ shard: ' 3/3 ' }).value.shard).toEqual({ index: 2, count: 3, weights: [1, 1, 1] });
    expect(parse({ shard: '10/12', shardWeights: '10,1,1,1,1,1,1,1,1,1,1,1' }).value.shard).toMatchObject({ index: 9, count: 12, weights: [10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
  });

  it('refuses what is not I/N with N ≥ 1, and an I beyond N', () => {
    for (const shard of ['1/0', 'a/3', '1-3', '/3', '1/', '-1/3', 'auto/0', '1/3x', 'x1/3']) {
      expect(parse({ shard }).problems, shard).toEqual([`--shard wants I/N with 1 ≤ I ≤ N (or auto/N), got '${shard}'`]);
    }
    expect(parse({ shard: '4/3' }).problems).toEqual(['--shard 4/3: shard 4 is not among 1…3']);
  });

  it('takes auto/N from a whole JOB_COMPLETION_INDEX, naming a bad one', () => {
    expect(parse({ shard: 'auto/2' }, { JOB_COMPLETION_INDEX: '0' }).value.shard).toEqual({ index: 0, count: 2, weights: [1, 1] });
    expect(parse({ shard: 'auto/12' }, { JOB_COMPLETION_INDEX: '11' }).value.shard?.index).toBe(11);
    expect(parse({ shard: 'auto/2' }, { JOB_COMPLETION_INDEX: 'one' }).problems).toEqual(["--shard auto/2 reads JOB_COMPLETION_INDEX (0-based), which is 'one'"]);
    expect(parse({ shard: 'auto/2' }, { JOB_COMPLETION_INDEX: '-1' }).problems).toEqual(["--shard auto/2 reads JOB_COMPLETION_INDEX (0-based), which is '-1'"]);
    expect(parse({ shard: 'auto/2' }, { JOB_COMPLETION_INDEX: '1x' }).value).toEqual({});
  });
});

describe('--shard-weights', () => {
  it('takes one whole number ≥ 1 per shard, spaces around each', () => {
    expect(parse({ shard: '2/3', shardWeights: ' 2, 1 ,5' }).value.shard).toEqual({ index: 1, count: 3, weights: [2, 1, 5] });
  });

  it('refuses zero, fractions, words and the wrong count, keeping equal weights', () => {
    for (const shardWeights of ['0,1', '1.5,1', '1,x', '1', '1,1,1', '1,,1', '']) {
      const { value, problems } = parse({ shard: '1/2', shardWeights });
      expect(problems, shardWeights).toEqual([`--shard-weights wants 2 whole numbers ≥ 1 (one per shard), got '${shardWeights}'`]);
      expect(value.shard?.weights).toEqual([1, 1]);
    }
  });

  it('needs --shard, even when --shard itself was refused', () => {
    expect(parse({ shardWeights: '1,1' }).problems).toEqual(['--shard-weights needs --shard']);
    expect(parse({ shard: '0/2', shardWeights: '1,1' }).problems).toEqual(['--shard 0/2: shard 0 is not among 1…2', '--shard-weights needs --shard']);
  });
});

describe('--start-at and --late-start', () => {
  it('takes RFC 3339 with T, t or a space, Z or z, an offset and fractions', () => {
    const noon = Date.UTC(2026, 11, 1, 12);
    for (const startAt of ['2026-12-01T12:00:00Z', '2026-12-01t12:00:00z', '2026-12-01 12:00:00Z', '2026-12-01T07:00:00-05:00', '2026-12-01T12:00:00.000Z']) {
      expect(parse({ startAt }).value, startAt).toEqual({ startAt: { epochMs: noon, lateStart: 'join' } });
    }
  });

  it('refuses a time without a zone, a date alone, an impossible date and text around', () => {
    for (const startAt of ['2026-12-01T12:00:00', '2026-12-01', '2026-13-01T12:00:00Z', 'at 2026-12-01T12:00:00Z', '2026-12-01T12:00:00Z!', '1764590400000']) {
      expect(parse({ startAt }), startAt).toEqual({ value: {}, problems: [`--start-at wants an RFC 3339 time like 2026-12-01T12:00:00Z, got '${startAt}'`] });
    }
  });

  it('joins late by default or as asked, fails as asked, and wants --start-at', () => {
    const startAt = '2026-12-01T12:00:00Z';
    expect(parse({ startAt, lateStart: 'join' }).value.startAt?.lateStart).toBe('join');
    expect(parse({ startAt, lateStart: 'fail' }).value.startAt?.lateStart).toBe('fail');
    expect(parse({ lateStart: 'join' }).problems).toEqual(['--late-start needs --start-at']);
    expect(parse({ lateStart: 'later' }).problems).toEqual(["--late-start wants join or fail, got 'later'"]);
  });

  it('are flags of the "Beyond one machine" group', () => {
    expect(shardOptions().map((o) => o.long)).toEqual(['--shard', '--shard-weights', '--start-at', '--late-start']);
    expect(expectGroup(shardOptions(), 'Beyond one machine:')).toContain('auto/N takes I from JOB_COMPLETION_INDEX + 1');
  });
});
